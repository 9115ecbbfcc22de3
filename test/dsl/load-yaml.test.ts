import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  containerComponent,
  ExitHandler,
  isKfpDefinitionError,
  KfpDefinitionError,
  loadComponentFromFile,
  loadComponentFromText,
  pipeline,
  t,
  type ComponentSpec,
  type IOType,
} from '@kfp-ts/dsl';
import { compile } from '@kfp-ts/compiler';
import { corpusDir } from '../conformance/corpus.js';

const container = (spec: ComponentSpec) => {
  if (spec.implementation.kind !== 'container') throw new Error(`expected a container component, got ${spec.implementation.kind}`);
  return spec.implementation.container;
};

/** The parameter type name, or the artifact's schema title, of each declared input or output. */
const kinds = (decl: Readonly<Record<string, IOType>>) =>
  Object.fromEntries(Object.entries(decl).map(([name, type]) => [name, type.kind === 'parameter' ? type.parameterType : type.schemaTitle]));

/** The error a loader call throws. */
function loadError(run: () => unknown): KfpDefinitionError {
  try {
    run();
  } catch (e) {
    if (isKfpDefinitionError(e)) return e;
    throw e;
  }
  throw new Error('expected a KfpDefinitionError');
}

describe('v1 component.yaml', () => {
  it('maps v1 types to v2 parameter and artifact types', () => {
    const op = loadComponentFromText(`
name: Types
inputs:
- {name: s1, type: String}
- {name: s2, type: str}
- {name: s3, type: Text}
- {name: i1, type: Integer}
- {name: i2, type: int}
- {name: f1, type: Float}
- {name: f2, type: double}
- {name: b1, type: Bool}
- {name: b2, type: Boolean}
- {name: d1, type: JsonObject}
- {name: d2, type: 'Dict[str, int]'}
- {name: d3, type: 'typing.Dict[str, int]'}
- {name: l1, type: JsonArray}
- {name: l2, type: 'List[str]'}
- {name: a1, type: Artifact}
- {name: a2, type: dataset}
- {name: a3, type: Model}
- {name: a4, type: Metrics}
- {name: a5, type: ClassificationMetrics}
- {name: a6, type: SlicedClassificationMetrics}
- {name: a7, type: HTML}
- {name: a8, type: Markdown}
- {name: g1, type: google.VertexDataset}
- {name: x1}
- {name: x2, type: GCSPath}
- {name: x3, type: {GcsPath: {data_type: TSV}}}
- {name: x4, type: Some arbitrary type}
- {name: status, type: PipelineTaskFinalStatus}
implementation:
  container: {image: alpine}
`);
    expect(kinds(op.spec.inputs)).toEqual({
      s1: 'STRING', s2: 'STRING', s3: 'STRING',
      i1: 'NUMBER_INTEGER', i2: 'NUMBER_INTEGER',
      f1: 'NUMBER_DOUBLE', f2: 'NUMBER_DOUBLE',
      b1: 'BOOLEAN', b2: 'BOOLEAN',
      d1: 'STRUCT', d2: 'STRUCT', d3: 'STRUCT',
      l1: 'LIST', l2: 'LIST',
      a1: 'system.Artifact', a2: 'system.Dataset', a3: 'system.Model', a4: 'system.Metrics',
      a5: 'system.ClassificationMetrics', a6: 'system.SlicedClassificationMetrics', a7: 'system.HTML', a8: 'system.Markdown',
      g1: 'google.VertexDataset',
      x1: 'system.Artifact', x2: 'system.Artifact', x3: 'system.Artifact', x4: 'system.Artifact',
      status: 'TASK_FINAL_STATUS',
    });
    expect(op.spec.inputs.g1).toMatchObject({ schemaVersion: '0.0.1' });
    expect(op.spec.inputs.status.optional).toBe(true);
  });

  it('sanitizes names and reads defaults by type', () => {
    const op = loadComponentFromText(`
name: Chicago Taxi Trips dataset
inputs:
- {name: Where, type: String, default: 'a>"1"'}
- {name: Row Limit, type: Integer, default: '1000'}
- {name: rate, type: Float, default: '0.3'}
- {name: flag, type: Bool, default: 'yes'}
- {name: config, type: JsonObject, default: '{"a": 1}'}
- {name: not-json, type: JsonArray, default: 'not json'}
- {name: maybe, type: String, optional: true}
- {name: nothing, type: String, default: null}
- {name: model, type: Model, optional: true}
outputs:
- {name: Table}
implementation:
  container: {image: alpine}
`);
    expect(op.spec.name).toBe('Chicago Taxi Trips dataset');
    const i = op.spec.inputs;
    expect(Object.keys(i)).toEqual(['where', 'row_limit', 'rate', 'flag', 'config', 'not_json', 'maybe', 'nothing', 'model']);
    expect(i.where).toMatchObject({ optional: true, hasDefault: true, defaultValue: 'a>"1"' });
    expect(i.row_limit).toMatchObject({ defaultValue: 1000 });
    expect(i.rate).toMatchObject({ defaultValue: 0.3 });
    expect(i.flag).toMatchObject({ defaultValue: true });
    expect(i.config).toMatchObject({ defaultValue: { a: 1 } });
    expect(i.not_json).toMatchObject({ defaultValue: 'not json' });
    expect(i.maybe).toMatchObject({ optional: true, hasDefault: false });
    expect(i.nothing).toMatchObject({ optional: false, hasDefault: false });
    expect(i.model).toMatchObject({ kind: 'artifact', optional: true });
    expect(kinds(op.spec.outputs)).toEqual({ table: 'system.Artifact' });
  });

  it('converts placeholders to v2 placeholder text', () => {
    const op = loadComponentFromText(`
name: Placeholders
inputs:
- {name: Text, type: String}
- {name: count, type: Integer, optional: true}
- {name: data, type: Dataset}
- {name: extra, type: Artifact, optional: true}
outputs:
- {name: Number, type: Integer}
- {name: model, type: Model}
- {name: untyped}
implementation:
  container:
    image: alpine
    command: [prog, {executorInput: null}]
    args:
    - {inputValue: Text}
    - {inputPath: data}
    - {inputUri: data}
    - {outputPath: Number}
    - {outputPath: model}
    - {outputUri: model}
    - {outputPath: untyped}
    - concat: ['--text=', {inputValue: Text}, '/', {outputUri: model}]
    - if:
        cond: {isPresent: count}
        then: [--count, {inputValue: count}]
    - if:
        cond: {isPresent: extra}
        then: [--extra, {inputPath: extra}]
        else: [--no-extra]
    - if:
        cond: {isPresent: count}
        then: {inputValue: count}
        else: []
    - concat:
      - '--n='
      - if: {cond: {isPresent: count}, then: {inputValue: count}, else: '0'}
    env:
      MODE: fast
      LEVEL: '3'
`);
    const c = container(op.spec);
    expect(c.command).toEqual(['prog', '{{$}}']);
    expect(c.args).toEqual([
      "{{$.inputs.parameters['text']}}",
      "{{$.inputs.artifacts['data'].path}}",
      "{{$.inputs.artifacts['data'].uri}}",
      "{{$.outputs.parameters['number'].output_file}}",
      "{{$.outputs.artifacts['model'].path}}",
      "{{$.outputs.artifacts['model'].uri}}",
      "{{$.outputs.artifacts['untyped'].path}}",
      `{"Concat": ["--text=", "{{$.inputs.parameters['text']}}", "/", "{{$.outputs.artifacts['model'].uri}}"]}`,
      `{"IfPresent": {"InputName": "count", "Then": ["--count", "{{$.inputs.parameters['count']}}"]}}`,
      `{"IfPresent": {"InputName": "extra", "Then": ["--extra", "{{$.inputs.artifacts['extra'].path}}"], "Else": ["--no-extra"]}}`,
      `{"IfPresent": {"InputName": "count", "Then": "{{$.inputs.parameters['count']}}"}}`,
      `{"Concat": ["--n=", {"IfPresent": {"InputName": "count", "Then": "{{$.inputs.parameters['count']}}", "Else": "0"}}]}`,
    ]);
    expect(c.env).toEqual({ MODE: 'fast', LEVEL: '3' });
  });

  it('is callable like a native component and compiles', () => {
    const echo = loadComponentFromText(
      `
name: Echo
inputs:
- {name: text, type: String}
outputs:
- {name: out, type: String}
implementation:
  container:
    image: alpine
    command: [sh, -c, 'echo "$0" | tee "$1"', {inputValue: text}, {outputPath: out}]
`,
      { inputs: { text: t.string() }, outputs: { out: t.string() } },
    );
    const p = pipeline({ name: 'echo-twice' }, () => {
      const first = echo({ text: 'hi' });
      echo({ text: first.output }).setEnvVariable('A', 'b');
    });
    const { pipelineSpec } = compile(p);
    expect(Object.keys(pipelineSpec.components)).toEqual(['comp-echo', 'comp-echo-2']);
    expect(pipelineSpec.deploymentSpec.executors['exec-echo-2']).toMatchObject({ container: { env: [{ name: 'A', value: 'b' }] } });
  });
});

