/**
 * The read function's composition root: its store, settings and logger,
 * built from a DynamoDB client and settings in one place.
 *
 * `handler.ts` builds them from the container's client and the runtime
 * configuration; local mode, the CLI's `status`, the integration tests and
 * the benches build them from clients of their own.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ApiConfig } from '../config.ts';
import { ArticleReader } from '../store/article-reader.ts';
import { FileArticleListing } from '../store/file-articles.ts';
import type { ApiHandlerOptions } from './api-handler.ts';

/** The clients the read function talks through. */
export interface ApiClients {
  readonly dynamoDb: DynamoDBClient;
}

/** How the read function's store reads the table. */
export interface ReadStoreSettings {
  readonly tableName: string;
  /**
   * How long listings reuse the list of months, in milliseconds; local mode
   * sets 0, so a listing shows an article the moment it is stored.
   * @default 30,000 (see `ArticleListingOptions.monthsCacheTtlMs`)
   */
  readonly monthsCacheTtlMs?: number | undefined;
}

/** What the read function is built from: its part of the configuration. */
export type ApiSettings = ReadStoreSettings &
  Pick<ApiConfig, 'dropBucketName' | 'cursorSecret'> &
  Partial<Pick<ApiConfig, 'logEvents'>>;

/**
 * The read handler's dependencies.
 *
 * @example
 * ```ts
 * const handler = createApiHandler(
 *   apiDependencies({ dynamoDb }, loadApiConfig())
 * );
 * ```
 */
export function apiDependencies(
  clients: ApiClients,
  settings: ApiSettings
): ApiHandlerOptions {
  return {
    store: readStore(clients, settings),
    fileArticles: new FileArticleListing({
      client: clients.dynamoDb,
      tableName: settings.tableName,
    }),
    dropBucketName: settings.dropBucketName,
    cursorSecret: settings.cursorSecret,
    // Powertools' logger, with the code that builds it, is imported on
    // the first line the handler logs (see logServerErrors).
    logger: async () => (await import('./logger.ts')).createApiLogger(),
    logEvents: settings.logEvents ?? false,
  };
}

/**
 * The store the read API reads articles, listings and file records
 * through; `dropwire status` reads file records with it too.
 */
export function readStore(
  clients: ApiClients,
  settings: ReadStoreSettings
): ArticleReader {
  return new ArticleReader({
    client: clients.dynamoDb,
    tableName: settings.tableName,
    monthsCacheTtlMs: settings.monthsCacheTtlMs,
  });
}
