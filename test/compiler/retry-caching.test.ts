/**
 * Retry policies and caching options as the Python SDK 2.15.2 writes them: durations in whole seconds with
 * the back-off window capped at one hour, defaults always filled in, and each caching call replacing the
 * previous one.
 */
import { describe, expect, it } from 'vitest';
import { containerComponent, durationSeconds, isKfpDefinitionError, pipeline, type TaskBase, type IODecl } from '@kfp-ts/dsl';
import { compile } from '@kfp-ts/compiler';

const work = containerComponent({ name: 'work', image: 'alpine', command: ['true'] });

function taskSpec(configure: (task: TaskBase<IODecl>) => void) {
  const p = pipeline({ name: 'p' }, () => {
    configure(work());
  });
  return compile(p).pipelineSpec.root.dag!.tasks.work;
}

describe('durations', () => {
  it('reads a whole number and a unit, spaces ignored', () => {
    expect(durationSeconds('0s')).toBe(0);
    expect(durationSeconds('30s')).toBe(30);
    expect(durationSeconds('5m')).toBe(300);
    expect(durationSeconds('1 hour')).toBe(3600);
    expect(durationSeconds('2 hours')).toBe(7200);
    expect(durationSeconds('2d')).toBe(172_800);
    expect(durationSeconds('2 weeks')).toBe(1_209_600);
  });

  it('rejects fractions, missing units, upper case and unknown units', () => {
    for (const bad of ['1.5h', '60', '5S', '10ms', 'h', '', '-1s', '1 fortnight']) {
      expect(durationSeconds(bad), bad).toBeUndefined();
    }
  });
});

describe('setRetry', () => {
  it('fills in the defaults', () => {
    expect(taskSpec((t) => t.setRetry({ maxRetryCount: 3 })).retryPolicy).toEqual({
      maxRetryCount: 3,
      backoffDuration: '0s',
      backoffFactor: 2,
      backoffMaxDuration: '3600s',
    });
  });

  it('writes durations in seconds and caps the back-off window at one hour', () => {
    expect(
      taskSpec((t) => t.setRetry({ maxRetryCount: 1, backoffDuration: '2 minutes', backoffFactor: 1.5, backoffMaxDuration: '2h' }))
        .retryPolicy,
    ).toEqual({ maxRetryCount: 1, backoffDuration: '120s', backoffFactor: 1.5, backoffMaxDuration: '3600s' });
  });

  it('omits a zero retry count', () => {
    expect(taskSpec((t) => t.setRetry({ maxRetryCount: 0 })).retryPolicy).not.toHaveProperty('maxRetryCount');
  });

  it('rejects a malformed duration where it is set', () => {
    try {
      taskSpec((t) => t.setRetry({ maxRetryCount: 1, backoffDuration: '1.5h' }));
      expect.unreachable();
    } catch (e) {
      expect(isKfpDefinitionError(e)).toBe(true);
      expect((e as Error).message).toContain("'1.5h' is not a duration");
      expect((e as { context: { field?: string } }).context.field).toBe('retryPolicy.backoffDuration');
    }
  });
});

describe('setCachingOptions', () => {
  it('writes an empty message when caching is off', () => {
    expect(taskSpec((t) => t.setCachingOptions(false)).cachingOptions).toEqual({});
  });

  it('writes the cache key next to the flag', () => {
    expect(taskSpec((t) => t.setCachingOptions(true, 'k1')).cachingOptions).toEqual({ enableCache: true, cacheKey: 'k1' });
  });

  it('replaces both settings on each call', () => {
    expect(taskSpec((t) => t.setCachingOptions(true, 'k1').setCachingOptions(false)).cachingOptions).toEqual({});
  });
});