describe('compiled (IR) YAML', () => {
  const singleComponent = `
# PIPELINE DEFINITION
# Name: add
components:
  comp-add:
    executorLabel: exec-add
    inputDefinitions:
      parameters:
        a: {parameterType: NUMBER_DOUBLE}
        b: {defaultValue: 2.0, isOptional: true, parameterType: NUMBER_DOUBLE}
        legacy: {defaultValue: x, parameterType: STRING}
      artifacts:
        data: {artifactType: {schemaTitle: system.Dataset, schemaVersion: 0.0.1}, isOptional: true}
        many: {artifactType: {schemaTitle: system.Model, schemaVersion: 0.0.1}, isArtifactList: true}
    outputDefinitions:
      parameters:
        Output: {parameterType: NUMBER_DOUBLE, description: dropped}
deploymentSpec:
  executors:
    exec-add:
      container:
        image: python:3.11
        command: [sh, -c, add]
        args: ['{{$.inputs.parameters[''a'']}}']
        env: [{name: MODE, value: fast}]
        resources: {cpuLimit: 1.0}
pipelineInfo:
  name: add
root:
  dag:
    tasks:
      add: {componentRef: {name: comp-add}, taskInfo: {name: add}}
schemaVersion: 2.1.0
sdkVersion: kfp-2.15.2
`;

  it('loads a single compiled component as a container component', () => {
    const add = loadComponentFromText(singleComponent);
    expect(add.spec.name).toBe('add');
    expect(container(add.spec)).toEqual({
      image: 'python:3.11',
      command: ['sh', '-c', 'add'],
      args: ["{{$.inputs.parameters['a']}}"],
      env: { MODE: 'fast' },
    });
    const i = add.spec.inputs;
    expect(i.a).toMatchObject({ parameterType: 'NUMBER_DOUBLE', optional: false });
    expect(i.b).toMatchObject({ optional: true, defaultValue: 2 });
    expect(i.legacy).toMatchObject({ optional: true, defaultValue: 'x' });
    expect(i.data).toMatchObject({ schemaTitle: 'system.Dataset', optional: true, isList: false });
    expect(i.many).toMatchObject({ schemaTitle: 'system.Model', isList: true });
    expect(add.spec.outputs.Output).not.toHaveProperty('description');
  });

  it('loads a compiled pipeline as an IR component that compiles as a sub-pipeline', () => {
    const text = readFileSync(join(corpusDir, 'essential', 'pipeline_with_outputs.yaml'), 'utf8');
    const inner = loadComponentFromText(text, { inputs: { msg: t.string() }, outputs: { Output: t.artifact() } });
    expect(inner.spec.implementation.kind).toBe('ir');
    const show = containerComponent({
      name: 'show',
      inputs: { data: t.artifact() },
      image: 'alpine',
      command: ({ inputs }) => ['cat', inputs.data.path],
    });
    const outer = pipeline({ name: 'outer' }, () => {
      const task = inner({ msg: 'Hello' });
      show({ data: task.output });
      inner({ msg: 'again' });
    });
    const { pipelineSpec } = compile(outer);
    const loaded = inner.spec.implementation.kind === 'ir' ? inner.spec.implementation.ir.pipelineSpec : {};
    expect(pipelineSpec.components['comp-pipeline-in-pipeline']).toEqual(loaded.root);
    expect(pipelineSpec.root.dag?.tasks['show'].inputs?.artifacts?.data).toEqual({
      taskOutputArtifact: { producerTask: 'pipeline-in-pipeline', outputArtifactKey: 'Output' },
    });
    // The second call merges the loaded components again, renamed.
    expect(pipelineSpec.components).toHaveProperty('comp-pipeline-in-pipeline-2');
    expect(pipelineSpec.components).toHaveProperty('comp-inner-pipeline-2');
  });

  it('reads component files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfp-ts-load-'));
    const file = join(dir, 'component.yaml');
    writeFileSync(file, 'name: from file\nimplementation:\n  container: {image: alpine}\n');
    expect(loadComponentFromFile(file).spec.name).toBe('from file');
  });

  const yamlOnly = join(corpusDir, 'yaml-only');
  // This file continues a quoted string at the indentation of its sequence, which YAML does not allow
  // (PyYAML is lenient about it); it is rejected with the line of the problem.
  const invalidYaml = 'placeholder_with_if_placeholder_none_input_value.yaml';

  it(`rejects yaml-only/${invalidYaml}, which is not valid YAML`, () => {
    expect(loadError(() => loadComponentFromFile(join(yamlOnly, invalidYaml))).message).toMatch(
      /component YAML \(.*, line 26\): invalid YAML: Missing closing 'quote/,
    );
  });

  // This pipeline iterates over a list of artifacts (artifactIterator), which the KFP backend rejects.
  const artifactIterator = 'pipeline_with_parallelfor_list_artifacts_GH-12033.yaml';

  it(`loads yaml-only/${artifactIterator} but refuses to compile it for the backend`, () => {
    const loaded = loadComponentFromFile(join(yamlOnly, artifactIterator));
    const wrapper = pipeline({ name: 'wrapper' }, () => void loaded());
    expect(loadError(() => compile(wrapper)).message).toMatch(/cannot run on the KFP backend: .*artifactIterator/);
  });

  for (const file of readdirSync(yamlOnly).filter((f) => f.endsWith('.yaml') && f !== invalidYaml && f !== artifactIterator).sort()) {
    it(`loads and compiles yaml-only/${file}`, () => {
      const loaded = loadComponentFromFile(join(yamlOnly, file));
      const spec = loaded.spec;
      const required = Object.entries(spec.inputs).filter(
        ([, type]) => !type.optional && !(type.kind === 'parameter' && type.parameterType === 'TASK_FINAL_STATUS'),
      );
      const finalStatus = Object.values(spec.inputs).some((type) => type.kind === 'parameter' && type.parameterType === 'TASK_FINAL_STATUS');
      const work = containerComponent({ name: 'work', image: 'alpine', command: ['true'] });
      const wrapper = pipeline({ name: 'wrapper', inputs: Object.fromEntries(required) }, (inputs) => {
        if (finalStatus) ExitHandler(loaded(inputs), () => void work());
        else loaded(inputs);
      });
      const { pipelineSpec } = compile(wrapper);
      expect(spec.implementation.kind).toBe(file.startsWith('component_') ? 'container' : 'ir');
      expect(Object.keys(pipelineSpec.root.dag?.tasks ?? {})).toContain(spec.name.toLowerCase().replace(/[^-0-9a-z]+/g, '-'));
    });
  }
});

