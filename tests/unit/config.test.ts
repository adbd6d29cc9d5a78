/**
 * Runtime configuration: the read function's variables are checked at
 * cold start, every problem named at once.
 */
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  loadApiConfig,
  loadConfig,
} from '../../functions/config.ts';

const SECRET = '0123456789abcdef0123456789abcdef';

describe('Function: loadApiConfig', () => {
  it('reads the drop bucket and cursor secret', () => {
    // Act
    const config = loadApiConfig({
      TABLE_NAME: 'articles',
      DROP_BUCKET_NAME: 'drop',
      CURSOR_SECRET: SECRET,
    });

    // Assess
    expect(config).toMatchObject({
      tableName: 'articles',
      dropBucketName: 'drop',
      cursorSecret: SECRET,
    });
  });

  it('throws ConfigError naming both missing variables', () => {
    // Act
    const load = () => loadApiConfig({ TABLE_NAME: 'articles' });

    // Assess
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/DROP_BUCKET_NAME.*CURSOR_SECRET/u);
  });

  it.each([
    [undefined, false],
    ['false', false],
    [' TRUE ', true],
  ])('reads POWERTOOLS_LOGGER_LOG_EVENT %j as %j', (value, logEvents) => {
    // Act
    const config = loadApiConfig({
      TABLE_NAME: 'articles',
      DROP_BUCKET_NAME: 'drop',
      CURSOR_SECRET: SECRET,
      POWERTOOLS_LOGGER_LOG_EVENT: value,
    });

    // Assess
    expect(config.logEvents).toBe(logEvents);
  });

  it('throws ConfigError for a POWERTOOLS_LOGGER_LOG_EVENT the logger would refuse', () => {
    // Act
    const load = () =>
      loadApiConfig({
        TABLE_NAME: 'articles',
        DROP_BUCKET_NAME: 'drop',
        CURSOR_SECRET: SECRET,
        POWERTOOLS_LOGGER_LOG_EVENT: 'yes',
      });

    // Assess
    expect(load).toThrow(
      /POWERTOOLS_LOGGER_LOG_EVENT is "yes"; expected true or false/u
    );
  });

  it('throws ConfigError for a short cursor secret, even for ingest', () => {
    // Act
    const load = () =>
      loadConfig({ TABLE_NAME: 'articles', CURSOR_SECRET: 'short' });

    // Assess
    expect(load).toThrow(
      /CURSOR_SECRET has 5 characters; expected at least 32/u
    );
  });

  it('does not require the read variables for ingest', () => {
    // Act
    const config = loadConfig({ TABLE_NAME: 'articles' });

    // Assess
    expect(config.cursorSecret).toBeUndefined();
    expect(config.dropBucketName).toBeUndefined();
  });
});
