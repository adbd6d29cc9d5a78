/**
 * The read function's logger, in a module of its own: the handler imports
 * it with `import()` on the first line it logs (see `logServerErrors` in
 * `api-handler.ts`), and a module with this one export keeps Powertools'
 * metrics, which `observability.ts` also builds, out of that chunk.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { createLogger } from '../shared/observability.ts';

/** A logger for the read function. */
export function createApiLogger(): Logger {
  return createLogger('api');
}
