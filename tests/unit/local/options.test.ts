/**
 * The command line of `npm start`: defaults, flags, and the flags npm
 * keeps for itself when they come before `--`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCAL_DEFAULTS, parseLocalArgs } from '../../../bin/local/options.ts';
import { REPO_ROOT } from '../../support/paths.ts';

/** The environment `npm start` gives its script. */
const NPM_START = { npm_lifecycle_event: 'start' };

describe('Function: parseLocalArgs', () => {
  it('uses the defaults without flags', () => {
    // Act
    const command = parseLocalArgs([], NPM_START);

    // Assess
    expect(command).toEqual({
      help: false,
      options: {
        apiPort: 3000,
        s3Port: 4569,
        dataDir: '.dropwire',
        dropDir: 'drop',
        dynamoDb: 'auto',
        reset: false,
      },
    });
  });

  it('reads the flags given after --', () => {
    // Act
    const command = parseLocalArgs(
      [
        '--api-port',
        '3001',
        '--s3-port',
        '0',
        '--reset',
        '--dynamodb',
        'dynalite',
      ],
      NPM_START
    );

    // Assess
    expect(command).toMatchObject({
      help: false,
      options: { apiPort: 3001, s3Port: 0, reset: true, dynamoDb: 'dynalite' },
    });
  });

  it('throws, saying to add --, when npm took a flag and left its value: npm start --api-port 3001', () => {
    // Act
    const act = () =>
      parseLocalArgs(['3001'], { ...NPM_START, npm_config_api_port: 'true' });

    // Assess
    expect(act).toThrow(
      "npm took --api-port for itself: flags before -- are npm's; put Dropwire's after it, as in npm start -- --api-port <value>"
    );
  });

  it('throws when npm took a flag whole: npm start --reset', () => {
    // Act
    const act = () =>
      parseLocalArgs([], { ...NPM_START, npm_config_reset: 'true' });

    // Assess
    expect(act).toThrow(/npm took --reset for itself.* npm start -- --reset$/u);
  });

  it('says to add -- for a stray argument under npm, and not when run directly', () => {
    // Act
    const underNpm = () => parseLocalArgs(['3001'], NPM_START);
    const direct = () => parseLocalArgs(['3001'], {});

    // Assess
    expect(underNpm).toThrow(
      /Unexpected argument '3001'.*; flags of npm start go after --, as in npm start -- --api-port 3001$/u
    );
    expect(direct).toThrow(/Unexpected argument '3001'/u);
    expect(direct).not.toThrow(/npm start --/u);
  });

  it.each([
    [
      ['--api-port', 'http'],
      '--api-port is "http"; expected a port number (0 for any free port)',
    ],
    [
      ['--dynamodb', 'mongo'],
      '--dynamodb is "mongo"; expected dynamodb-local, dynalite or auto',
    ],
  ])('throws for %j', (args, message) => {
    // Act
    const act = () => parseLocalArgs(args, {});

    // Assess
    expect(act).toThrow(message);
  });

  it('has the defaults the README table states, option by option', () => {
    // Prepare: the README's local-mode table, option → default.
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const rows = [
      ...readme.matchAll(/^\| `--([a-z0-9-]+)[^`]*` +\| ([^|]+?) +\|/gmu),
    ];
    const documented = Object.fromEntries(rows.map((m) => [m[1], m[2]]));
    const written = (value: string | number | boolean) =>
      typeof value === 'number'
        ? String(value)
        : typeof value === 'boolean'
          ? value
            ? 'on'
            : 'off'
          : value === 'auto'
            ? '`auto`'
            : `\`./${value}\``;

    // Assess
    expect(documented).toEqual({
      'api-port': written(LOCAL_DEFAULTS.apiPort),
      's3-port': written(LOCAL_DEFAULTS.s3Port),
      'data-dir': written(LOCAL_DEFAULTS.dataDir),
      'drop-dir': written(LOCAL_DEFAULTS.dropDir),
      dynamodb: written(LOCAL_DEFAULTS.dynamoDb),
      reset: written(LOCAL_DEFAULTS.reset),
    });
    expect(documented['data-dir']).toBe('`./.dropwire`');
  });
});
