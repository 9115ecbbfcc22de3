/**
 * Compiling a component on its own: it becomes a pipeline of one task with the component's interface (as the
 * Python compiler does), and a pipeline can declare its output types to describe them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { asPipeline, containerComponent, isKfpDefinitionError, loadComponentFromFile, pipeline, t } from '@kfp-ts/dsl';
import { compile } from '@kfp-ts/compiler';
import { choosePipeline } from '../../packages/compiler/src/cli/load-pipeline.js';

const report = containerComponent({
  name: 'report_status',
  description: 'Reports how the pipeline ended.',
  inputs: {
    status: t.taskFinalStatus(),
    note: t.string().describe('A note.'),
    extra: t.string().optionalInput(),
    data: t.dataset().optionalInput(),
  },
  outputs: { summary: t.string().describe('What happened.'), log: t.artifact() },
  image: 'alpine',
  command: ({ inputs, outputs }) => ['report', inputs.status, inputs.note, outputs.summary, outputs.log.path],
});

describe('compiling a component on its own', () => {
  const { pipelineSpec: spec } = compile(report);

  it('names the pipeline after the component and gives it no description', () => {
    expect(spec.pipelineInfo).toEqual({ name: 'report-status' });
  });

  it('copies the interface, descriptions and optional inputs included, to the root', () => {
    expect(spec.root.inputDefinitions).toEqual({
      parameters: {
        status: { parameterType: 'TASK_FINAL_STATUS', isOptional: true },
        note: { parameterType: 'STRING', description: 'A note.' },
        extra: { parameterType: 'STRING', isOptional: true },
      },
      artifacts: { data: { artifactType: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' }, isOptional: true } },
    });
    expect(spec.root.outputDefinitions).toEqual({
      parameters: { summary: { parameterType: 'STRING', description: 'What happened.' } },
      artifacts: { log: { artifactType: { schemaTitle: 'system.Artifact', schemaVersion: '0.0.1' } } },
    });
  });

  it('passes every input through, a task final status included, and surfaces every output', () => {
    const task = spec.root.dag!.tasks['report-status'];
    expect(task.inputs).toEqual({
      parameters: {
        status: { componentInputParameter: 'status' },
        note: { componentInputParameter: 'note' },
        extra: { componentInputParameter: 'extra' },
      },
      artifacts: { data: { componentInputArtifact: 'data' } },
    });
    expect(spec.root.dag!.outputs).toEqual({
      parameters: { summary: { valueFromParameter: { producerSubtask: 'report-status', outputParameterKey: 'summary' } } },
      artifacts: { log: { artifactSelectors: [{ producerSubtask: 'report-status', outputArtifactKey: 'log' }] } },
    });
  });

  it('returns a pipeline unchanged', () => {
    const p = pipeline({ name: 'p' }, () => {
      report({ note: 'hi' }).ignoreUpstreamFailure();
    });
    expect(asPipeline(p)).toBe(p);
  });
});

describe('declared pipeline outputs', () => {
  const make = containerComponent({ name: 'make', outputs: { out: t.dataset() }, image: 'alpine', command: ['make'] });

  it('describes the root outputs', () => {
    const p = pipeline({ name: 'described', outputs: { Output: t.dataset().describe('The data.') } }, () => make().outputs.out);
    expect(compile(p).pipelineSpec.root.outputDefinitions).toEqual({
      artifacts: { Output: { artifactType: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' }, description: 'The data.' } },
    });
  });

  const errorOf = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      if (isKfpDefinitionError(e)) return e.message;
      throw e;
    }
    throw new Error('no error');
  };

  it('rejects declared outputs that the body does not return', () => {
    expect(errorOf(() => pipeline({ name: 'x', outputs: { other: t.dataset() } }, () => make().outputs.out))).toBe(
      "output 'other' is declared but the body does not return it",
    );
  });

  it('rejects returned outputs that are not declared', () => {
    expect(errorOf(() => pipeline({ name: 'x', outputs: {} }, () => make().outputs.out))).toBe(
      "the body returns output 'Output', which is not among the declared outputs",
    );
  });

  it('rejects a declared type that does not match', () => {
    expect(errorOf(() => pipeline({ name: 'x', outputs: { Output: t.model() } }, () => make().outputs.out))).toBe(
      "output 'Output' is declared as system.Model but the body returns system.Dataset",
    );
  });
});

describe('choosing a component to compile from a module (CLI)', () => {
  it('compiles a component named with --pipeline on its own', () => {
    const chosen = choosePipeline('mod.ts', { report }, 'report');
    expect(compile(chosen).pipelineSpec.pipelineInfo.name).toBe('report-status');
  });

  it('names the exported components when the module exports no pipeline', () => {
    expect(() => choosePipeline('mod.ts', { report })).toThrow(
      'mod.ts exports no pipeline: export one declared with pipeline(), or compile a component on its own with --pipeline <exportName> (its components: report)',
    );
  });
});

describe('compiling a pipeline loaded from compiled YAML', () => {
  const corpus = process.env.KFPTS_CORPUS ?? fileURLToPath(new URL('../../../shared/kfp-corpus', import.meta.url));
  const golden = join(corpus, 'valid/pipeline_with_importer.yaml');

  it.skipIf(!existsSync(golden))('writes the documents back as they were read, with compile-time parameters applied', () => {
    const loaded = loadComponentFromFile(golden);
    const expected = parseAllDocuments(readFileSync(golden, 'utf8')).map((d) => d.toJS());
    expect(compile(loaded).pipelineSpec).toEqual(expected[0]);

    const { pipelineSpec } = compile(loaded, { pipelineParameters: { dataset2: 'gs://other' } });
    expect(pipelineSpec.root.inputDefinitions?.parameters?.dataset2).toEqual({
      defaultValue: 'gs://other',
      isOptional: true,
      parameterType: 'STRING',
    });
    expect(() => compile(loaded, { pipelineParameters: { nope: 1 } })).toThrow("pipeline parameter 'nope' does not match any pipeline input (inputs: dataset2)");
  });
});
