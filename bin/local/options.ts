/**
 * The command line of `npm start` (bin/local.ts): its options, their
 * defaults, and the mistakes people make with it.
 *
 * npm keeps the flags before `--` for itself: `npm start --api-port 3001`
 * gives the script only `3001` (npm took `--api-port` as one of its own
 * settings), and `npm start --reset` gives it nothing at all. npm passes
 * such settings on as `npm_config_<name>` variables, so a flag of ours that
 * npm took is told apart from a typo, and the error says to add `--`.
 */
import { parseArgs } from 'node:util';
import { API_ENDPOINTS } from '../../functions/api/route-manifest.ts';
import type { LocalStackOptions } from './local-stack.ts';
import { DEFAULT_DATA_DIR } from './state.ts';

/** The DynamoDB engines local mode can run. */
export const DYNAMODB_ENGINES = ['auto', 'dynamodb-local', 'dynalite'] as const;

/** A DynamoDB engine of {@link DYNAMODB_ENGINES}. */
export type DynamoDbEngine = (typeof DYNAMODB_ENGINES)[number];

/** What `npm start` does without flags. */
export const LOCAL_DEFAULTS = {
  apiPort: API_ENDPOINTS.localPort,
  s3Port: 4569,
  dataDir: DEFAULT_DATA_DIR,
  dropDir: 'drop',
  dynamoDb: 'auto' as DynamoDbEngine,
  reset: false,
} as const;

/** The help `npm start -- --help` prints. */
export const LOCAL_HELP = `npm start [-- options]: run Dropwire locally

Options (after --, as in npm start -- --api-port 3001):
  --api-port <port>   read API port (default ${LOCAL_DEFAULTS.apiPort}; 0 picks a free one)
  --s3-port <port>    S3 endpoint port (default ${LOCAL_DEFAULTS.s3Port}; 0 picks a free one)
  --data-dir <dir>    where data is kept (default ./${LOCAL_DEFAULTS.dataDir})
  --drop-dir <dir>    the watched drop folder (default ./${LOCAL_DEFAULTS.dropDir})
  --dynamodb <engine> dynamodb-local | dynalite | auto (default auto:
                      DynamoDB Local when Java is installed)
  --reset             delete the data folder first
  -h, --help          show this help
`;

const OPTIONS = {
  'api-port': { type: 'string' },
  's3-port': { type: 'string' },
  'data-dir': { type: 'string', default: LOCAL_DEFAULTS.dataDir },
  'drop-dir': { type: 'string', default: LOCAL_DEFAULTS.dropDir },
  dynamodb: { type: 'string', default: LOCAL_DEFAULTS.dynamoDb },
  reset: { type: 'boolean', default: LOCAL_DEFAULTS.reset },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The environment, as `npm start` leaves it. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A mistake on the command line: the message says what to type instead. */
export class LocalUsageError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalUsageError';
  }
}

/** What the command line asks for. */
export type LocalCommand =
  | { readonly help: true }
  | {
      readonly help: false;
      readonly options: Required<Omit<LocalStackOptions, 'print'>>;
    };

/**
 * Parses the arguments of `npm start` (`process.argv.slice(2)`).
 *
 * @throws LocalUsageError for an unknown or malformed flag, a stray
 * argument, or a flag of ours that npm took for itself
 */
export function parseLocalArgs(
  args: readonly string[],
  env: Environment = process.env
): LocalCommand {
  const taken = flagsNpmTook(env);
  if (taken.length > 0) {
    const flags = taken.map((name) => `--${name}`).join(', ');
    throw new LocalUsageError(
      `npm took ${flags} for itself: flags before -- are npm's; put Dropwire's after it, as in npm start -- ${taken.map((name) => `--${name}${OPTIONS[name].type === 'string' ? ' <value>' : ''}`).join(' ')}`
    );
  }
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(args));
  } catch (error) {
    const through =
      env.npm_lifecycle_event === undefined
        ? ''
        : '; flags of npm start go after --, as in npm start -- --api-port 3001';
    throw new LocalUsageError(
      `${error instanceof Error ? error.message : String(error)}${through}`,
      { cause: error }
    );
  }
  if (values.help) return { help: true };
  const engine = values.dynamodb;
  if (!(DYNAMODB_ENGINES as readonly string[]).includes(engine)) {
    throw new LocalUsageError(
      `--dynamodb is "${engine}"; expected dynamodb-local, dynalite or auto`
    );
  }
  return {
    help: false,
    options: {
      dataDir: values['data-dir'],
      dropDir: values['drop-dir'],
      apiPort: port(values['api-port'], LOCAL_DEFAULTS.apiPort, 'api-port'),
      s3Port: port(values['s3-port'], LOCAL_DEFAULTS.s3Port, 's3-port'),
      reset: values.reset,
      dynamoDb: engine as DynamoDbEngine,
    },
  };
}

function parse(args: readonly string[]) {
  return parseArgs({ args: [...args], options: OPTIONS });
}

/**
 * Our flags npm kept for itself: run through npm (`npm_lifecycle_event`),
 * each one it took is in the environment as `npm_config_<name>`.
 */
function flagsNpmTook(env: Environment): (keyof typeof OPTIONS)[] {
  if (env.npm_lifecycle_event === undefined) return [];
  return (Object.keys(OPTIONS) as (keyof typeof OPTIONS)[]).filter(
    (name) =>
      name !== 'help' &&
      env[`npm_config_${name.replaceAll('-', '_')}`] !== undefined
  );
}

function port(
  value: string | undefined,
  fallback: number,
  name: string
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new LocalUsageError(
      `--${name} is "${value}"; expected a port number (0 for any free port)`
    );
  }
  return n;
}
