/**
 * How TypeScript components fail: at run time under the simulated launcher (an error thrown by the code,
 * bad executor input, a missing artifact or file, a wrong return value, a module that cannot load), the
 * step exits with 1, says why on standard error and writes no executor output; at compile time (code that
 * cannot be bundled or embedded), the compiler reports a definition error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isKfpDefinitionError, pipeline } from '@kfp-ts/dsl';
import { compile, compileToYaml, MAX_EMBEDDED_BUNDLE_BYTES } from '@kfp-ts/compiler';
import { alwaysFails, makeData, readsInput, returnsWrongType } from './fixtures/ts-components.js';
import { needsDatabase } from './fixtures/fails-to-load.js';
import { importsMissingPackage } from './fixtures/not-bundlable.js';
import { mentionsExecutorInput } from './fixtures/mentions-placeholder.js';
import { declaresPipeline, reusesRun } from './fixtures/misuses-dsl.js';
import { cleanUpLaunches, launch, type LaunchRequest } from './launcher.js';

afterAll(cleanUpLaunches);

const specOf = (component: Parameters<typeof compileToYaml>[0]) => parse(compileToYaml(component));

function fails(request: LaunchRequest) {
  const r = launch(request);
  expect(r.code).toBe(1);
  expect(r.executorOutput).toBeUndefined();
  return r;
}

describe('a TypeScript step that fails at run time', () => {
  it('reports an error thrown by run(), with where it was thrown', () => {
    const r = fails({ spec: specOf(alwaysFails), executor: 'exec-always-fails', parameters: { reason: 'disk full' } });
    const [first, ...stack] = r.stderr.trim().split('\n');
    expect(first).toBe("error: component 'always-fails' failed: deliberate failure: disk full");
    expect(stack[0]).toMatch(/^\s+at run /);
  });

  it('reports executor input that is not JSON', () => {
    const r = fails({ spec: specOf(makeData), executor: 'exec-make-data', parameters: { prefix: 'x' }, rewriteExecutorInput: () => '{"inputs": ' });
    expect(r.stderr.trim()).toMatch(/^error: component 'make-data': the executor input is not valid JSON: /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports executor input of the wrong shape', () => {
    const r = fails({ spec: specOf(makeData), executor: 'exec-make-data', parameters: { prefix: 'x' }, rewriteExecutorInput: () => '{"inputs": {}, "outputs": {}}' });
    expect(r.stderr.trim()).toBe("error: component 'make-data': executor input: outputs.outputFile (where the executor output goes) is missing");
  });

  it('reports a missing required parameter', () => {
    const r = fails({ spec: specOf(makeData), executor: 'exec-make-data', parameters: {} });
    expect(r.stderr.trim()).toBe("error: component 'make-data': the executor input has no value for the required input parameter 'prefix'");
  });

  it('reports a parameter of the wrong type', () => {
    const r = fails({ spec: specOf(makeData), executor: 'exec-make-data', parameters: { prefix: 'x', rows: 'four' } });
    expect(r.stderr.trim()).toBe(
      `error: component 'make-data': input parameter 'rows' is declared NUMBER_INTEGER, but the executor input gives "four"`,
    );
  });

  it('reports a required input artifact missing from the executor input', () => {
    const r = fails({ spec: specOf(readsInput), executor: 'exec-reads-input' });
    expect(r.stderr.trim()).toBe("error: component 'reads-input': the executor input has no artifact for the required input 'data'");
  });

  it('reports an input artifact whose file the launcher did not download', () => {
    const r = fails({ spec: specOf(readsInput), executor: 'exec-reads-input', artifacts: { data: {} } });
    expect(r.stderr).toContain("error: component 'reads-input' failed: ENOENT: no such file or directory, open '");
    expect(r.stderr).toContain('/gcs/kfp-test-bucket/pipeline-root/upstream/run-salt/data');
  });

  it('reports a return value that does not match the declared outputs', () => {
    const r = fails({ spec: specOf(returnsWrongType), executor: 'exec-returns-wrong-type' });
    expect(r.stderr.trim()).toBe(
      `error: component 'returns-wrong-type': run() returned "three" for the output parameter 'count', which is declared NUMBER_INTEGER`,
    );
  });

  it("reports a module that throws while loading", () => {
    const r = fails({ spec: specOf(needsDatabase), executor: 'exec-needs-database' });
    const [first, ...stack] = r.stderr.trim().split('\n');
    expect(first).toBe("error: component 'needs-database': loading the component's module failed: no database connection at load time");
    expect(stack.length).toBeGreaterThan(0);
  });

  it('reports a call to the authoring DSL from run(), which has only stand-ins for it', () => {
    const r = fails({ spec: specOf(declaresPipeline), executor: 'exec-declares-pipeline' });
    expect(r.stderr.split('\n')[0]).toBe(
      "error: component 'declares-pipeline' failed: pipeline() of @kfp-ts/dsl was called while a component runs: @kfp-ts/dsl and @kfp-ts/compiler are for declaring pipelines, not for use inside run()",
    );
    // Another component's run stays callable.
    const ok = launch({ spec: specOf(reusesRun), executor: 'exec-reuses-run' });
    expect(ok.stderr).toBe('');
    expect(ok.outputParameters).toEqual({ value: 42 });
  });

  it('reports a component name the program does not have', () => {
    const spec = specOf(makeData);
    spec.deploymentSpec.executors['exec-make-data'].container.args[3] = 'make-dta';
    const r = fails({ spec, executor: 'exec-make-data', parameters: { prefix: 'x' } });
    expect(r.stderr.trim()).toBe("error: component 'make-dta': this program has no component named 'make-dta' (it has: make-data)");
  });
});

describe('a TypeScript component that cannot be embedded', () => {
  function compileError(target: Parameters<typeof compile>[0]): string {
    try {
      compile(target);
    } catch (e) {
      if (isKfpDefinitionError(e)) return e.describe();
      throw e;
    }
    throw new Error('compiled');
  }

  it('names a package that cannot be resolved, and how to provide it', () => {
    const message = compileError(importsMissingPackage);
    expect(message).toMatch(/^task 'imports-missing-package', field 'run': cannot bundle TypeScript component 'imports-missing-package': /);
    expect(message).toContain('Could not resolve "kfp-ts-package-that-is-not-installed"');
    expect(message).toContain('/test/runtime/fixtures/not-bundlable.ts:');
    expect(message).toContain('list it in packagesToInstall');
  });

  it('refuses code holding the launcher placeholder {{$', () => {
    expect(compileError(mentionsExecutorInput)).toContain("contains the text '{{$', which the KFP launcher would replace");
  });

  it('refuses a bundle over the size limit, pointing to the containerized mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kfp-ts-big-'));
    try {
      const file = join(dir, 'big.ts');
      const table = 'x'.repeat(MAX_EMBEDDED_BUNDLE_BYTES + 1);
      writeFileSync(
        file,
        `import { t, tsComponent } from '@kfp-ts/dsl';\n` +
          `const table = ${JSON.stringify(table)};\n` +
          `export const big = tsComponent({ name: 'big', outputs: { n: t.integer() }, run: () => ({ n: table.length }) });\n`,
      );
      const { big } = await import(file);
      const message = compileError(pipeline({ name: 'p' }, () => void big({})));
      expect(message).toMatch(/the bundled code of TypeScript component 'big' is \d+\.\d KiB, over the 100\.0 KiB that can be embedded in a pipeline/);
      expect(message).toContain('build an image with `kfp-ts component build` and set targetImage');
      expect(message).toContain(`(at ${file}:3:`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
