/**
 * More real Python components from the KFP corpus: lists of artifacts, NamedTuple and struct returns,
 * embedded files, an exit task's status, and components whose packages are not installed here.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalRunError } from '../../../packages/compiler/src/local/errors.js';
import { corpusSpec } from './corpus-spec.js';
import { cleanUpRuns, newRunFolder, runExecutor } from './harness.js';

afterAll(cleanUpRuns);

const root = newRunFolder();
const read = (path: string) => readFileSync(path, 'utf8');

describe('more corpus components', () => {
  it('valid/artifacts_complex: artifacts in, lists of artifacts in, artifacts out', async () => {
    const spec = await corpusSpec('valid/artifacts_complex');
    const doubled = [1, 2, 3].map((num) => runExecutor(spec, 'exec-double', { root, parameters: { num } }).outputArtifacts.out_dataset);
    const sum = runExecutor(spec, 'exec-add', { root, artifacts: { in_datasets: doubled } });
    const total = runExecutor(spec, 'exec-add-two-ints', {
      root,
      artifacts: { in_dataset1: sum.outputArtifacts.out_dataset, in_dataset2: doubled[0] },
    });
    expect(read(sum.outputArtifacts.out_dataset.path)).toBe('12');
    expect(read(total.outputArtifacts.out_dataset.path)).toBe('14');
  });

  it('local_execution/pipeline_with_collected_artifacts: a List[Artifact] input', async () => {
    const spec = await corpusSpec('local_execution/pipeline_with_collected_artifacts');
    const written = [2, 0, 1].map((index) => runExecutor(spec, 'exec-write-artifact', { root, parameters: { index } }).outputArtifacts.out);
    const joined = runExecutor(spec, 'exec-read-and-join', { root, artifacts: { artifacts: written } });
    expect(joined.outputParameters).toEqual({ Output: '0,1,2' });
  });

  it('critical/multiple_parameters_namedtuple and parallel_and_nested/pipeline_with_loops: NamedTuple and List[Dict] returns', async () => {
    const tuple = runExecutor(await corpusSpec('critical/multiple_parameters_namedtuple'), 'exec-core-comp', { root });
    expect(tuple.outputParameters).toEqual({ val1: 'foo', val2: 'bar' });
    const loops = await corpusSpec('parallel_and_nested/pipeline_with_loops');
    const generated = runExecutor(loops, 'exec-args-generator-op', { root });
    expect(generated.outputParameters).toEqual({ Output: [{ A_a: '1', B_b: '2' }, { A_a: '10', B_b: '20' }] });
    const printed = runExecutor(loops, 'exec-print-struct', { root, parameters: { struct: { A_a: '1' } } });
    expect(printed.stdout).toBe("{'A_a': '1'}\n");
  });

  it('essential/embedded_artifact: EmbeddedInput receives the embedded file and folder', async () => {
    const spec = await corpusSpec('essential/embedded_artifact');
    for (const label of ['exec-read-embedded-artifact-file', 'exec-read-embedded-artifact-dir']) {
      const run = runExecutor(spec, label, { root });
      expect({ label, code: run.code, stderr: run.stderr }).toEqual({ label, code: 0, stderr: '' });
    }
  });

  it('critical/pipeline_with_input_status_state: the exit task gets the final status', async () => {
    const spec = await corpusSpec('critical/pipeline_with_input_status_state');
    const status = { state: 'COMPLETE', pipelineJobResourceName: 'status-state-pipeline-x1', pipelineTaskName: 'exit-handler-1' };
    expect(runExecutor(spec, 'exec-echo-state', { root, parameters: { status } }).code).toBe(0);
    const wrong = runExecutor(spec, 'exec-echo-state', { root, parameters: { status: { ...status, state: 'FAILED' } } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("assert(status.state == 'COMPLETE')");
  });

  it('valid/metrics_visualization_v2: HTML and Markdown outputs run; the scikit-learn steps report the missing package', async () => {
    const spec = await corpusSpec('valid/metrics_visualization_v2');
    const html = runExecutor(spec, 'exec-html-visualization', { root });
    expect(read(html.outputArtifacts.html_artifact.path)).toBe('<!DOCTYPE html><html><body><h1>Hello world</h1></body></html>');
    const markdown = runExecutor(spec, 'exec-markdown-visualization', { root });
    expect(read(markdown.outputArtifacts.markdown_artifact.path)).toBe('## Hello world \n\n Markdown content');
    expect(() => runExecutor(spec, 'exec-wine-classification', { root })).toThrow(LocalRunError);
    expect(() => runExecutor(spec, 'exec-wine-classification', { root })).toThrow(
      "task 'comp-wine-classification': Python packages not installed for /usr/bin/python3: scikit-learn (",
    );
  });

  it('essential/component_with_pip_install: a package from a custom index that is not installed', async () => {
    const spec = await corpusSpec('essential/component_with_pip_install');
    expect(() => runExecutor(spec, 'exec-component-with-pip-install', { root })).toThrow(/Python packages not installed for \S+: yapf \(/);
  });

  it('failing/fail_v2: sys.exit(1) fails the task', async () => {
    const run = runExecutor(await corpusSpec('failing/fail_v2'), 'exec-fail', { root });
    expect(run.code).toBe(1);
    expect(run.executorOutput).toBeUndefined();
  });
});
