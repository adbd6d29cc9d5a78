/**
 * Stack properties from CDK context (lib/app-config.ts).
 */
import { describe, expect, it } from 'vitest';
import { stackPropsFromContext } from '../../lib/app-config.ts';
import { stackSynthesizer } from '../support/synth.ts';

const { app } = stackSynthesizer();

describe('Function: stackPropsFromContext', () => {
  it('reads its configuration from context and reports every bad value', () => {
    // Prepare
    const good = app({
      alarmEmail: 'a@b.co',
      ingestMemorySize: '512',
      retainData: 'false',
    });
    const bad = app({ ingestMemorySize: 'lots', retainData: 'maybe' });

    // Act
    const props = stackPropsFromContext(good);

    // Assess
    expect(props).toMatchObject({
      alarmEmail: 'a@b.co',
      ingestMemorySize: 512,
      retainData: false,
    });
    expect(() => stackPropsFromContext(bad)).toThrow(
      'invalid Dropwire configuration: context retainData is "maybe"; expected true or false; context ingestMemorySize is "lots"; expected a positive integer'
    );
  });
});
