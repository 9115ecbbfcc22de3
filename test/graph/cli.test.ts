/**
 * `kfp-ts graph` as a user runs it (the built binary): a .ts pipeline and its compiled YAML draw the same
 * picture, each format goes where -o says, and bad input gets one line and leaves no file behind.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusDir, fixture, hasStackTrace, kfpTs, scratchDir } from '../cli/run-cli.js';
import { corpusAvailable, parseXml } from './helpers.js';

const scratch: { remove: () => void }[] = [];
afterEach(() => scratch.splice(0).forEach((s) => s.remove()));

function outputDir() {
  const s = scratchDir();
  scratch.push(s);
  return s;
}

describe('kfp-ts graph', () => {
  it('draws a .ts pipeline and its compiled YAML the same way, in each format', () => {
    const out = outputDir();
    const yaml = join(out.dir, 'polyp.yaml');
    expect(kfpTs('compile', 'examples/polyp/pipeline.ts', '-o', yaml).code).toBe(0);
    const fromTs = join(out.dir, 'from-ts.svg');
    const ts = kfpTs('graph', 'examples/polyp/pipeline.ts', '-o', fromTs);
    expect(ts.code, ts.stderr).toBe(0);
    expect(ts.stderr).toBe(`wrote ${fromTs}\n`);
    expect(ts.stdout).toBe('');
    for (const format of ['svg', 'html', 'mmd']) expect(kfpTs('graph', yaml, '-o', join(out.dir, `from-yaml.${format}`)).code).toBe(0);
    expect(readFileSync(fromTs, 'utf8')).toBe(readFileSync(join(out.dir, 'from-yaml.svg'), 'utf8'));

    const texts = parseXml(readFileSync(fromTs, 'utf8')).filter((e) => e.name === 'text').map((e) => e.text);
    for (const name of [
      'ExitHandler: train-and-deploy',
      'Inspect dataset',
      'Ray Tune',
      'Ray Train (2 GPU workers)',
      'Log training run to MLflow',
      'Evaluate: Dice gate',
      'dice-passes: If quality-gate.passed == true',
      'Export ONNX',
      'Validate ONNX (ONNX Runtime)',
      'Register in MLflow',
      'Record final status in MLflow',
    ]) {
      expect(texts).toContain(name);
    }
    const html = readFileSync(join(out.dir, 'from-yaml.html'), 'utf8');
    expect(html).toContain('<h1>Polyp segmentation: train, evaluate, deploy</h1>');
    expect(html).toContain('<td>Deploy to KServe (canary)</td>');
    const mermaid = readFileSync(join(out.dir, 'from-yaml.mmd'), 'utf8');
    expect(mermaid).toContain('flowchart TD\n');
    expect(mermaid).toContain('  g_exit_handler_1 -. on exit .-> t_mlflow_final_status\n');
    expect(out.files().sort()).toEqual(['from-ts.svg', 'from-yaml.html', 'from-yaml.mmd', 'from-yaml.svg', 'polyp.yaml']);
  });

  it('writes Mermaid to standard output, or the format --format names', () => {
    const mermaid = kfpTs('graph', fixture('good.ts'));
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^---\ntitle: "hello-cli"\n---\nflowchart TD\n {2}t_greet\["greet/m);
    const svg = kfpTs('graph', fixture('good.ts'), '--format', 'svg');
    expect(svg.code).toBe(0);
    expect(parseXml(svg.stdout)[0].name).toBe('svg');
  });

  it('chooses among several pipelines with --pipeline', () => {
    const r = kfpTs('graph', fixture('two-pipelines.ts'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*exports several pipelines \(.*\): choose one with --pipeline <exportName>\n$/);
    const chosen = kfpTs('graph', fixture('two-pipelines.ts'), '--pipeline', 'second');
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toContain('title: "second-pipeline"');
  });

  it.skipIf(!corpusAvailable)('draws compiled YAML with two documents (PipelineSpec and PlatformSpec)', () => {
    const out = outputDir();
    const file = join(out.dir, 'pvc.html');
    const r = kfpTs('graph', join(corpusDir, 'kubernetes/create_mount_delete_dynamic_pvc.yaml'), '-o', file);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('createpvc');
  });

  it('documents the command', () => {
    const r = kfpTs('graph', '--help');
    expect(r.code).toBe(0);
    for (const text of ['Usage: kfp-ts graph [options] <file>', '-o, --output <file>', '-f, --format <format>', '-p, --pipeline <exportName>', 'Examples:']) {
      expect(r.stdout).toContain(text);
    }
    expect(kfpTs('--help').stdout).toMatch(/graph \[options\] <file>/);
  });
});

describe('kfp-ts graph with bad input', () => {
  /** Runs a graph that must fail: exit code 1, one error line, no stack trace, nothing written. */
  function graphFails(input: string, output = 'out.svg', ...extra: string[]): string {
    const out = outputDir();
    const r = kfpTs('graph', input, '-o', join(out.dir, output), ...extra);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stderr).toMatch(/^error: [^\n]+\n$/);
    expect(out.files()).toEqual([]);
    return r.stderr;
  }

  it('refuses an input it cannot draw', () => {
    expect(graphFails('README.md')).toBe('error: cannot draw README.md: give a pipeline .ts/.js file or a compiled .yaml file\n');
  });

  it('refuses an output format it does not write', () => {
    const stderr = graphFails('examples/polyp/pipeline.ts', 'out.png');
    expect(stderr).toMatch(/the output file '.*out\.png' should end with \.mmd, \.svg, \.html\n$/);
    expect(graphFails('examples/polyp/pipeline.ts', 'out.svg', '--format', 'html')).toMatch(/--format html does not match the output file/);
    expect(graphFails('examples/polyp/pipeline.ts', 'out.svg', '--format', 'dot')).toMatch(/unknown format 'dot': use one of mmd, svg, html/);
  });

  it('names a missing file', () => {
    expect(graphFails('nowhere/pipeline.yaml')).toBe('error: no such file: nowhere/pipeline.yaml\n');
    expect(graphFails('nowhere/pipeline.ts')).toBe('error: no such file: nowhere/pipeline.ts\n');
  });

  it('refuses invalid YAML and YAML that is not a compiled pipeline', () => {
    const out = outputDir();
    const broken = join(out.dir, 'broken.yaml');
    writeFileSync(broken, 'pipelineInfo: [unclosed\nroot: {}\n');
    expect(graphFails(broken)).toMatch(/^error: .*broken\.yaml is not valid YAML: [^:\n]+.*\n$/);
    const component = join(out.dir, 'component.yaml');
    writeFileSync(component, 'name: add\nimplementation:\n  container:\n    image: alpine\n');
    expect(graphFails(component)).toBe(`error: ${component} is not a compiled KFP pipeline (it has no pipelineInfo and root)\n`);
    const dangling = join(out.dir, 'dangling.yaml');
    writeFileSync(
      dangling,
      'pipelineInfo: {name: dangling}\nroot: {dag: {tasks: {a: {taskInfo: {name: a}, componentRef: {name: comp-a}, dependentTasks: [ghost]}}}}\ncomponents: {comp-a: {executorLabel: exec-a}}\ndeploymentSpec: {executors: {exec-a: {container: {image: alpine}}}}\n',
    );
    expect(graphFails(dangling)).toBe("error: pipeline 'dangling', field 'root.dag.tasks.a.dependentTasks[0]': no task named 'ghost' in this DAG\n");
  });

  it('refuses --pipeline on a YAML file', () => {
    expect(graphFails(join(corpusDir, 'critical/add_numbers.yaml'), 'out.svg', '--pipeline', 'x')).toMatch(/--pipeline chooses among the exports of a \.ts\/\.js file/);
  });

  it('reports a pipeline that does not compile as compile does, and writes nothing', () => {
    const out = outputDir();
    const r = kfpTs('graph', fixture('invalid-quantity.ts'), '-o', join(out.dir, 'out.svg'));
    expect(r.code).toBe(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stderr.split('\n')[0]).toMatch(/^error: pipeline 'bad-memory', task 'work', field 'memoryLimit': 'lots' is not a memory quantity.*invalid-quantity\.ts:13:\d+\)$/);
    expect(out.files()).toEqual([]);
  });
});
