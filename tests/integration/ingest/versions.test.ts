/**
 * Versioned buckets (issue 14 §5): an ObjectCreated event whose version is
 * no longer current (superseded by a newer version, or deleted: the newest
 * version is a delete marker) is skipped, not stored. S3 still serves such
 * a version by its VersionId, which is what made it ingested before.
 *
 * s3rver has no versioning: it neither returns a VersionId nor keeps old
 * versions. What a versioned bucket answers to the HeadObject the check
 * sends (the current VersionId, or 404 for a delete marker) is injected on
 * the real client; every other request goes to the real server. That a
 * GET by VersionId returns that version's bytes after an overwrite cannot
 * be shown here (s3rver ignores VersionId).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { readStore } from '../../../functions/api/dependencies.ts';
import { ingestDependencies } from '../../../functions/ingest/dependencies.ts';
import { ingestObject } from '../../../functions/ingest/ingest-object.ts';
import { objectCreatedEvents } from '../../../functions/ingest/s3-events.ts';
import {
  createTestBucket,
  createTestTable,
  localClients,
  sqsRecord,
  type UploadedObject,
  upload,
} from '../../support/aws.ts';
import { injectFault, serviceError } from '../../support/faults.ts';
import { jsonLine } from '../../support/formats.ts';

let tableName: string;
let bucket: string;

beforeAll(async () => {
  const { s3, dynamoDb } = localClients();
  [tableName, bucket] = await Promise.all([
    createTestTable(dynamoDb),
    createTestBucket(s3),
  ]);
});

/**
 * Fresh clients whose HeadObject answers carry `currentVersion` (as a
 * versioned bucket's do), and a count of the S3 commands sent.
 */
function versionedClients(currentVersion?: string) {
  const clients = localClients();
  const sent = new Map<string, number>();
  const stack = clients.s3.middlewareStack as S3Client['middlewareStack'];
  stack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      sent.set(name, (sent.get(name) ?? 0) + 1);
      const result = await next(args);
      if (name === 'HeadObjectCommand' && currentVersion !== undefined) {
        Object.assign(result.output as object, { VersionId: currentVersion });
      }
      return result;
    },
    { step: 'initialize', name: 'versioned-bucket' }
  );
  return { ...clients, sent };
}

/** The created event of `object`, naming version `versionId`. */
function eventOf(object: UploadedObject, versionId?: string) {
  const body = JSON.parse(sqsRecord(object).body);
  if (versionId) body.Records[0].s3.object.versionId = versionId;
  const [event] = objectCreatedEvents(JSON.stringify(body));
  if (!event) throw new Error('no event in the message');
  return event;
}

async function ingest(
  clients: ReturnType<typeof versionedClients>,
  object: UploadedObject,
  versionId?: string
) {
  const deps = ingestDependencies(clients, {
    tableName,
    maxObjectBytes: 1024 * 1024,
  });
  return ingestObject(eventOf(object, versionId), {
    ...deps,
    continuations: { send: async () => undefined },
  });
}

async function put(key: string, n: number): Promise<UploadedObject> {
  return upload(localClients().s3, {
    Bucket: bucket,
    Key: key,
    Body: `${jsonLine(n)}\n`,
  });
}

function fileRecord(key: string) {
  const { dynamoDb } = localClients();
  return readStore({ dynamoDb }, { tableName }).getFileRecord(bucket, key);
}

describe('Function: ingestObject in a versioned bucket', () => {
  it('stores a version that is still current', async () => {
    // Prepare
    const clients = versionedClients('v1');
    const object = await put('versions/current.jsonl', 500);

    // Act
    const outcome = await ingest(clients, object, 'v1');

    // Assess
    expect(outcome.status).toBe('processed');
    expect(await fileRecord('versions/current.jsonl')).toMatchObject({
      status: 'stored',
      counts: { stored: 1 },
    });
    expect(clients.sent.get('HeadObjectCommand')).toBe(1);
  });

  it('skips a version a newer one superseded, without reading it', async () => {
    // Prepare
    const clients = versionedClients('v2');
    const object = await put('versions/superseded.jsonl', 501);

    // Act
    const outcome = await ingest(clients, object, 'v1');

    // Assess
    expect(outcome).toEqual({
      status: 'skipped',
      reason: `version v1 of s3://${bucket}/versions/superseded.jsonl is no longer current: version v2 superseded it`,
    });
    expect(clients.sent.get('GetObjectCommand')).toBeUndefined();
    expect(await fileRecord('versions/superseded.jsonl')).toBeUndefined();
  });

  it('skips a version whose object was deleted (a delete marker is newest)', async () => {
    // Prepare: S3 answers a HEAD of a key whose newest version is a delete
    // marker with 404, while GET by the old VersionId still succeeds.
    const clients = versionedClients();
    const object = await put('versions/deleted.jsonl', 502);
    injectFault(
      clients.s3,
      (_input, command) => command === 'HeadObjectCommand',
      () => serviceError('NotFound', 'Not Found', 404)
    );

    // Act
    const outcome = await ingest(clients, object, 'v1');

    // Assess
    expect(outcome).toEqual({
      status: 'skipped',
      reason: `version v1 of s3://${bucket}/versions/deleted.jsonl is no longer current: the object was deleted`,
    });
    expect(clients.sent.get('GetObjectCommand')).toBeUndefined();
    expect(await fileRecord('versions/deleted.jsonl')).toBeUndefined();
  });

  it('sends no HeadObject for an event without a version (unversioned bucket)', async () => {
    // Prepare
    const clients = versionedClients();
    const object = await put('versions/unversioned.jsonl', 503);

    // Act
    const outcome = await ingest(clients, object);

    // Assess
    expect(outcome.status).toBe('processed');
    expect(clients.sent.get('HeadObjectCommand')).toBeUndefined();
  });

  it('retries (throws) when the HEAD fails for another reason', async () => {
    // Prepare
    const clients = versionedClients();
    const object = await put('versions/throttled.jsonl', 504);
    injectFault(
      clients.s3,
      (_input, command) => command === 'HeadObjectCommand',
      () => serviceError('SlowDown', 'Please reduce your request rate.', 503)
    );

    // Act / Assess
    await expect(ingest(clients, object, 'v1')).rejects.toThrow(
      'Please reduce your request rate.'
    );
    expect(await fileRecord('versions/throttled.jsonl')).toBeUndefined();
  });
});
