/**
 * An ingest test bed: a table and a bucket of one test file's own on the
 * local servers, the real ingest handler over them (continuations sent
 * nowhere unless the test takes them) and a reader of what it stored. It registers its own
 * `beforeAll`, so a test file needs one line:
 *
 * ```ts
 * const bed = ingestBed();
 * // in a test: const { ingest, reader } = bed.setup();
 * ```
 */
import type { SQSEvent } from 'aws-lambda';
import { beforeAll } from 'vitest';
import { readStore } from '../../functions/api/dependencies.ts';
import { ingestDependencies } from '../../functions/ingest/dependencies.ts';
import type { ParsingFactory } from '../../functions/ingest/file-parsing.ts';
import { createIngestHandler } from '../../functions/ingest/ingest-handler.ts';
import type { ContinuationQueue } from '../../functions/store/continuation-queue.ts';
import {
  createTestBucket,
  createTestTable,
  lambdaContext,
  localClients,
} from './aws.ts';

/** What {@link ingestBed} gives a test file. */
export interface IngestBed {
  readonly s3: ReturnType<typeof localClients>['s3'];
  readonly dynamoDb: ReturnType<typeof localClients>['dynamoDb'];
  /** The bed's table (set once `beforeAll` has run). */
  readonly tableName: string;
  /** The bed's bucket (set once `beforeAll` has run). */
  readonly bucket: string;
  /**
   * A handler over the bed, and a reader of its table; `parsing` says
   * where files are parsed (default: in this thread, as in the Lambda).
   */
  setup(options?: {
    readonly parsing?: ParsingFactory;
    /** Where continuations and reprocess requests go (default: nowhere). */
    readonly continuations?: ContinuationQueue;
  }): {
    readonly reader: ReturnType<typeof readStore>;
    readonly ingest: (
      event: SQSEvent
    ) => ReturnType<ReturnType<typeof createIngestHandler>>;
  };
}

/** A table, a bucket and the ingest handler of one test file. */
export function ingestBed(): IngestBed {
  const { s3, dynamoDb } = localClients();
  let tableName = '';
  let bucket = '';
  beforeAll(async () => {
    [tableName, bucket] = await Promise.all([
      createTestTable(dynamoDb),
      createTestBucket(s3),
    ]);
  });
  return {
    s3,
    dynamoDb,
    get tableName() {
      return tableName;
    },
    get bucket() {
      return bucket;
    },
    setup(options = {}) {
      const deps = ingestDependencies(
        { s3, dynamoDb },
        { tableName, maxObjectBytes: 64 * 1024 * 1024 }
      );
      const handler = createIngestHandler({
        ...deps,
        continuations: options.continuations ?? {
          send: async () => undefined,
        },
        parsing: options.parsing,
      });
      return {
        reader: readStore({ dynamoDb }, { tableName }),
        ingest: (event: SQSEvent) => handler(event, lambdaContext()),
      };
    },
  };
}
