/**
 * The steps share one image, whose bundle leaves npm packages to `node_modules`. Each step must import only
 * the packages it uses, and only when it uses them: here the build context of the steps module runs with
 * the heavy packages withheld from its `node_modules`. Steps that need none of them succeed; a step that
 * needs one fails only once it reaches the code that uses it, naming the package.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileToYaml, IMAGE_ENTRY, writeBuildContext } from '@kfp-ts/compiler';
import { isTsComponent, type TsComponent } from '@kfp-ts/dsl';
import { deployKServeStep, inspectDatasetStep, POLYP_COMPONENTS_IMAGE, qualityGateStep } from '@kfp-ts/components';
import * as stepsModule from '../../../packages/components/src/steps/index.js';
import { cleanUpLaunches, launch, type LaunchRequest } from '../../runtime/launcher.js';

/** Packages that take long to import, and that the quality gate does not use. */
const WITHHELD = ['@kubernetes/client-node', '@aws-sdk/client-s3', 'onnxruntime-node', 'exponential-backoff'];

const dir = mkdtempSync(join(tmpdir(), 'kfp-ts-lazy-imports-'));
const contextDir = join(dir, 'context');
afterAll(() => {
  cleanUpLaunches();
  rmSync(dir, { recursive: true, force: true });
});

const steps: TsComponent[] = Object.values(stepsModule as Record<string, unknown>).filter(isTsComponent);
const context = writeBuildContext({ components: steps.map((s) => s.spec), image: POLYP_COMPONENTS_IMAGE, outputDir: contextDir });

beforeAll(() => {
  // `npm install` of the context's package.json, minus the withheld packages.
  for (const name of Object.keys(context.dependencies)) {
    if (WITHHELD.includes(name)) continue;
    const link = join(contextDir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(resolve('node_modules', name), link, 'dir');
  }
});

/** Runs a step's task from the context folder, as its container would. */
const run = (request: Omit<LaunchRequest, 'rewriteCommand'>) =>
  launch({ ...request, rewriteCommand: (command) => command.map((part) => (part === IMAGE_ENTRY ? join(contextDir, 'component.mjs') : part)) });

describe('the steps image without its heavy npm packages', () => {
  it('is an image that lists them, and a folder from which they cannot be imported', () => {
    expect(Object.keys(context.dependencies)).toEqual(expect.arrayContaining(WITHHELD));
    for (const name of WITHHELD) {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(name)})`], { cwd: contextDir, encoding: 'utf8' });
      expect(r.status, name).not.toBe(0);
      expect(r.stderr).toContain(`Cannot find package '${name}'`);
    }
  });

  it('runs the quality gate', () => {
    const r = run({ spec: parse(compileToYaml(qualityGateStep)), executor: 'exec-quality-gate', parameters: { metricValue: 0.92, threshold: 0.8 } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dice = 0.92 >= 0.8: passed\n');
    expect(r.outputParameters).toEqual({ passed: true });
    expect(r.outputArtifacts.gateMetrics.metadata).toMatchObject({ dice: 0.92, dice_threshold: 0.8, passed: 1 });
  });

  it('runs inspect-dataset as far as its input checks', () => {
    const r = run({ spec: parse(compileToYaml(inspectDatasetStep)), executor: 'exec-inspect-dataset', parameters: { bucket: ' ' } });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe("error: component 'inspect-dataset' failed: input 'bucket' must not be empty");
  });

  it('imports the AWS SDK when inspect-dataset reaches S3', () => {
    const r = run({
      spec: parse(compileToYaml(inspectDatasetStep)),
      executor: 'exec-inspect-dataset',
      parameters: { bucket: 'dataset', endpoint: 'http://127.0.0.1:9' },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('inspecting s3://dataset/polyp_dataset/ on http://127.0.0.1:9');
    expect(r.stderr.split('\n')[0]).toMatch(/^error: component 'inspect-dataset' failed: Cannot find package '@aws-sdk\/client-s3' imported from /);
  });

  it('imports the Kubernetes client when deploy-kserve makes its first request', () => {
    const r = run({
      spec: parse(compileToYaml(deployKServeStep)),
      executor: 'exec-deploy-kserve',
      artifacts: { modelRepository: { uri: 'minio://mlpipeline/v2/artifacts/polyp/model-repository' } },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('deploying s3://mlpipeline/v2/artifacts/polyp/model-repository as InferenceService');
    expect(r.stderr.split('\n')[0]).toMatch(/^error: component 'deploy-kserve' failed: Cannot find package '@kubernetes\/client-node' imported from /);
  });
});
