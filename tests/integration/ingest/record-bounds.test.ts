/**
 * File records stay under DynamoDB's 400 KB item limit, through the real
 * ingest handler on the local servers, whatever the file holds: zip
 * entries with 60,000-character names, thousands of problems with long
 * messages. What a record leaves out is counted.
 */
import { describe, expect, it } from 'vitest';
import { fileRecordItem } from '../../../functions/store/file-item.ts';
import {
  MAX_FILE_RECORD_BYTES,
  MAX_LISTED_PROBLEMS,
} from '../../../functions/store/file-record.ts';
import { itemSizeBytes } from '../../../functions/store/item-size.ts';
import { sqsEvent, sqsRecord, upload } from '../../support/aws.ts';
import { jsonLine, zipOf } from '../../support/formats.ts';
import { ingestBed } from '../../support/ingest-bed.ts';

const bed = ingestBed();
const { s3 } = bed;

describe('Handler: file records within the item limit', () => {
  it('records a zip of 25 entries with 60,000-character names', async () => {
    // Prepare: 13 articles, 12 entries with no article text; zip names
    // are at most 65,535 bytes.
    const { ingest, reader } = bed.setup();
    const files: Record<string, string> = {};
    for (let n = 0; n < 25; n++) {
      const name = `${String(n).padStart(2, '0')}/${'n'.repeat(59_990)}.jsonl`;
      files[name] = n % 2 === 0 ? `${jsonLine(300 + n)}\n` : '   \n';
    }
    const object = await upload(s3, {
      Bucket: bed.bucket,
      Key: 'bounds/long-names.zip',
      Body: zipOf(files),
    });

    // Act
    const response = await ingest(sqsEvent(sqsRecord(object)));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const record = await reader.getFileRecord(
      bed.bucket,
      'bounds/long-names.zip'
    );
    expect(record).toMatchObject({
      status: 'stored',
      counts: { found: 25, stored: 13, rejected: 12 },
    });
    expect(record?.articleIds).toHaveLength(13);
    expect(record && itemSizeBytes(fileRecordItem(record))).toBeLessThan(
      MAX_FILE_RECORD_BYTES
    );
    expect(
      (record?.problems.length ?? 0) + (record?.omittedProblems ?? 0)
    ).toBe(12);
  });

  it('records a file of 5,000 problems with long messages', async () => {
    // Prepare: every line a JSON record with no article text and a long
    // title that rejections quote.
    const { ingest, reader } = bed.setup();
    const lines: string[] = [jsonLine(400)];
    for (let n = 0; n < 5000; n++) {
      lines.push(
        JSON.stringify({ title: `${n} ${'ж'.repeat(3000)}`, body: '' })
      );
    }
    const object = await upload(s3, {
      Bucket: bed.bucket,
      Key: 'bounds/problems.jsonl',
      Body: `${lines.join('\n')}\n`,
    });

    // Act
    const response = await ingest(sqsEvent(sqsRecord(object)));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const record = await reader.getFileRecord(
      bed.bucket,
      'bounds/problems.jsonl'
    );
    expect(record).toMatchObject({
      status: 'stored',
      counts: { found: 5001, stored: 1, rejected: 5000 },
    });
    expect(record?.problems.length).toBeLessThanOrEqual(MAX_LISTED_PROBLEMS);
    expect(record && itemSizeBytes(fileRecordItem(record))).toBeLessThan(
      MAX_FILE_RECORD_BYTES
    );
  });
});
