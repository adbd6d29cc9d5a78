/**
 * The resume command `dropwire reprocess` prints: the flags of the run,
 * and a start key quoted for a POSIX shell whatever it holds.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { resumeCommand, shellQuote } from '../../../bin/cli/reprocess.ts';

describe('Function: resumeCommand', () => {
  it('repeats the run with --start-after, AWS flags included', () => {
    // Act
    const command = resumeCommand({
      prefix: 'feeds/',
      startAfter: 'feeds/0412.jsonl',
      bucket: 'drop-1',
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/ingest',
    });

    // Assess
    expect(command).toBe(
      'npx dropwire reprocess --prefix feeds/ --start-after feeds/0412.jsonl --bucket drop-1 --queue-url https://sqs.eu-west-1.amazonaws.com/123456789012/ingest'
    );
  });
});

describe('Function: shellQuote', () => {
  it.each(['a b.txt', "it's $HOME/`x`.txt", 'ünï/cödé;rm -rf', "'"])(
    'quotes %j so that a shell reads it back as it is',
    (key) => {
      // Act
      const { stdout } = spawnSync(
        'sh',
        ['-c', `printf %s ${shellQuote(key)}`],
        {
          encoding: 'utf8',
        }
      );

      // Assess
      expect(stdout).toBe(key);
    }
  );
});
