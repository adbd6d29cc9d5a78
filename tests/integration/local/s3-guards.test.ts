/**
 * Local S3 (s3rver with local mode's guards) against the real SDK: keys
 * the file system cannot hold as one name, keys S3 refuses, file system
 * errors, and If-Match.
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createTestBucket, localClients } from '../../support/aws.ts';

const { s3 } = localClients();
const bucket = await createTestBucket(s3);

const put = (key: string, body = 'hello') =>
  s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
const read = async (key: string) => {
  const { Body } = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: key })
  );
  return Body?.transformToString();
};
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: Error & { $metadata?: { httpStatusCode?: number } }) => ({
      name: error.name,
      status: error.$metadata?.httpStatusCode,
    })
  );

describe('Local S3: keys', () => {
  it('stores, reads and lists a 1,000-byte key of one segment', async () => {
    // Prepare: 1,000 bytes, multi-byte characters across the cut points
    const key = `long/${'é'.repeat(300)}${'z'.repeat(395)}`;
    expect(Buffer.byteLength(key)).toBe(1000);

    // Act
    await put(key, 'long one');
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'long/éé' })
    );

    // Assess
    expect(await read(key)).toBe('long one');
    expect(listed.Contents?.map((object) => object.Key)).toEqual([key]);
  });

  it('refuses a key over 1,024 bytes with KeyTooLongError, as S3 does', async () => {
    // Act
    const error = await failure(put('k'.repeat(1025)));

    // Assess
    expect(error).toEqual({ name: 'KeyTooLongError', status: 400 });
  });

  it('refuses a key with a ".." segment instead of writing outside the bucket', async () => {
    // Act
    const error = await failure(put('../../escaped.txt'));

    // Assess
    expect(error).toEqual({ name: 'InvalidArgument', status: 400 });
  });

  it('answers a file system error with a 500 and keeps serving', async () => {
    // Prepare: s3rver keeps `x` in the file `x._S3rver_object`; a key
    // below that name makes it a folder, so writing `x` fails (EISDIR).
    await put('clash/x._S3rver_object/inner.txt');

    // Act
    const error = await failure(put('clash/x'));

    // Assess: the request failed, the server did not
    expect(error).toEqual({ name: 'InternalError', status: 500 });
    await put('clash/after.txt', 'still here');
    expect(await read('clash/after.txt')).toBe('still here');
  });
});

describe('Local S3: If-Match', () => {
  it('answers 412 when the ETag differs, and the object when it matches', async () => {
    // Prepare
    const { ETag } = await put('match/a.txt', 'first');
    const { ETag: newer } = await put('match/a.txt', 'second');

    // Act
    const stale = await failure(
      s3.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: 'match/a.txt',
          IfMatch: ETag,
        })
      )
    );
    const staleHead = await failure(
      s3.send(
        new HeadObjectCommand({
          Bucket: bucket,
          Key: 'match/a.txt',
          IfMatch: ETag,
        })
      )
    );
    const current = await s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: 'match/a.txt',
        IfMatch: newer,
      })
    );

    // Assess
    expect(ETag).not.toBe(newer);
    expect(stale).toEqual({ name: 'PreconditionFailed', status: 412 });
    expect(staleHead?.status).toBe(412);
    expect(await current.Body?.transformToString()).toBe('second');
  });
});
