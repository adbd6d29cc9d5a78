/**
 * Keys built from input stay within DynamoDB's key limits (partition key
 * 2,048 bytes, sort key 1,024 bytes), through the real ingest handler on
 * the local servers: a 3,000-character publisher, a 1,024-byte object key.
 */
import { describe, expect, it } from 'vitest';
import { sqsEvent, sqsRecord, upload } from '../../support/aws.ts';
import { jsonLine, jsonLines } from '../../support/formats.ts';
import { ingestBed } from '../../support/ingest-bed.ts';

const bed = ingestBed();
const { s3 } = bed;

describe('Handler: keys built from input', () => {
  it('stores and lists by publisher an entry with a 3,000-character publisher', async () => {
    // Prepare
    const { ingest, reader } = bed.setup();
    const publisher = `The ${'Very '.repeat(598)}Long Gazette`;
    const other = `${publisher.slice(0, -7)}Herald`;
    const object = await upload(s3, {
      Bucket: bed.bucket,
      Key: 'bounds/publisher.jsonl',
      Body: `${jsonLine(1, { publisher })}\n${jsonLine(2, { publisher: other })}\n`,
    });

    // Act
    const response = await ingest(sqsEvent(sqsRecord(object)));

    // Assess
    expect(publisher.length).toBeGreaterThan(3000);
    expect(response.batchItemFailures).toEqual([]);
    const record = await reader.getFileRecord(
      bed.bucket,
      'bounds/publisher.jsonl'
    );
    expect(record).toMatchObject({
      status: 'stored',
      counts: { found: 2, stored: 2 },
    });
    const article = await reader.getArticle(record?.articleIds[0] ?? '');
    expect(article?.publisher).toBe(publisher);
    // Distinct long publishers that share their first 2,000 bytes stay
    // distinct; case and outer spaces do not matter, as for short ones.
    const page = await reader.listArticles({
      publisher: `  ${publisher.toUpperCase()} `,
      limit: 10,
    });
    expect(page.items.map((a) => a.id)).toEqual([record?.articleIds[0]]);
    const herald = await reader.listArticles({ publisher: other, limit: 10 });
    expect(herald.items.map((a) => a.id)).toEqual([record?.articleIds[1]]);
  });

  it('stores a file whose key is 1,024 bytes and keeps its record readable', async () => {
    // Prepare
    const { ingest, reader } = bed.setup();
    // Segments under 255 bytes: s3rver keeps keys as file paths.
    // 7 + 4 × 201 + 213 bytes: 'é' is two bytes of UTF-8.
    const key = `bounds/${`${'é'.repeat(100)}/`.repeat(4)}${'k'.repeat(213)}`;
    const object = await upload(s3, {
      Bucket: bed.bucket,
      Key: key,
      Body: jsonLines(10, 12),
    });

    // Act
    const response = await ingest(sqsEvent(sqsRecord(object)));

    // Assess
    expect(Buffer.byteLength(object.key)).toBe(1024);
    expect(response.batchItemFailures).toEqual([]);
    const record = await reader.getFileRecord(bed.bucket, object.key);
    expect(record).toMatchObject({
      key: object.key,
      status: 'stored',
      counts: { found: 2, stored: 2 },
    });
    const files = await reader.listFiles({ bucket: bed.bucket, limit: 100 });
    expect(files.items.map((f) => f.key)).toContain(object.key);
  });
});
