/**
 * The example of docs/typescript-components.md compiles, validates, and its TypeScript steps run under the
 * simulated launcher, each feeding the next as in a run.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileToYaml, validateDocuments } from '@kfp-ts/compiler';
import { reviews } from '../../examples/typescript-components/pipeline.js';
import { cleanUpLaunches, launch } from './launcher.js';

afterAll(cleanUpLaunches);

describe('the TypeScript components example', () => {
  const spec = parse(compileToYaml(reviews));

  it('compiles to valid IR with TypeScript, Python and container steps', () => {
    expect(validateDocuments(spec)).toEqual([]);
    const images = Object.fromEntries(Object.entries<any>(spec.deploymentSpec.executors).map(([name, e]) => [name, e.container.image]));
    expect(images).toEqual({
      'exec-announce': 'node:20-slim',
      'exec-check-accuracy': 'python:3.11',
      'exec-evaluate-classifier': 'node:20-slim',
      'exec-load-reviews': 'node:20-slim',
      'exec-publish': 'alpine:3.20',
    });
  });

  it('runs its TypeScript steps', () => {
    const loaded = launch({ spec, executor: 'exec-load-reviews', parameters: { copies: 2 } });
    expect(loaded.stderr).toBe('');
    expect(loaded.outputParameters).toEqual({ count: 8 });

    const data = loaded.outputArtifacts.reviews;
    const evaluated = launch({
      spec,
      executor: 'exec-evaluate-classifier',
      artifacts: { reviews: { contents: readFileSync(data.path, 'utf8'), metadata: data.metadata } },
    });
    expect(evaluated.stderr).toBe('');
    expect(evaluated.outputParameters).toEqual({ accuracy: 1 });
    expect(evaluated.outputArtifacts.metrics.metadata).toEqual({ accuracy: 1, reviews: 8 });
    expect(evaluated.outputArtifacts.confusion.metadata.confusionMatrix).toEqual({
      annotationSpecs: [{ displayName: 'positive' }, { displayName: 'negative' }],
      rows: [{ row: [4, 0] }, { row: [0, 4] }],
    });
    expect(readFileSync(evaluated.outputArtifacts.report.path, 'utf8')).toBe('# Word-list classifier\n\nAccuracy: **100.0%** on 8 reviews.\n');

    const announced = launch({
      spec,
      executor: 'exec-announce',
      parameters: { channel: '#ml-runs', status: { state: 'SUCCEEDED', error: {}, pipelineJobResourceName: 'reviews-x7k2p', pipelineTaskName: 'exit-handler-1' } },
    });
    expect(announced.stderr).toBe('');
    expect(announced.outputParameters).toEqual({ message: '[#ml-runs] run reviews-x7k2p ended: SUCCEEDED' });
  });
});