describe('declared interfaces', () => {
  const text = `
name: Typed
inputs:
- {name: text, type: String}
- {name: n, type: Integer, default: '1'}
outputs:
- {name: model, type: Model}
implementation:
  container: {image: alpine}
`;

  it('types calls and task outputs', () => {
    const typed = loadComponentFromText(text, { inputs: { text: t.string(), n: t.integer().optionalInput() }, outputs: { model: t.model() } });
    const use = containerComponent({ name: 'use', inputs: { m: t.model() }, image: 'alpine' });
    pipeline({ name: 'typed' }, () => {
      const task = typed({ text: 'x' });
      use({ m: task.outputs.model });
    });
    expect(() =>
      pipeline({ name: 'typed' }, () => {
        // @ts-expect-error: 'text' is declared as a string
        typed({ text: 3 });
      }),
    ).toThrow(/input 'text' is STRING, got number 3/);
  });

  it('rejects declarations that do not match the YAML', () => {
    expect(loadError(() => loadComponentFromText(text, { inputs: { text: t.integer() } })).message).toMatch(
      /declared input 'text' is NUMBER_INTEGER, but the YAML has STRING/,
    );
    expect(loadError(() => loadComponentFromText(text, { inputs: { n: t.integer() } })).message).toMatch(
      /required input 'text' is missing from the declared inputs/,
    );
    expect(loadError(() => loadComponentFromText(text, { outputs: { model: t.dataset() } })).message).toMatch(
      /declared output 'model' is system.Dataset, but the YAML has system.Model/,
    );
    expect(loadError(() => loadComponentFromText(text, { outputs: { other: t.dataset() } })).message).toMatch(
      /declared output 'other' is not an output of the YAML \(it has: model\)/,
    );
  });

  it('checks arguments of untyped calls when called', () => {
    const untyped = loadComponentFromText(text);
    expect(() => pipeline({ name: 'p' }, () => void untyped({}))).toThrow(/missing required input 'text'/);
    expect(() => pipeline({ name: 'p' }, () => void untyped({ text: 'a', bogus: 1 }))).toThrow(/has no input 'bogus'/);
  });
});

