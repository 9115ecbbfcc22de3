/**
 * ONNX validation with onnxruntime-node on CPU, on tiny models written by helpers/onnx-builder.ts
 * (Conv → Sigmoid, Identity, a NaN-producing graph), and Triton repository output.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  formatNpy,
  loadReferenceSamples,
  OnnxValidationError,
  overlapScores,
  parseNpy,
  prepareTritonModel,
  readNpy,
  tritonConfigFromReport,
  tritonConfigText,
  validateOnnxModel,
  validationMetrics,
  writeNpy,
  type FloatTensor,
  type ReferenceSample,
} from '../../packages/components/src/onnx/index.js';
import { convSigmoidModel, identityModel, nanModel } from './helpers/onnx-builder.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kfp-ts-onnx-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function randomInput(dims: number[], seed = 7): FloatTensor {
  const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 16807) % 2147483647;
    data[i] = (s / 2147483647) * 4 - 2;
  }
  return { dims, data };
}

/** A sample with the reference output and a mask equal to the thresholded reference. */
function sampleFor(name: string, dims: number[], reference: (x: Float32Array, d: number[]) => Float32Array, seed = 7): ReferenceSample {
  const input = randomInput(dims, seed);
  const expected = reference(input.data, dims);
  const outDims = [dims[0], 1, dims[2], dims[3]];
  return {
    name,
    input,
    expected: { dims: outDims, data: expected },
    mask: { dims: outDims, data: expected.map((p) => (p > 0.5 ? 1 : 0)) },
  };
}

async function modelFile(bytes: Uint8Array, name = 'model.onnx'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

describe('validateOnnxModel: a good model', () => {
  it('passes: names, shapes, dynamic axes, probes, reference outputs and Dice/IoU', async () => {
    const { bytes, reference } = convSigmoidModel();
    const samples = [sampleFor('a', [2, 3, 32, 48], reference), sampleFor('b', [1, 3, 16, 16], reference, 99)];
    const report = await validateOnnxModel(await modelFile(bytes), { samples, outputActivation: 'probabilities', minDice: 0.99 });

    expect(report.problems).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.inputs).toEqual([{ name: 'input', type: 'float32', shape: ['batch', 3, 'height', 'width'] }]);
    expect(report.outputs).toEqual([{ name: 'output', type: 'float32', shape: ['batch', 1, 'height', 'width'] }]);
    expect(report.declaredDynamic).toEqual({ batch: true, height: true, width: true });
    expect(report.probes.map((p) => p.outputDims)).toEqual([
      [1, 1, 64, 64],
      [2, 1, 96, 128],
    ]);
    expect(report.maxAbsDiff).toBeLessThan(1e-5);
    expect(report.dice).toBe(1);
    expect(report.iou).toBe(1);
    expect(validationMetrics(report)).toMatchObject({ passed: 1, problems: 0, dice: 1, iou: 1 });
  });

  it('computes Dice and IoU against imperfect masks, applying a sigmoid to logits by default', async () => {
    const { bytes, reference } = convSigmoidModel();
    const sample = sampleFor('a', [1, 3, 8, 8], reference);
    const everything = { dims: sample.mask!.dims, data: new Float32Array(64).fill(255) };
    const predicted = sample.expected!.data.filter((p) => p > 0.5).length;
    const asProbabilities = await validateOnnxModel(bytes, {
      samples: [{ ...sample, mask: everything }],
      outputActivation: 'probabilities',
    });
    expect(asProbabilities.dice).toBeCloseTo((2 * predicted) / (predicted + 64));
    expect(asProbabilities.iou).toBeCloseTo(predicted / 64);
    // Read as logits, sigmoid(p) > 0.5 for every p > 0: every pixel is predicted.
    const asLogits = await validateOnnxModel(bytes, { samples: [{ ...sample, mask: everything }] });
    expect(asLogits.dice).toBe(1);
    const strict = await validateOnnxModel(bytes, { samples: [{ ...sample, mask: everything }], outputActivation: 'probabilities', minDice: 0.999, minIou: 0.999 });
    expect(strict.passed).toBe(false);
    expect(strict.problems.join('\n')).toMatch(/mean Dice .* is below 0.999[\s\S]*mean IoU .* is below 0.999/);
  });
});

