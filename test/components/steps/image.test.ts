/**
 * The steps' image: the build context `kfp-ts component build` writes for the steps module, and the steps
 * run from it. Docker is not needed: the context's entry point runs from its directory under the simulated
 * launcher (../../runtime/launcher.ts), its npm dependencies provided as `npm install` would.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileToYaml, IMAGE_ENTRY, writeBuildContext } from '@kfp-ts/compiler';
import { isTsComponent, type TsComponent } from '@kfp-ts/dsl';
import { POLYP_COMPONENTS_IMAGE, qualityGateStep, validateOnnxStep, writeNpy } from '@kfp-ts/components';
import * as stepsModule from '../../../packages/components/src/steps/index.js';
import { convSigmoidModel } from '../helpers/onnx-builder.js';
import { cleanUpLaunches, launch } from '../../runtime/launcher.js';

const dir = mkdtempSync(join(tmpdir(), 'kfp-ts-steps-image-'));
afterAll(() => {
  cleanUpLaunches();
  rmSync(dir, { recursive: true, force: true });
});

const installed = (name: string) => JSON.parse(readFileSync(resolve('node_modules', name, 'package.json'), 'utf8')).version as string;

describe('the build context of the steps module', () => {
  const steps: TsComponent[] = Object.values(stepsModule as Record<string, unknown>).filter(isTsComponent);
  const context = writeBuildContext({ components: steps.map((s) => s.spec), image: POLYP_COMPONENTS_IMAGE, outputDir: join(dir, 'context') });
  const contextDir = join(dir, 'context');

  it('holds every step, all meant for this image', () => {
    expect(steps.map((s) => s.name)).toEqual(expect.arrayContaining(['inspect-dataset', 'quality-gate', 'validate-onnx', 'deploy-kserve']));
    expect(context.warnings).toEqual([]);
    expect(context.baseImage).toBe('node:20-slim');
  });

  it('installs the clients the library calls at the versions installed here, and bundles the rest', () => {
    expect(context.dependencies).toMatchObject({
      '@aws-sdk/client-s3': installed('@aws-sdk/client-s3'),
      '@kubernetes/client-node': installed('@kubernetes/client-node'),
      'onnxruntime-node': installed('onnxruntime-node'),
    });
    const bundle = readFileSync(join(contextDir, 'component.mjs'), 'utf8');
    expect(bundle).toContain('function evaluateQualityGate(');
    expect(bundle).toContain('import("onnxruntime-node")');
    expect(bundle).not.toContain('class InferenceSession');
  });

  // As `npm install` in the image would: the packages next to the bundle.
  symlinkSync(resolve('node_modules'), join(contextDir, 'node_modules'));
  const fromContext = (command: readonly string[]) => command.map((part) => (part === IMAGE_ENTRY ? join(contextDir, 'component.mjs') : part));
  const gateSpec = parse(compileToYaml(qualityGateStep));

  it('runs the quality gate by name, on an upstream Metrics artifact', () => {
    const byArtifact = launch({
      spec: gateSpec,
      executor: 'exec-quality-gate',
      parameters: { metricName: 'val_dice', threshold: 0.9 },
      artifacts: { metrics: { metadata: { val_dice: 0.75 } } },
      rewriteCommand: fromContext,
    });
    expect(byArtifact.stderr).toBe('');
    expect(byArtifact.code).toBe(0);
    expect(byArtifact.stdout).toContain('val_dice = 0.75 >= 0.9: failed\n');
    expect(byArtifact.outputParameters).toEqual({ passed: false });
    expect(byArtifact.outputArtifacts.gateMetrics.metadata).toEqual({ val_dice: 0.75, val_dice_threshold: 0.9, passed: 0, margin: expect.closeTo(-0.15) });
    expect(byArtifact.executorOutput?.parameterValues).toEqual({ passed: false });
  });

  it('fails the task with the reason on the first line', () => {
    const r = launch({ spec: gateSpec, executor: 'exec-quality-gate', parameters: { metricValue: 0.7, threshold: 0.8, failIfNotPassed: true }, rewriteCommand: fromContext });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe("error: component 'quality-gate' failed: quality gate not passed: dice = 0.7 >= 0.8: failed");
    expect(r.executorOutput).toBeUndefined();
  });

  it('runs the ONNX validation with the onnxruntime-node package installed beside the bundle', async () => {
    const model = convSigmoidModel();
    const modelDir = join(dir, 'model');
    const samplesDir = join(dir, 'samples');
    mkdirSync(modelDir);
    mkdirSync(samplesDir);
    writeFileSync(join(modelDir, 'model.onnx'), model.bytes);
    const data = Float32Array.from({ length: 2 * 3 * 8 * 8 }, (_, i) => Math.cos(i));
    await writeNpy(join(samplesDir, 'pair.input.npy'), { dims: [2, 3, 8, 8], data });
    await writeNpy(join(samplesDir, 'pair.output.npy'), { dims: [2, 1, 8, 8], data: model.reference(data, [2, 3, 8, 8]) });

    // The launcher downloads input artifacts to local paths; here they already are on disk, at the paths given.
    const atLocalPaths = (json: string) => {
      const input = JSON.parse(json);
      input.inputs.artifacts.onnxModel.artifacts[0].customPath = modelDir;
      input.inputs.artifacts.referenceSamples.artifacts[0].customPath = samplesDir;
      return JSON.stringify(input);
    };
    const r = launch({
      spec: parse(compileToYaml(validateOnnxStep)),
      executor: 'exec-validate-onnx',
      artifacts: { onnxModel: { metadata: { output_activation: 'probabilities' } }, referenceSamples: {} },
      rewriteExecutorInput: atLocalPaths,
      rewriteCommand: fromContext,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.outputParameters.maxAbsDiff).toBeLessThan(1e-5);
    const repository = r.outputArtifacts.modelRepository;
    expect(repository.metadata).toMatchObject({ modelName: 'polyp-segmentation', platform: 'onnxruntime_onnx' });
    expect(readFileSync(join(repository.path, 'polyp-segmentation/config.pbtxt'), 'utf8')).toContain('instance_group [ { kind: KIND_CPU } ]');
    expect(r.outputArtifacts.validation.metadata).toMatchObject({ passed: 1, problems: 0 });
  });
});
