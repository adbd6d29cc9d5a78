/**
 * `dropwire dlq`: the local stack's dead letters, with the keys they name.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dlqCommand } from '../../../bin/cli/dlq.ts';
import { toNotification } from '../../../bin/local/event-bridge.ts';
import { testTempDir } from '../../support/temp-dir.ts';

describe('Function: dlqCommand', () => {
  it('lists each dead letter with the object keys its message names', () => {
    // Prepare
    const dataDir = testTempDir('dlq');
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
    const letters = dlqCommand(testTempDir('dlq'));

    // Assess
    expect(letters).toEqual([]);
  });
});
