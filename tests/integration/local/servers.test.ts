/**
 * The local servers as local mode starts them: DynamoDB Local listens on
 * the loopback address only; a port in use is one clear error.
 */

import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  PortInUseError,
  startDynamoDbLocal,
  startS3Server,
} from '../../../bin/local/servers.ts';
import { testTempDir } from '../../support/temp-dir.ts';

/**
 * The local addresses of the sockets listening on `port`, from Linux's
 * socket tables (`/proc/net/tcp`, `tcp6`): hex, as the kernel writes them.
 */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
    readFileSync(table, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/u))
      // st 0A: LISTEN
      .filter(
        (fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A'
      )
      .map((fields) => (fields[1] as string).split(':')[0] as string)
  );
}

/** 127.0.0.1 as IPv4 and as an IPv4-mapped IPv6 address. */
const LOOPBACK_HEX = ['0100007F', '0000000000000000FFFF00000100007F'];

describe('Function: startDynamoDbLocal', () => {
  it('listens on 127.0.0.1 only', async () => {
    // Act
    const server = await startDynamoDbLocal();
    try {
      // Assess
      expect(server.loopbackOnly).toBe(true);
      const addresses = listeningAddresses(server.port);
      expect(addresses.length).toBeGreaterThan(0);
      for (const address of addresses) expect(LOOPBACK_HEX).toContain(address);
    } finally {
      await server.stop();
    }
  });
});

describe('Function: startS3Server', () => {
  it('throws PortInUseError, naming the port, when the port is taken', async () => {
    // Prepare
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as { port: number };

    // Act
    const started = startS3Server({ directory: testTempDir('s3'), port });

    // Assess
    try {
      await expect(started).rejects.toThrow(PortInUseError);
      await expect(started).rejects.toThrow(`port ${port}`);
    } finally {
      taken.close();
    }
  });
});