describe('validateOnnxModel: failures', () => {
  it('reports the max abs diff when outputs drift from the reference', async () => {
    const { bytes, reference } = convSigmoidModel();
    const sample = sampleFor('drift', [1, 3, 8, 8], reference);
    sample.expected!.data[5] += 0.01;
    const report = await validateOnnxModel(bytes, { samples: [sample] });
    expect(report.passed).toBe(false);
    expect(report.maxAbsDiff).toBeCloseTo(0.01, 4);
    expect(report.problems).toEqual([expect.stringMatching(/^sample 'drift': max abs diff from the reference output is 0\.0\d+, above 0\.0001$/)]);
  });

  it('names wrong input and output names and skips inference', async () => {
    const { bytes } = convSigmoidModel({ inputName: 'images', outputName: 'probs' });
    const report = await validateOnnxModel(bytes);
    expect(report.problems).toEqual([
      "the model's inputs are 'images'; expected one input named 'input'",
      "the model's outputs are 'probs'; expected one output named 'output'",
      'inference checks skipped: the interface does not match',
    ]);
    expect(report.probes).toEqual([]);
  });

  it('names wrong channel counts', async () => {
    const oneChannel = await validateOnnxModel(identityModel(['batch', 1, 'height', 'width']));
    expect(oneChannel.problems).toContain("input 'input' has 1 channels (shape [batch,1,height,width]); expected 3");
    const threeOut = await validateOnnxModel(identityModel(['batch', 3, 'height', 'width']));
    expect(threeOut.problems).toEqual([
      "output 'output' has 3 channels (shape [batch,3,height,width]); expected 1",
      'inference checks skipped: the interface does not match',
    ]);
  });

  it('finds an output channel axis that is symbolic but wrong at run time', async () => {
    const report = await validateOnnxModel(identityModel(['batch', 'channels', 'height', 'width']));
    expect(report.problems).toEqual([
      'probe 1x3x64x64: output shape [1,3,64,64] for input [1,3,64,64]; expected [1,1,64,64]',
      'probe 2x3x96x128: output shape [2,3,96,128] for input [2,3,96,128]; expected [2,1,96,128]',
    ]);
  });

  it('requires dynamic axes unless told otherwise, and probes fixed sizes only', async () => {
    const fixed = identityModel([1, 3, 64, 64]);
    const strict = await validateOnnxModel(fixed, { outputChannels: 3 });
    expect(strict.problems).toEqual([
      "input axis 'batch' is fixed at 1; expected it to be dynamic",
      "input axis 'height' is fixed at 64; expected it to be dynamic",
      "input axis 'width' is fixed at 64; expected it to be dynamic",
    ]);
    const lenient = await validateOnnxModel(fixed, { outputChannels: 3, dynamic: { batch: false, height: false, width: false } });
    expect(lenient.passed).toBe(true);
    expect(lenient.probes.map((p) => p.inputDims)).toEqual([[1, 3, 64, 64]]);
    expect(() => tritonConfigFromReport(lenient, { name: 'm' })).toThrow(/dynamic batch axis/);
    const unbatched = tritonConfigFromReport(lenient, { name: 'm', maxBatchSize: 0, outputChannels: 3 });
    expect(unbatched.inputs[0].dims).toEqual([1, 3, 64, 64]);
  });

  it('finds NaN outputs', async () => {
    const report = await validateOnnxModel(nanModel());
    expect(report.passed).toBe(false);
    expect(report.problems).toEqual([
      'probe 1x3x64x64: output has 4096 NaN and 0 infinite value(s) of 4096',
      'probe 2x3x96x128: output has 24576 NaN and 0 infinite value(s) of 24576',
    ]);
  });

  it('reports a file that is not a model', async () => {
    const report = await validateOnnxModel(await modelFile(new TextEncoder().encode('not a model'), 'broken.onnx'));
    expect(report.passed).toBe(false);
    expect(report.problems).toEqual([expect.stringMatching(/^the model does not load: /)]);
    const missing = await validateOnnxModel(join(dir, 'missing.onnx'));
    expect(missing.problems[0]).toMatch(/does not load/);
  });

  it('reports samples of the wrong shape', async () => {
    const { bytes, reference } = convSigmoidModel();
    const good = sampleFor('good', [1, 3, 8, 8], reference);
    const report = await validateOnnxModel(bytes, {
      samples: [
        { name: 'gray', input: randomInput([1, 1, 8, 8]) },
        { ...good, name: 'small-ref', expected: { dims: [1, 1, 4, 4], data: new Float32Array(16) } },
        { ...good, name: 'bad-mask', expected: undefined, mask: { dims: [1, 1, 2, 2], data: new Float32Array(4) } },
      ],
    });
    expect(report.problems).toEqual([
      "sample 'gray': input shape [1,1,8,8] is not [N,3,H,W]",
      "sample 'small-ref': reference output has shape [1,1,4,4], the model gives [1,1,8,8]",
      "sample 'bad-mask': mask has shape [1,1,2,2], the output [1,1,8,8]",
    ]);
  });
});

