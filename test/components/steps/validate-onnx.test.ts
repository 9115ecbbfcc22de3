/**
 * The validate-onnx step's `run` with ONNX Runtime: on a real PyTorch export made by the export component's
 * own program (../helpers/torch-export.ts; skipped without Debian's PyTorch, except under CI), and on small
 * hand-built models (../helpers/onnx-builder.ts) for names read from the export's metadata and for failures.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNpy, validateOnnxStep, writeNpy } from '@kfp-ts/components';
import { convSigmoidModel } from '../helpers/onnx-builder.js';
import { exportTinyUnet, torchInstalled, type TinyExport } from '../helpers/torch-export.js';
import { inputArtifact, metricsArtifact, outputArtifact } from './step-artifacts.js';

const root = mkdtempSync(join(tmpdir(), 'kfp-ts-validate-step-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let scratchCount = 0;
const scratch = (name: string) => {
  const dir = join(root, `${name}-${++scratchCount}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

type StepInputs = Parameters<typeof validateOnnxStep.run>[0];

/** Calls the step as the runtime would; the outputs go to a fresh folder. */
function validate(inputs: Partial<StepInputs> & Pick<StepInputs, 'onnxModel' | 'referenceSamples'>) {
  const out = scratch('outputs');
  const outputs = { modelRepository: outputArtifact(out, 'model_repository', 'system.Model'), validation: metricsArtifact(out, 'validation') };
  const run = validateOnnxStep.run(
    {
      labelledSamples: undefined,
      modelName: 'polyp-segmentation',
      tolerance: 1e-4,
      maxBatchSize: 1,
      instanceKind: 'KIND_CPU',
      minDice: undefined,
      minIou: undefined,
      ...inputs,
    },
    outputs,
  );
  return { run: run as Promise<{ maxAbsDiff: number }>, outputs };
}

const hasTorch = torchInstalled();

it.runIf(!hasTorch && process.env.CI === 'true')('has PyTorch installed for the export tests', () => {
  throw new Error("install Debian's PyTorch: apt-get install --no-install-recommends python3-torch python3-onnx");
});

describe.skipIf(!hasTorch)('on a real PyTorch export', () => {
  let exported: TinyExport;
  let labelled: string;

  beforeAll(async () => {
    exported = exportTinyUnet(scratch('export'));
    // Ground truth that agrees with the model: its own foreground (logit > 0) on a reference sample.
    labelled = scratch('labelled');
    const input = join(exported.samplesDir, 'batch.input.npy');
    const output = await readNpy(join(exported.samplesDir, 'batch.output.npy'));
    copyFileSync(input, join(labelled, 'polyps.input.npy'));
    await writeNpy(join(labelled, 'polyps.mask.npy'), { dims: output.dims, data: output.data.map((v) => (v > 0 ? 255 : 0)) });
  }, 300_000);

  const model = () => inputArtifact(exported.onnxPath, { metadata: exported.metadata.onnx_model, schemaTitle: 'system.Model' });
  const samples = (dir = exported.samplesDir) => inputArtifact(dir, { metadata: exported.metadata.reference_samples });

  it('validates the model and writes the Triton model repository KServe serves', async () => {
    const { run, outputs } = validate({
      onnxModel: model(),
      referenceSamples: samples(),
      labelledSamples: inputArtifact(labelled, { schemaTitle: 'system.Dataset' }),
      instanceKind: 'gpu',
    });
    const { maxAbsDiff } = await run;
    expect(maxAbsDiff).toBeLessThan(1e-4);

    const repository = outputs.modelRepository.path;
    expect(readFileSync(join(repository, 'polyp-segmentation/1/model.onnx'))).toEqual(readFileSync(exported.onnxPath));
    expect(readFileSync(join(repository, 'polyp-segmentation/config.pbtxt'), 'utf8')).toBe(
      [
        'name: "polyp-segmentation"',
        'platform: "onnxruntime_onnx"',
        'max_batch_size: 1',
        'input [',
        '  {',
        '    name: "input"',
        '    data_type: TYPE_FP32',
        '    dims: [ 3, -1, -1 ]',
        '  }',
        ']',
        'output [',
        '  {',
        '    name: "output"',
        '    data_type: TYPE_FP32',
        '    dims: [ 1, -1, -1 ]',
        '  }',
        ']',
        'instance_group [ { kind: KIND_GPU } ]',
        '',
      ].join('\n'),
    );
    expect(outputs.modelRepository.metadata).toEqual({
      format: 'triton',
      modelName: 'polyp-segmentation',
      platform: 'onnxruntime_onnx',
      modelVersion: 1,
      maxBatchSize: 1,
      instanceKind: 'KIND_GPU',
      inputs: [{ name: 'input', type: 'float32', shape: ['batch', 3, 'height', 'width'] }],
      outputs: [{ name: 'output', type: 'float32', shape: ['batch', 1, 'height', 'width'] }],
    });
    expect(outputs.validation.metadata).toMatchObject({ passed: 1, problems: 0, max_abs_diff: maxAbsDiff });
    expect(outputs.validation.metadata.dice).toBeGreaterThan(0.99);
    expect(outputs.validation.metadata.iou).toBeGreaterThan(0.98);
  });

  it('fails, naming the sample, when the reference outputs do not match', async () => {
    const tampered = scratch('tampered');
    for (const name of ['square', 'batch', 'wide']) {
      copyFileSync(join(exported.samplesDir, `${name}.input.npy`), join(tampered, `${name}.input.npy`));
      const output = await readNpy(join(exported.samplesDir, `${name}.output.npy`));
      if (name === 'wide') output.data[7] += 0.5;
      await writeNpy(join(tampered, `${name}.output.npy`), output);
    }
    const { run, outputs } = validate({ onnxModel: model(), referenceSamples: samples(tampered) });
    await expect(run).rejects.toThrow(/^the ONNX model failed validation: sample 'wide': max abs diff from the reference output is 0\.5\d*, above 0\.0001$/);
    expect(outputs.validation.metadata).toEqual({});
  });

  it('fails when the Dice score on the labelled samples is below the minimum', async () => {
    const inverted = scratch('inverted');
    const mask = await readNpy(join(labelled, 'polyps.mask.npy'));
    copyFileSync(join(labelled, 'polyps.input.npy'), join(inverted, 'polyps.input.npy'));
    await writeNpy(join(inverted, 'polyps.mask.npy'), { dims: mask.dims, data: mask.data.map((v) => 255 - v) });
    const { run } = validate({
      onnxModel: model(),
      referenceSamples: samples(),
      labelledSamples: inputArtifact(inverted, { schemaTitle: 'system.Dataset' }),
      minDice: 0.5,
    });
    await expect(run).rejects.toThrow(/^the ONNX model failed validation: mean Dice 0\.\d{4} on 2 labelled image\(s\) is below 0\.5$/);
  });
});

