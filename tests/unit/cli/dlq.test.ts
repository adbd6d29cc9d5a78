/**
 * `dropwire dlq`: the local stack's dead letters, with the keys they name.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dlqCommand, NoLocalStackError } from '../../../bin/cli/dlq.ts';
import { toNotification } from '../../../bin/local/event-bridge.ts';
import { testTempDir } from '../../support/temp-dir.ts';

/** A folder as a local stack leaves it (it makes `dynamodb/` at start). */
function stackDataDir(): string {
  const dataDir = testTempDir('dlq');
  mkdirSync(join(dataDir, 'dynamodb'));
  return dataDir;
}

describe('Function: dlqCommand', () => {
  it('lists each dead letter with the object keys its message names', () => {
    // Prepare
    const dataDir = stackDataDir();
    const body = toNotification(
      {
        Records: [
          {
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: 'drop' }, object: { key: 'a b.txt' } },
          },
        ],
      },
      'drop'
    );
    const letter = {
      id: 'm-1',
      body,
      receiveCount: 5,
      lastError: 'DynamoDB is down',
      deadLetteredAt: '2026-11-27T10:00:00.000Z',
    };
    writeFileSync(join(dataDir, 'dead-letters.json'), JSON.stringify([letter]));

    // Act
    const letters = dlqCommand(dataDir);

    // Assess
    expect(letters).toEqual([{ ...letter, keys: ['a b.txt'] }]);
  });

  it('is empty when the stack kept no dead letters', () => {
    // Act
    const letters = dlqCommand(stackDataDir());

    // Assess
    expect(letters).toEqual([]);
  });

  it('throws when the folder does not exist, rather than saying "no dead letters"', () => {
    // Prepare
    const missing = join(testTempDir('dlq'), 'not-here');

    // Act & Assess
    expect(() => dlqCommand(missing)).toThrow(NoLocalStackError);
    expect(() => dlqCommand(missing)).toThrow(
      `there is no local stack in ${missing}: the folder does not exist`
    );
  });

  it('throws for a folder no local stack ran in', () => {
    // Act & Assess
    expect(() => dlqCommand(testTempDir('dlq'))).toThrow(
      'it holds no local mode data'
    );
  });
});
