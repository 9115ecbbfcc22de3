/**
 * Python function components run with the local Python through the minimal `kfp` stand-in (the KFP SDK
 * is not installed here): each parameter and artifact kind goes in and comes out as the KFP executor
 * passes and writes it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pythonComponent, t } from '@kfp-ts/dsl';
import { kfpShimPath } from '../../../packages/compiler/src/local/python/index.js';
import { cleanUpRuns, fileArtifact, newRunFolder, runExecutor, specOf } from './harness.js';

afterAll(cleanUpRuns);

const root = newRunFolder();
const read = (path: string) => readFileSync(path, 'utf8');

describe('parameters', () => {
  const echoTypes = pythonComponent({
    functionName: 'echo_types',
    source: `
def echo_types(
    count: int,
    ratio: float,
    name: str,
    enabled: bool,
    options: Dict[str, int],
    tags: List[str],
    note: Optional[str] = None,
    scale: float = 1.5,
) -> NamedTuple('Outputs', [('next', int), ('scaled', float), ('kinds', str), ('negated', bool),
                            ('merged', dict), ('extended', list), ('seen_note', str)]):
    kinds = ','.join(type(v).__name__ for v in (count, ratio, name, enabled, options, tags, scale))
    return (count + 1, ratio * scale, kinds, not enabled, {**options, 'extra': 1}, tags + [name], str(note))
`,
    inputs: {
      count: t.integer(),
      ratio: t.float(),
      name: t.string(),
      enabled: t.boolean(),
      options: t.struct(),
      tags: t.list(),
      note: t.string().default(null),
      scale: t.float().default(1.5),
    },
    outputs: { next: t.integer(), scaled: t.float(), kinds: t.string(), negated: t.boolean(), merged: t.struct(), extended: t.list(), seen_note: t.string() },
  });

  it('receives each type as its annotation says and returns the NamedTuple fields as output parameters', () => {
    // A whole-number float arrives as a JSON integer, as it does from the KFP driver.
    const run = runExecutor(specOf(echoTypes), 'exec-echo-types', {
      root,
      parameters: { count: 41, ratio: 2, name: 'x', enabled: true, options: { a: 1 }, tags: ['t'] },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.executorOutput).toEqual({
      parameterValues: { next: 42, scaled: 3, kinds: 'int,float,str,bool,dict,list,float', negated: false, merged: { a: 1, extra: 1 }, extended: ['t', 'x'], seen_note: 'None' },
    });
    expect(run.outputParameters).toEqual(run.executorOutput?.parameterValues);
  });

  it('passes an optional input that was given', () => {
    const run = runExecutor(specOf(echoTypes), 'exec-echo-types', {
      root,
      parameters: { count: 0, ratio: 0.5, name: 'y', enabled: false, options: {}, tags: [], note: 'hi', scale: 2 },
    });
    expect(run.code).toBe(0);
    expect(run.outputParameters).toMatchObject({ seen_note: 'hi', scaled: 1, negated: true });
  });

  it('writes OutputPath parameters to their files, where the launcher reads them by type', () => {
    const toFiles = pythonComponent({
      functionName: 'to_files',
      source: `
def to_files(text: OutputPath(str), number: OutputPath(int), flags: OutputPath(list)):
    import json
    with open(text, 'w') as f:
        f.write('written')
    with open(number, 'w') as f:
        f.write('7')
    with open(flags, 'w') as f:
        json.dump([True, False], f)
`,
      outputs: { text: t.string(), number: t.integer(), flags: t.list() },
    });
    const run = runExecutor(specOf(toFiles), 'exec-to-files', { root });
    expect(run.code).toBe(0);
    expect(run.executorOutput).toEqual({});
    expect(run.outputParameters).toEqual({ text: 'written', number: 7, flags: [true, false] });
  });

  it('fails when the function returns a value of another type than its annotation', () => {
    const wrong = pythonComponent({
      functionName: 'wrong',
      source: 'def wrong() -> int:\n    return "seven"\n',
      outputs: { Output: t.integer() },
    });
    const run = runExecutor(specOf(wrong), 'exec-wrong', { root });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("ValueError: Function `wrong` returned value of type <class 'str'>; want type <class 'int'>");
    expect(run.executorOutput).toBeUndefined();
  });
});

describe('artifacts', () => {
  it('reads input artifacts (object, path, list) and writes output artifacts with their metadata', () => {
    const combine = pythonComponent({
      functionName: 'combine',
      source: `
def combine(
    table: Input[Dataset],
    extra_path: InputPath('Dataset'),
    parts: Input[List[Dataset]],
    model: Output[Model],
    report_path: OutputPath('Markdown'),
) -> str:
    with open(extra_path) as f:
        extra = f.read()
    joined = '+'.join(open(p.path).read() for p in parts)
    with open(model.path, 'w') as f:
        f.write(open(table.path).read().upper() + extra + joined)
    model.metadata['rows'] = table.metadata['rows'] * 2
    model.framework = 'plain-text'
    with open(report_path, 'w') as f:
        f.write('# report')
    return type(table).__name__ + ':' + table.name + ':' + ','.join(p.uri.rsplit('/', 1)[-1] for p in parts)
`,
      inputs: { table: t.dataset(), extra_path: t.dataset(), parts: t.artifactList(t.dataset()) },
      outputs: { model: t.model(), report_path: t.markdown(), Output: t.string() },
    });
    const run = runExecutor(specOf(combine), 'exec-combine', {
      root,
      artifacts: {
        table: fileArtifact(root, 'table.csv', 'a,b\n', { metadata: { rows: 2 } }),
        extra_path: fileArtifact(root, 'extra.txt', 'extra'),
        parts: [fileArtifact(root, 'p1', 'one'), fileArtifact(root, 'p2', 'two')],
      },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputParameters).toEqual({ Output: 'Dataset:table:p1,p2' });
    const { model, report_path } = run.outputArtifacts;
    expect(read(model.path)).toBe('A,B\nextraone+two');
    expect(model.metadata).toEqual({ rows: 4, framework: 'plain-text' });
    expect(model.uri).toBe(join(run.taskDir, 'artifacts', 'model'));
    expect(read(report_path.path)).toBe('# report');
    expect(run.executorOutput?.artifacts).toEqual({
      model: { artifacts: [{ name: 'model', uri: model.uri, metadata: { rows: 4, framework: 'plain-text' } }] },
      report_path: { artifacts: [{ name: 'report_path', uri: report_path.uri, metadata: {} }] },
    });
  });

  it('passes None for an optional input artifact that was not given', () => {
    const maybe = pythonComponent({
      functionName: 'maybe',
      source: 'def maybe(data: Optional[Input[Dataset]] = None) -> str:\n    return repr(data)\n',
      inputs: { data: t.dataset().optionalInput() },
      outputs: { Output: t.string() },
    });
    const run = runExecutor(specOf(maybe), 'exec-maybe', { root });
    expect(run.code).toBe(0);
    expect(run.outputParameters).toEqual({ Output: 'None' });
  });

  it('logs scalar metrics and classification metrics in the layout the KFP UI reads', () => {
    const evaluate = pythonComponent({
      functionName: 'evaluate',
      source: `
def evaluate(metrics: Output[Metrics], curves: Output[ClassificationMetrics], sliced: Output[SlicedClassificationMetrics]):
    sliced.set_confusion_matrix_categories('all', ['a', 'b'])
    sliced.log_confusion_matrix_row('all', 'a', [1, 0])
    sliced.log_roc_reading('all', threshold=0.5, tpr=0.8, fpr=0.1)
    metrics.log_metric('accuracy', 0.9)
    metrics.log_metric('count', 12)
    curves.log_roc_curve(fpr=[0.0, 0.5], tpr=[0.0, 1.0], threshold=[1.0, 0.2])
    curves.log_confusion_matrix(['cat', 'dog'], [[3, 1], [0, 4]])
    curves.log_confusion_matrix_cell('dog', 'cat', 2)
`,
      outputs: { metrics: t.metrics(), curves: t.classificationMetrics(), sliced: t.slicedClassificationMetrics() },
    });
    const run = runExecutor(specOf(evaluate), 'exec-evaluate', { root });
    expect(run.code).toBe(0);
    expect(run.outputArtifacts.metrics.metadata).toEqual({ accuracy: 0.9, count: 12 });
    expect(run.outputArtifacts.curves.metadata).toEqual({
      confidenceMetrics: [
        { confidenceThreshold: 1.0, recall: 0.0, falsePositiveRate: 0.0 },
        { confidenceThreshold: 0.2, recall: 1.0, falsePositiveRate: 0.5 },
      ],
      confusionMatrix: {
        annotationSpecs: [{ displayName: 'cat' }, { displayName: 'dog' }],
        rows: [{ row: [3, 1] }, { row: [2, 4] }],
      },
    });
    expect(run.outputArtifacts.sliced.metadata).toEqual({
      evaluationSlices: [
        {
          slice: 'all',
          sliceClassificationMetrics: {
            confusionMatrix: { annotationSpecs: [{ displayName: 'a' }, { displayName: 'b' }], rows: [{ row: [1, 0] }, { row: [0, 0] }] },
            confidenceMetrics: [{ confidenceThreshold: 0.5, recall: 0.8, falsePositiveRate: 0.1 }],
          },
        },
      ],
    });
  });

  it('takes a returned artifact (created at dsl.get_uri) as the output, and writes other returned values into the planned one', () => {
    const produce = pythonComponent({
      functionName: 'produce',
      source: `
def produce(text: str) -> NamedTuple('Outputs', [('made', Dataset), ('plain', Artifact)]):
    made = Dataset(uri=dsl.get_uri('made-here'), metadata={'source': 'returned'})
    with open(made.path, 'w') as f:
        f.write(text)
    return made, text * 2
`,
      inputs: { text: t.string() },
      outputs: { made: t.dataset(), plain: t.artifact() },
    });
    const run = runExecutor(specOf(produce), 'exec-produce', { root, parameters: { text: 'ab' } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { made, plain } = run.outputArtifacts;
    expect(made.uri).toBe(join(run.taskDir, 'made-here'));
    expect(made.metadata).toEqual({ source: 'returned' });
    expect(read(made.path)).toBe('ab');
    expect(plain.uri).toBe(join(run.taskDir, 'artifacts', 'plain'));
    expect(read(plain.path)).toBe('abab');
  });

  it('maps gs:// URIs to the /gcs mount (moved by KFP_TS_MOUNT_ROOT), both ways', () => {
    const copy = pythonComponent({
      functionName: 'copy',
      source: `
def copy(src: Input[Dataset], dst: Output[Dataset]) -> str:
    with open(dst.path, 'w') as f:
        f.write(open(src.path).read() + '!')
    return src.path + ' ' + dst.path + ' ' + dsl.get_uri('x')
`,
      inputs: { src: t.dataset() },
      outputs: { dst: t.dataset(), Output: t.string() },
    });
    const mount = newRunFolder();
    mkdirSync(join(mount, 'gcs/bucket'), { recursive: true });
    writeFileSync(join(mount, 'gcs/bucket/in.txt'), 'data');
    const run = runExecutor(specOf(copy), 'exec-copy', {
      root,
      artifacts: { src: { uri: 'gs://bucket/in.txt' } },
      env: { KFP_TS_MOUNT_ROOT: mount },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [srcPath, dstPath, uri] = String(run.outputParameters.Output).split(' ');
    expect(srcPath).toBe(`${mount}/gcs/bucket/in.txt`);
    expect(dstPath).toBe(run.outputArtifacts.dst.path);
    expect(read(dstPath)).toBe('data!');
    expect(uri).toBe(join(run.taskDir, 'x'));
  });
});

describe('special inputs and failures', () => {
  it('passes PipelineTaskFinalStatus to an exit task', () => {
    const report = pythonComponent({
      functionName: 'report',
      source: `
def report(status: PipelineTaskFinalStatus) -> str:
    return f'{status.state} {status.pipeline_task_name} {status.error_code} {status.error_message}'
`,
      inputs: { status: t.taskFinalStatus() },
      outputs: { Output: t.string() },
    });
    const run = runExecutor(specOf(report), 'exec-report', {
      root,
      parameters: {
        status: { state: 'FAILED', pipelineJobResourceName: 'run-1', pipelineTaskName: 'exit-handler-1', error: { code: 9, message: 'boom' } },
      },
    });
    expect(run.code).toBe(0);
    expect(run.outputParameters).toEqual({ Output: 'FAILED exit-handler-1 9 boom' });
  });

  it('exits non-zero with the traceback on stderr when the function raises', () => {
    const fail = pythonComponent({
      functionName: 'fail',
      source: 'def fail(reason: str):\n    raise RuntimeError("stopped: " + reason)\n',
      inputs: { reason: t.string() },
    });
    const run = runExecutor(specOf(fail), 'exec-fail', { root, parameters: { reason: 'on purpose' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Traceback (most recent call last):');
    expect(run.stderr).toContain('ephemeral_component.py');
    expect(run.stderr).toMatch(/RuntimeError: stopped: on purpose\n$/);
    expect(run.executorOutput).toBeUndefined();
  });

  it('prints what the function prints, unbuffered, on stdout', () => {
    const talk = pythonComponent({ functionName: 'talk', source: 'def talk():\n    print("hello from python")\n' });
    const run = runExecutor(specOf(talk), 'exec-talk', { root });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('hello from python\n');
    expect(run.env).toMatchObject({ _KFP_RUNTIME: 'true', PYTHONUNBUFFERED: '1', PYTHONPATH: expect.stringContaining(kfpShimPath()) });
  });
});
