/**
 * The drop folder against s3rver: it mirrors the bucket, deletes included,
 * and does not upload again what was deleted from the bucket (issue 15 §1).
 */
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import { watchDropFolder } from '../../../bin/local/drop-folder.ts';
import { createTestBucket, localClients } from '../../support/aws.ts';
import { testTempDir } from '../../support/temp-dir.ts';

const { s3 } = localClients();

async function exists(bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

describe('Function: watchDropFolder', () => {
  it('deletes the object of a file deleted from the folder', async () => {
    // Prepare
    const folder = testTempDir('drop');
    const bucket = await createTestBucket(s3);
    const deleted: string[] = [];
    const watcher = await watchDropFolder({
      folder,
      bucket,
      client: s3,
      settleMs: 50,
      onDelete: (key, error) => {
        if (!error) deleted.push(key);
      },
    });
    try {
      writeFileSync(join(folder, 'story.txt'), 'A story.\n\nIn two parts.');
      await vi.waitFor(
        async () => expect(await exists(bucket, 'story.txt')).toBe(true),
        {
          timeout: 5000,
        }
      );

      // Act
      rmSync(join(folder, 'story.txt'));

      // Assess
      await vi.waitFor(() => expect(deleted).toEqual(['story.txt']), {
        timeout: 5000,
      });
      expect(await exists(bucket, 'story.txt')).toBe(false);
    } finally {
      await watcher.close();
    }
  });

  it('does not upload again a file whose object was deleted from the bucket, unless it changed', async () => {
    // Prepare: two files in the folder, both "deleted from the bucket"
    // with their current content; one then changes.
    const folder = testTempDir('drop');
    const bucket = await createTestBucket(s3);
    const same = 'Deleted on purpose.';
    writeFileSync(join(folder, 'same.txt'), same);
    writeFileSync(join(folder, 'changed.txt'), 'New content.');
    const md5 = (text: string) => createHash('md5').update(text).digest('hex');
    const deletedEtags = new Map([
      ['same.txt', md5(same)],
      ['changed.txt', md5('Old content.')],
    ]);
    const uploaded: string[] = [];

    // Act: a restart.
    const watcher = await watchDropFolder({
      folder,
      bucket,
      client: s3,
      settleMs: 50,
      onUpload: (key) => uploaded.push(key),
      deletedFromBucket: async (key, hash) => deletedEtags.get(key) === hash,
    });
    try {
      // Assess
      await vi.waitFor(() => expect(uploaded).toEqual(['changed.txt']), {
        timeout: 5000,
      });
      expect(await exists(bucket, 'same.txt')).toBe(false);
    } finally {
      await watcher.close();
    }
  });
});
