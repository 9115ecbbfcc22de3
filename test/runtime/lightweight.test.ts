/**
 * Lightweight TypeScript components, run for real: a pipeline mixing TypeScript, Python and container
 * components is compiled and validated; each TypeScript step's command line is taken from the YAML and run
 * with Node under a simulated KFP launcher, and every output the launcher would read is checked.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileToYaml, validateDocuments } from '@kfp-ts/compiler';
import { mixed } from './fixtures/mixed-pipeline.js';
import { cleanUpLaunches, launch, textToValue } from './launcher.js';

afterAll(cleanUpLaunches);

const yaml = compileToYaml(mixed);
const spec = parse(yaml);
const executors = spec.deploymentSpec.executors;

describe('a pipeline mixing TypeScript, Python and container components', () => {
  it('compiles to IR that passes validation', () => {
    expect(validateDocuments(spec)).toEqual([]);
    expect(Object.keys(executors).sort()).toEqual(['exec-add-one', 'exec-echo', 'exec-evaluate', 'exec-make-data', 'exec-report-status']);
  });

  it('runs TypeScript components with Node in the default image, by component name', () => {
    const c = executors['exec-make-data'].container;
    expect(c.image).toBe('node:20-slim');
    expect(c.command.slice(0, 2)).toEqual(['sh', '-ec']);
    expect(c.command[2]).toBe(
      'program_path=$(mktemp -d)\nprintf "%s" "$0" > "$program_path/component.mjs"\nexec node "$program_path/component.mjs" "$@"\n',
    );
    expect(c.args).toEqual(['--executor_input', '{{$}}', '--component', 'make-data']);
  });

  it('declares the TypeScript interface like any other component', () => {
    expect(spec.components['comp-make-data']).toEqual({
      executorLabel: 'exec-make-data',
      inputDefinitions: {
        parameters: {
          prefix: { parameterType: 'STRING' },
          rows: { parameterType: 'NUMBER_INTEGER', defaultValue: 3, isOptional: true },
        },
      },
      outputDefinitions: {
        artifacts: { data: { artifactType: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' } } },
        parameters: { count: { parameterType: 'NUMBER_INTEGER' } },
      },
    });
    expect(spec.components['comp-report-status'].inputDefinitions.parameters.status).toEqual({
      parameterType: 'TASK_FINAL_STATUS',
      isOptional: true,
    });
  });

  it('embeds only the component code: no build paths, no compiler, no pipeline body', () => {
    const bundle: string = executors['exec-evaluate'].container.command[3];
    expect(bundle).not.toContain(process.cwd());
    expect(bundle).not.toContain('kfp-ts-bundle-');
    expect(bundle).toContain('function toHtmlTable(');
    expect(bundle).not.toMatch(/ajv|PipelineSpec/);
    expect(Buffer.byteLength(bundle)).toBeLessThan(40 * 1024);
  });

  it('compiles to the same YAML every time', () => {
    expect(compileToYaml(mixed)).toBe(yaml);
  });
});

describe('running the TypeScript steps under the launcher', () => {
  // Each step's outputs feed the next, as they would in a run.
  const made = launch({ spec, executor: 'exec-make-data', parameters: { rows: 4, prefix: 'row' } });
  const data = made.outputArtifacts.data;

  it('make-data: returns its output parameter and writes its dataset with metadata', () => {
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain("kfp-ts: running component 'make-data'");
    expect(made.outputParameters).toEqual({ count: 4 });
    expect(textToValue(readFileSync(made.executorInput.outputs.parameters.count.outputFile, 'utf8'), 'NUMBER_INTEGER')).toBe(4);
    expect(readFileSync(data.path, 'utf8')).toBe('row line 0\nrow line 1\nrow line 2\nrow line 3\n');
    expect(made.executorOutput).toEqual({
      parameterValues: { count: 4 },
      artifacts: {
        data: {
          artifacts: [{ name: 'data', uri: 'gs://kfp-test-bucket/pipeline-root/make-data/run-salt/data', metadata: { rows: 4, prefix: 'row' } }],
        },
      },
    });
    expect(data.path).toBe(`${made.root}/gcs/kfp-test-bucket/pipeline-root/make-data/run-salt/data`);
  });

  it('make-data: gets the default from the component when the launcher passes none', () => {
    const r = launch({ spec, executor: 'exec-make-data', parameters: { prefix: 'd' } });
    expect(r.code).toBe(0);
    expect(r.outputParameters).toEqual({ count: 3 });
  });

  const evaluated = launch({
    spec,
    executor: 'exec-evaluate',
    parameters: { expected: 5, tags: ['a', 'b'], verbose: true },
    artifacts: { data: { contents: readFileSync(data.path, 'utf8'), metadata: data.metadata } },
  });

  it('evaluate: returns every kind of output parameter, through the executor output and the parameter files', () => {
    expect(evaluated.stderr).toBe('');
    expect(evaluated.code).toBe(0);
    const expected = {
      accuracy: 0.8,
      passed: true,
      label: 'a+b:default:no-extra',
      summary: { lines: 4, words: 12, source: { rows: 4, prefix: 'row' } },
      words: ['row', 'line', '0'],
    };
    expect(evaluated.outputParameters).toEqual(expected);
    expect(evaluated.executorOutput!.parameterValues).toEqual(expected);
    const types = spec.components['comp-evaluate'].outputDefinitions.parameters;
    for (const [name, value] of Object.entries(expected)) {
      const text = readFileSync(evaluated.executorInput.outputs.parameters[name].outputFile, 'utf8');
      expect(textToValue(text, types[name].parameterType)).toEqual(value);
    }
    expect(readFileSync(evaluated.executorInput.outputs.parameters.label.outputFile, 'utf8')).toBe('a+b:default:no-extra');
  });

  it('evaluate: records metrics and a confusion matrix in the artifacts metadata', () => {
    expect(evaluated.outputArtifacts.scores.metadata).toEqual({ accuracy: 0.8, lines: 4 });
    expect(evaluated.outputArtifacts.confusion.metadata).toEqual({
      confusionMatrix: {
        annotationSpecs: [{ displayName: 'cat' }, { displayName: 'dog' }],
        rows: [{ row: [8, 2] }, { row: [1, 9] }],
      },
      confidenceMetrics: [
        { confidenceThreshold: 1, recall: 0, falsePositiveRate: 0 },
        { confidenceThreshold: 0.5, recall: 0.8, falsePositiveRate: 0.5 },
        { confidenceThreshold: 0, recall: 1, falsePositiveRate: 1 },
      ],
    });
    const names = Object.keys(evaluated.executorOutput!.artifacts).sort();
    expect(names).toEqual(['confusion', 'model', 'notes', 'report', 'scores']);
    for (const name of names) {
      const [a] = evaluated.executorOutput!.artifacts[name].artifacts;
      expect(a.name).toBe(name);
      expect(a.uri).toBe(`gs://kfp-test-bucket/pipeline-root/evaluate/run-salt/${name}`);
    }
  });

  it('evaluate: writes the HTML, Markdown and model files where the launcher uploads from', () => {
    const out = evaluated.outputArtifacts;
    expect(readFileSync(out.report.path, 'utf8')).toBe(
      '<table><tr><td>row line 0</td></tr><tr><td>row line 1</td></tr><tr><td>row line 2</td></tr><tr><td>row line 3</td></tr></table>',
    );
    expect(readFileSync(out.notes.path, 'utf8')).toBe('# Evaluation\n\n4 lines, threshold 0.5\n');
    expect(JSON.parse(readFileSync(out.model.path, 'utf8'))).toEqual({ weights: [1, 2, 3] });
    expect(out.model.metadata).toEqual({ framework: 'none' });
    expect(evaluated.stdout).toContain('evaluated gs://kfp-test-bucket/pipeline-root/upstream/run-salt/data (row)');
  });

  it('evaluate: passes optional inputs when given', () => {
    const r = launch({
      spec,
      executor: 'exec-evaluate',
      parameters: { expected: 2, tags: [], verbose: false, options: { k: 1 }, threshold: 0.9 },
      artifacts: { data: { contents: 'a\nb\n' }, extra: { contents: 'x', schemaTitle: 'system.Model' } },
    });
    expect(r.stderr).toBe('');
    expect(r.outputParameters).toMatchObject({ accuracy: 1, passed: true, label: ':custom:extra' });
  });

  it('report-status: an exit task reads the final status of the tasks it guards', () => {
    const r = launch({
      spec,
      executor: 'exec-report-status',
      parameters: {
        note: 'mixed pipeline',
        status: { state: 'FAILED', error: { code: 2, message: 'evaluate failed' }, pipelineJobResourceName: 'runs/1', pipelineTaskName: 'exit-handler-1' },
      },
    });
    expect(r.stderr).toBe('');
    expect(r.outputParameters).toEqual({ message: 'mixed pipeline: exit-handler-1 ended FAILED (evaluate failed)' });
    expect(r.executorOutput).toEqual({ parameterValues: { message: 'mixed pipeline: exit-handler-1 ended FAILED (evaluate failed)' } });
  });
});
