/**
 * `generateComponentModule`: typed TypeScript modules for component YAML. The generated modules must
 * type-check (and make wrong wirings fail to), and compile to the component the YAML describes.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { isKfpDefinitionError, type Component } from '@kfp-ts/dsl';
import { compile } from '@kfp-ts/compiler';
import { generateComponentModule } from '../../packages/compiler/src/generate/component-module.js';
import { corpusDir } from '../conformance/corpus.js';

/** Single compiled components from the corpus: file, and the component's IR key. */
const CORPUS = [
  ['valid/component_with_metadata_fields', 'dataset-joiner'],
  ['critical/add_numbers', 'add-numbers'],
  ['essential/dict_input', 'dict-input'],
  ['essential/container_no_input', 'container-no-input'],
  ['valid/container_with_if_placeholder', 'container-with-if-placeholder'],
  ['valid/container_with_artifact_output', 'container-with-artifact-output'],
  ['valid/input_artifact', 'input-artifact'],
  ['valid/output_metrics', 'output-metrics'],
  ['valid/preprocess', 'preprocess'],
  ['yaml-only/component_with_task_final_status_GH-12033', 'exit-comp'],
] as const;

const V1_COMPONENT = `name: Train model
description: |-
  Trains a model on a dataset.
  Writes the model and its accuracy.
inputs:
- {name: Training data, type: Dataset, description: 'Rows to learn from, with a \`label\` column.'}
- {name: epochs, type: Integer, default: '10', description: Passes over the data.}
- {name: learning rate, type: Float, default: '0.01'}
- {name: tags, type: JsonArray, optional: true}
outputs:
- {name: model, type: Model, description: The trained model.}
- {name: accuracy, type: Float}
implementation:
  container:
    image: python:3.11
    command: [train, {inputPath: Training data}, {inputValue: epochs}, {inputValue: learning rate},
      {if: {cond: {isPresent: tags}, then: [--tags, {inputValue: tags}]}}, {outputPath: model}, {outputPath: accuracy}]
`;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Inside the repository, so that the modules resolve @kfp-ts/dsl as user code does.
const outDir = join(repoRoot, '.generated-test', 'generate');
const corpusYaml = (id: string) => readFileSync(join(corpusDir, `${id}.yaml`), 'utf8');
const moduleFile = (id: string) => join(outDir, `${id.split('/').pop()!.replace(/[^\w]/g, '_')}.ts`);

/** A pipeline that wires generated components, with wrong wirings that must not type-check. */
const USAGE = `import { pipeline, t } from '@kfp-ts/dsl';
import { datasetJoiner } from './component_with_metadata_fields.js';
import { addNumbers } from './add_numbers.js';
import trainModel from './train_model.js';

export const usage = pipeline({ name: 'usage', inputs: { a: t.dataset(), b: t.dataset(), x: t.integer() } }, (inputs) => {
  const joined = datasetJoiner({ dataset_a: inputs.a, dataset_b: inputs.b });
  const sum = addNumbers({ a: inputs.x, b: 2 });
  const trained = trainModel({ training_data: joined.outputs.out_dataset, learning_rate: 0.1 });
  const asText: string = \`\${joined.outputs.Output} \${sum.output}\`;
  void asText;
  // Type-checked, never run: each wrong wiring must be a type error.
  const runWrongWirings = false as boolean;
  if (runWrongWirings) {
    // @ts-expect-error a number output is not a dataset
    datasetJoiner({ dataset_a: trained.outputs.accuracy, dataset_b: inputs.b });
    // @ts-expect-error a required input is missing
    datasetJoiner({ dataset_a: inputs.a });
    // @ts-expect-error a string is not an integer
    addNumbers({ a: 'one', b: 2 });
    // @ts-expect-error the component has no such output
    void joined.outputs.missing;
  }
});
`;

beforeAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const [id] of CORPUS) writeFileSync(moduleFile(id), generateComponentModule(corpusYaml(id), { sourceName: `${id.split('/').pop()}.yaml` }));
  writeFileSync(join(outDir, 'train_model.ts'), generateComponentModule(V1_COMPONENT, { sourceName: 'component.yaml' }));
  writeFileSync(join(outDir, 'usage.ts'), USAGE);
});

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Type-checks files with the repository's compiler options (its path mappings included). */
function typeErrors(files: string[]): string[] {
  const configPath = join(repoRoot, 'tsconfig.json');
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, repoRoot);
  const program = ts.createProgram(files, { ...config.options, noEmit: true });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && files.includes(d.file.fileName))
    .map((d) => `${d.file!.fileName}:${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('generated component modules', () => {
  it('declare the interface with t.*, defaults, optional inputs and descriptions', () => {
    const text = readFileSync(join(outDir, 'train_model.ts'), 'utf8');
    expect(text).toContain("training_data: t.dataset().describe('Rows to learn from, with a `label` column.'),");
    expect(text).toContain("epochs: t.integer().default(10).describe('Passes over the data.'),");
    expect(text).toContain('learning_rate: t.float().default(0.01),');
    expect(text).toContain('tags: t.list().optionalInput(),');
    expect(text).toContain("model: t.model().describe('The trained model.'),");
    expect(text).toContain('/**\n * Trains a model on a dataset.\n * Writes the model and its accuracy.\n */\nexport const trainModel: Component<typeof trainModelInputs, typeof trainModelOutputs>');
    const joiner = readFileSync(moduleFile('valid/component_with_metadata_fields'), 'utf8');
    expect(joiner).toContain('/**\n * Concatenate dataset_a and dataset_b.\n * Also returns the concatenated string.\n */');
  });

  it('type-check, and wrong wirings fail to', () => {
    const files = [...CORPUS.map(([id]) => moduleFile(id)), join(outDir, 'train_model.ts'), join(outDir, 'usage.ts')];
    expect(typeErrors(files)).toEqual([]);
  }, 120_000);

  it('embed the YAML unchanged', async () => {
    const mod = (await import(/* @vite-ignore */ join(outDir, 'train_model.ts'))) as { default: Component };
    expect(mod.default.spec.name).toBe('Train model');
    const source = readFileSync(join(outDir, 'train_model.ts'), 'utf8');
    const embedded = /const componentYaml = (`[\s\S]*?`);\n/.exec(source)![1];
    expect(new Function(`return ${embedded}`)()).toBe(V1_COMPONENT);
  });

  it.each(CORPUS)('%s compiles to the component of the YAML', async (id, key) => {
    const mod = (await import(/* @vite-ignore */ moduleFile(id))) as { default: Component };
    const compiled = compile(mod.default).pipelineSpec as unknown as Record<string, Record<string, unknown>>;
    const original = parseAllDocuments(corpusYaml(id))[0].toJS() as Record<string, Record<string, unknown>>;
    // The loader keeps no descriptions (neither does the Python SDK's), so neither does the recompiled IR.
    expect(compiled.components[`comp-${key}`]).toEqual(withoutDescriptions(original.components[`comp-${key}`]));
    const executors = (spec: Record<string, Record<string, unknown>>) => (spec.deploymentSpec.executors as Record<string, unknown>)[`exec-${key}`];
    expect(executors(compiled)).toEqual(executors(original));
  });

  it('compile inside a pipeline that wires them', async () => {
    const { usage } = (await import(/* @vite-ignore */ join(outDir, 'usage.ts'))) as { usage: Parameters<typeof compile>[0] };
    const compiled = compile(usage).pipelineSpec as unknown as Record<string, Record<string, unknown>>;
    const original = parseAllDocuments(corpusYaml('valid/component_with_metadata_fields'))[0].toJS() as Record<string, Record<string, unknown>>;
    expect(compiled.components['comp-dataset-joiner']).toEqual(withoutDescriptions(original.components['comp-dataset-joiner']));
    expect(Object.keys(compiled.components)).toEqual(expect.arrayContaining(['comp-add-numbers', 'comp-train-model']));
  });
});

describe('generation errors', () => {
  const error = (run: () => unknown): string => {
    try {
      run();
    } catch (e) {
      if (isKfpDefinitionError(e)) return e.message;
      throw e;
    }
    throw new Error('expected an error');
  };

  it('reports YAML that is not a component in one line', () => {
    const message = error(() => generateComponentModule('just: text\n', { sourceName: 'bad.yaml' }));
    expect(message).toContain('bad.yaml');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('rejects an export name that is not an identifier', () => {
    expect(error(() => generateComponentModule(V1_COMPONENT, { exportName: 'train-model' }))).toMatch(/not a valid TypeScript identifier/);
  });
});

function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'description').map(([k, v]) => [k, withoutDescriptions(v)]));
}