describe('malformed YAML', () => {
  const cases: [string, string, RegExp][] = [
    ['invalid YAML syntax', 'name: x\ninputs: [\n', /component YAML \(line \d+\): invalid YAML/],
    ['three documents', 'a: 1\n---\nb: 2\n---\nc: 3\n', /expected one YAML document \(or two: a PipelineSpec and its PlatformSpec\), got 3/],
    ['an empty text', '', /got 0/],
    ['a document that is not a mapping', '- a\n- b\n', /the YAML document must be a mapping/],
    ['neither v1 nor IR', 'name: x\n', /pipelineInfo: missing: an IR YAML has pipelineInfo.name/],
    ['a v1 graph implementation', 'name: g\nimplementation:\n  graph: {tasks: {}}\n', /component 'g' \(line 3\): implementation: only container implementations can be loaded \(found: graph\)/],
    ['a v1 container without image', 'name: c\nimplementation:\n  container: {command: [a]}\n', /implementation.container.image: must be a non-empty string/],
    ['an unknown v1 field', 'name: c\ninputs:\n- {name: a, defualt: x}\nimplementation:\n  container: {image: i}\n', /inputs\[0\].defualt: unknown field 'defualt'/],
    ['duplicate v1 input names', 'name: c\ninputs:\n- {name: a}\n- {name: a}\nimplementation:\n  container: {image: i}\n', /inputs\[1\].name: duplicate input name 'a'/],
    ['names that sanitize alike', 'name: c\ninputs:\n- {name: My Input}\n- {name: my_input}\nimplementation:\n  container: {image: i}\n', /'my_input' and 'My Input' both become 'my_input'/],
    ['an integer default that is not an integer', 'name: c\ninputs:\n- {name: n, type: Integer, default: "1.5"}\nimplementation:\n  container: {image: i}\n', /component 'c' \(line 3\): inputs\[0\].default: '1.5' is not an integer/],
    ['a bad boolean default', 'name: c\ninputs:\n- {name: b, type: Bool, default: maybe}\nimplementation:\n  container: {image: i}\n', /'maybe' is not a boolean/],
    ['a placeholder naming an unknown input', 'name: c\ninputs:\n- {name: a}\nimplementation:\n  container:\n    image: i\n    args: [{inputPath: b}]\n', /args\[0\].inputPath: 'b' is not a declared input \(inputs: a\)/],
    ['inputValue on an artifact input', 'name: c\ninputs:\n- {name: a, type: Dataset}\nimplementation:\n  container:\n    image: i\n    args: [{inputValue: a}]\n', /'a' is an artifact input; use inputPath or inputUri/],
    ['inputPath on a parameter input', 'name: c\ninputs:\n- {name: a, type: String}\nimplementation:\n  container:\n    image: i\n    args: [{inputPath: a}]\n', /'a' is a parameter input; use inputValue/],
    ['outputUri on a parameter output', 'name: c\noutputs:\n- {name: o, type: Integer}\nimplementation:\n  container:\n    image: i\n    args: [{outputUri: o}]\n', /'o' is a parameter output; use outputPath/],
    ['an unsupported placeholder', 'name: c\ninputs:\n- {name: a}\nimplementation:\n  container:\n    image: i\n    args: [{inputMetadata: a}]\n', /args\[0\]: unsupported placeholder 'inputMetadata'/],
    ['a placeholder with two keys', 'name: c\ninputs:\n- {name: a}\nimplementation:\n  container:\n    image: i\n    args: [{inputPath: a, inputUri: a}]\n', /a placeholder is a mapping with one key, got inputPath, inputUri/],
    ['a number in args', 'name: c\nimplementation:\n  container:\n    image: i\n    args: [--n, 5]\n', /args\[1\]: must be a string or a placeholder, got 5 \(quote numbers and booleans\)/],
    ['an if without isPresent', 'name: c\ninputs:\n- {name: a}\nimplementation:\n  container:\n    image: i\n    args: [{if: {cond: true, then: [x]}}]\n', /args\[0\].if.cond: must be \{isPresent: <input name>\}/],
    ['an if with list branches inside concat', 'name: c\ninputs:\n- {name: a, type: String}\nimplementation:\n  container:\n    image: i\n    args: [{concat: [x, {if: {cond: {isPresent: a}, then: [y]}}]}]\n', /an 'if' inside 'concat' must have a single element/],
    ['a non-string env value', 'name: c\nimplementation:\n  container:\n    image: i\n    env: {N: 1}\n', /implementation.container.env.N: must be a string/],
    ['an unknown IR parameter type', 'pipelineInfo: {name: p}\ncomponents: {}\ndeploymentSpec: {executors: {}}\nroot:\n  dag: {tasks: {}}\n  inputDefinitions:\n    parameters:\n      x: {parameterType: NUMBER}\n', /component 'p' \(line 8\): root.inputDefinitions.parameters.x.parameterType: unknown parameter type "NUMBER"/],
    ['an IR pipeline without a dag', 'pipelineInfo: {name: p}\ncomponents: {}\ndeploymentSpec: {executors: {}}\nroot: {}\n', /root.dag: missing: the YAML has no executor 'exec-p', so it must be a pipeline with a dag/],
    ['an IR executor that is not a container', 'pipelineInfo: {name: p}\ndeploymentSpec: {executors: {exec-p: {importer: {}}}}\nroot: {dag: {tasks: {}}}\n', /deploymentSpec.executors.exec-p: must be a container executor/],
  ];
  for (const [what, text, message] of cases) {
    it(`rejects ${what}`, () => {
      const error = loadError(() => loadComponentFromText(text));
      expect(error).toBeInstanceOf(KfpDefinitionError);
      expect(error.message).toMatch(message);
    });
  }

  it('names the file and line, and reports it as the error location', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfp-ts-load-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: Bad\ninputs:\n- {name: n, type: Integer, default: x}\nimplementation:\n  container: {image: i}\n');
    const error = loadError(() => loadComponentFromFile(file));
    expect(error.message).toBe(`component 'Bad' (${file}, line 3): inputs[0].default: 'x' is not an integer`);
    expect(error.context).toMatchObject({ field: 'inputs[0].default', location: { file, line: 3 } });
  });

  it('reports a missing file', () => {
    expect(loadError(() => loadComponentFromFile('/no/such/component.yaml')).message).toBe(
      "cannot read component file '/no/such/component.yaml': no such file",
    );
  });

  it('names the source given in the options', () => {
    expect(loadError(() => loadComponentFromText('name: x\n', { source: 'https://example.com/c.yaml' })).message).toMatch(
      /^component YAML \(https:\/\/example.com\/c.yaml, line 1\): pipelineInfo: missing/,
    );
  });
});