describe('on hand-built models', () => {
  /** A 1×1 convolution + sigmoid with its reference outputs on two samples, in `dir`. */
  async function convModel(dir: string, names: { inputName?: string; outputName?: string } = {}) {
    const model = convSigmoidModel(names);
    writeFileSync(join(dir, 'model.onnx'), model.bytes);
    const samplesDir = join(dir, 'samples');
    mkdirSync(samplesDir);
    const shapes: Array<[string, number[]]> = [['one', [1, 3, 8, 8]], ['two', [2, 3, 16, 12]]];
    for (const [name, dims] of shapes) {
      const data = Float32Array.from({ length: dims.reduce((a, b) => a * b) }, (_, i) => Math.sin(i));
      await writeNpy(join(samplesDir, `${name}.input.npy`), { dims, data });
      await writeNpy(join(samplesDir, `${name}.output.npy`), { dims: [dims[0], 1, dims[2], dims[3]], data: model.reference(data, dims) });
    }
    return { modelPath: join(dir, 'model.onnx'), samplesDir };
  }

  it('reads tensor names and the output activation from the export metadata, and takes a model folder', async () => {
    const dir = scratch('named');
    const { samplesDir } = await convModel(dir, { inputName: 'images', outputName: 'masks' });
    const metadata = { input_name: 'images', output_name: 'masks', output_activation: 'probabilities' };
    const { run, outputs } = validate({
      onnxModel: inputArtifact(dir, { metadata, schemaTitle: 'system.Model' }),
      referenceSamples: inputArtifact(samplesDir),
      modelName: 'polyps',
      maxBatchSize: 0,
    });
    expect((await run).maxAbsDiff).toBeLessThan(1e-5);
    const config = readFileSync(join(outputs.modelRepository.path, 'polyps/config.pbtxt'), 'utf8');
    expect(config).toContain('max_batch_size: 0\ninput [\n  {\n    name: "images"\n    data_type: TYPE_FP32\n    dims: [ -1, 3, -1, -1 ]');
    expect(config).toContain('name: "masks"');
    expect(outputs.modelRepository.metadata).toMatchObject({ modelName: 'polyps', maxBatchSize: 0, instanceKind: 'KIND_CPU' });
  });

  it('fails with the names the model has when they are not the expected ones', async () => {
    const dir = scratch('wrong-names');
    const { modelPath, samplesDir } = await convModel(dir, { inputName: 'images' });
    const { run } = validate({ onnxModel: inputArtifact(modelPath), referenceSamples: inputArtifact(samplesDir) });
    await expect(run).rejects.toThrow(
      "the ONNX model failed validation: the model's inputs are 'images'; expected one input named 'input'; inference checks skipped: the interface does not match",
    );
  });

  it('names the input that is wrong', async () => {
    const dir = scratch('inputs');
    const { modelPath, samplesDir } = await convModel(dir);
    const onnxModel = inputArtifact(modelPath);
    const referenceSamples = inputArtifact(samplesDir);
    await expect(validate({ onnxModel, referenceSamples, instanceKind: 'tpu' }).run).rejects.toThrow(
      "input 'instanceKind' must be 'KIND_CPU' or 'KIND_GPU', got 'tpu'",
    );
    await expect(validate({ onnxModel: inputArtifact(samplesDir), referenceSamples }).run).rejects.toThrow(
      `input 'onnxModel': the folder ${samplesDir} holds no model.onnx`,
    );
    await expect(validate({ onnxModel: inputArtifact(join(dir, 'missing.onnx')), referenceSamples }).run).rejects.toThrow(
      `input 'onnxModel': nothing at ${join(dir, 'missing.onnx')}`,
    );
    await expect(validate({ onnxModel, referenceSamples, maxBatchSize: -1 }).run).rejects.toThrow(
      "input 'maxBatchSize' must be a non-negative integer, got -1",
    );
    const inputsOnly = scratch('inputs-only');
    copyFileSync(join(samplesDir, 'one.input.npy'), join(inputsOnly, 'one.input.npy'));
    await expect(validate({ onnxModel, referenceSamples: inputArtifact(inputsOnly) }).run).rejects.toThrow(
      `input 'referenceSamples': no sample in ${inputsOnly} has a <name>.output.npy to compare the model with`,
    );
  });
});