describe('prepareTritonModel', () => {
  it('validates with samples saved as .npy and writes the Triton model repository', async () => {
    const { bytes, reference } = convSigmoidModel();
    const modelPath = await modelFile(bytes, 'polyp.onnx');
    const samplesDir = join(dir, 'samples');
    await mkdir(samplesDir);
    const sample = sampleFor('s0', [2, 3, 16, 32], reference);
    await writeNpy(join(samplesDir, 's0.input.npy'), sample.input);
    await writeNpy(join(samplesDir, 's0.output.npy'), sample.expected!);
    await writeNpy(join(samplesDir, 's0.mask.npy'), sample.mask!);

    const { report, files } = await prepareTritonModel({
      onnxModelPath: modelPath,
      samplesDir,
      repositoryDir: join(dir, 'repo'),
      outputActivation: 'probabilities',
    });
    expect(report.samples.map((s) => s.name)).toEqual(['s0']);
    expect(report.dice).toBe(1);
    expect(files.configPath).toBe(join(dir, 'repo', 'polyp-segmentation', 'config.pbtxt'));
    expect(files.modelPath).toBe(join(dir, 'repo', 'polyp-segmentation', '1', 'model.onnx'));
    expect(await readFile(files.modelPath)).toEqual(Buffer.from(bytes));
    expect(await readFile(files.configPath, 'utf8')).toBe(
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
        'instance_group [ { kind: KIND_CPU } ]',
        '',
      ].join('\n'),
    );
  });

  it('writes nothing for a model that fails', async () => {
    const error = await prepareTritonModel({ onnxModelPath: await modelFile(nanModel()), repositoryDir: join(dir, 'repo') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OnnxValidationError);
    expect((error as OnnxValidationError).report.problems).toHaveLength(2);
    await expect(readFile(join(dir, 'repo', 'polyp-segmentation', 'config.pbtxt'))).rejects.toThrow(/ENOENT/);
  });

  it('pairs sample files by name and rejects outputs without inputs', async () => {
    await writeNpy(join(dir, 'x.output.npy'), { dims: [1], data: new Float32Array([1]) });
    await expect(loadReferenceSamples(dir)).rejects.toThrow("reference sample 'x' in");
    await rm(join(dir, 'x.output.npy'));
    await expect(loadReferenceSamples(dir)).rejects.toThrow(/no reference samples/);
  });
});

describe('tritonConfigText', () => {
  const base = { name: 'polyp-segmentation', maxBatchSize: 1, inputs: [{ name: 'input', dataType: 'TYPE_FP32', dims: [3, -1, -1] }], outputs: [{ name: 'output', dataType: 'TYPE_FP32', dims: [1, -1, -1] }] };

  it('writes GPU instance groups with a count', () => {
    expect(tritonConfigText({ ...base, instanceKind: 'KIND_GPU', instanceCount: 2 })).toContain('instance_group [ { count: 2, kind: KIND_GPU } ]');
  });

  it('rejects bad names and dims', () => {
    expect(() => tritonConfigText({ ...base, name: '../escape' })).toThrow(/model name/);
    expect(() => tritonConfigText({ ...base, inputs: [{ ...base.inputs[0], dims: [3, 0, -1] }] })).toThrow(/bad dims/);
    expect(() => tritonConfigText({ ...base, outputs: [{ ...base.outputs[0], name: 'out"put' }] })).toThrow(/tensor name/);
    expect(() => tritonConfigText({ ...base, maxBatchSize: -1 })).toThrow(/max_batch_size/);
  });
});

describe('.npy files', () => {
  it('round-trips float32 tensors and reads other element types and byte orders', async () => {
    const tensor = { dims: [2, 3], data: Float32Array.from([1, -2.5, 3, 4, 5, Number.NaN]) };
    await writeNpy(join(dir, 't.npy'), tensor);
    const back = await readNpy(join(dir, 't.npy'));
    expect(back.dims).toEqual([2, 3]);
    expect([...back.data]).toEqual([...tensor.data]);
    expect(formatNpy(tensor).length % 64).toBe((6 * 4) % 64);

    const header = (descr: string, shape: string, fortran = 'False') => {
      let h = `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;
      h = h.padEnd(63 - 10, ' ') + '\n';
      const bytes = new Uint8Array(10 + h.length);
      bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
      new DataView(bytes.buffer).setUint16(8, h.length, true);
      bytes.set(new TextEncoder().encode(h), 10);
      return bytes;
    };
    const withData = (head: Uint8Array, data: Uint8Array) => Uint8Array.from([...head, ...data]);
    expect([...parseNpy(withData(header('|u1', '(3,)'), Uint8Array.from([0, 128, 255]))).data]).toEqual([0, 128, 255]);
    const be = new Uint8Array(8);
    new DataView(be.buffer).setFloat64(0, 0.25, false);
    expect([...parseNpy(withData(header('>f8', '(1,)'), be)).data]).toEqual([0.25]);
    const i8 = new Uint8Array(8);
    new DataView(i8.buffer).setBigInt64(0, -3n, true);
    expect([...parseNpy(withData(header('<i8', '(1, 1)'), i8)).data]).toEqual([-3]);

    expect(() => parseNpy(new TextEncoder().encode('hello world'))).toThrow(/not a .npy file/);
    expect(() => parseNpy(withData(header('<f4', '(4,)'), new Uint8Array(4)))).toThrow(/needs 16/);
    expect(() => parseNpy(withData(header('<U8', '(1,)'), new Uint8Array(32)))).toThrow(/unsupported element type/);
    expect(() => parseNpy(withData(header('<f4', '(1,)', 'True'), new Uint8Array(4)))).toThrow(/Fortran/);
  });

  it('scores overlap of empty masks as perfect agreement', () => {
    expect(overlapScores([0, 0, 0, 0], [0, 0, 0, 0], 2)).toEqual([
      { dice: 1, iou: 1 },
      { dice: 1, iou: 1 },
    ]);
    expect(overlapScores([0.9, 0.1], [1, 1], 1)).toEqual([{ dice: 2 / 3, iou: 0.5 }]);
  });
});
