import { describe, expect, it } from 'vitest';
import { containerComponent, pipeline } from '@kfp-ts/dsl';
import { compile } from '@kfp-ts/compiler';

const step = containerComponent({ name: 'step', image: 'alpine:3.20', command: ['true'] });

describe('pipeline options', () => {
  it('writes the pipeline root as defaultPipelineRoot', () => {
    const p = pipeline({ name: 'rooted', pipelineRoot: 's3://bucket/pipelines' }, () => void step());
    expect(compile(p).pipelineSpec.defaultPipelineRoot).toBe('s3://bucket/pipelines');
  });

  it('writes no defaultPipelineRoot when none is given', () => {
    const p = pipeline({ name: 'unrooted' }, () => void step());
    expect('defaultPipelineRoot' in compile(p).pipelineSpec).toBe(false);
  });

  it('writes display name and description into pipelineInfo', () => {
    const p = pipeline({ name: 'My_Pipeline', displayName: 'My pipeline', description: 'Does a step.' }, () => void step());
    expect(compile(p).pipelineSpec.pipelineInfo).toEqual({ name: 'my-pipeline', displayName: 'My pipeline', description: 'Does a step.' });
  });
});
