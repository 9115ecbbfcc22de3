/**
 * Validation of an exported segmentation model with ONNX Runtime (CPU) before it is served by Triton:
 * the model loads; it has one float32 input `input` [N,3,H,W] and one output `output` [N,1,H,W]; batch,
 * height and width are dynamic as the export declared, and inputs of several sizes really run; outputs
 * hold no NaN or infinity; outputs on the samples saved at export time match the saved reference outputs;
 * and, on labelled samples, Dice and IoU are reported (and optionally required).
 *
 * Every problem is collected into the report, so one run names all of them.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import type { FloatTensor } from './npy.js';
import type { ReferenceSample } from './reference-samples.js';
import { overlapScores, sigmoid } from './segmentation-metrics.js';

/** The dimensions that may vary, by name. */
export interface DynamicAxes {
  batch: boolean;
  height: boolean;
  width: boolean;
}

/** What the model must satisfy. Defaults fit the polyp UNet export. */
export interface OnnxValidationOptions {
  /** Default `input`. */
  inputName?: string;
  /** Default `output`. */
  outputName?: string;
  /** Default 3. */
  inputChannels?: number;
  /** Default 1. */
  outputChannels?: number;
  /** Axes that must be declared dynamic. Default all. */
  dynamic?: Partial<DynamicAxes>;
  /** Sizes [N, H, W] run with synthetic inputs; fixed axes take their declared size. Default [1,64,64] and [2,96,128]. */
  probeShapes?: Array<[number, number, number]>;
  /** Samples with reference outputs and masks. */
  samples?: ReferenceSample[];
  /** Largest accepted absolute difference from a reference output. Default 1e-4. */
  tolerance?: number;
  /** Whether the output holds logits (the default; a sigmoid gives probabilities) or probabilities. */
  outputActivation?: 'logits' | 'probabilities';
  /** Probability above which a pixel is predicted foreground. Default 0.5. */
  threshold?: number;
  /** Fail when the mean Dice (or IoU) over labelled images is lower. */
  minDice?: number;
  minIou?: number;
}

/** A declared model input or output. */
export interface DeclaredValue {
  name: string;
  type: string;
  shape: Array<number | string>;
}

/** The outcome of one inference. */
export interface InferenceCheck {
  name: string;
  inputDims: number[];
  outputDims?: number[];
  /** Largest absolute difference from the reference output. */
  maxAbsDiff?: number;
  /** Mean Dice and IoU over the images of a labelled sample. */
  dice?: number;
  iou?: number;
  error?: string;
}

/** Everything that was checked. */
export interface OnnxValidationReport {
  passed: boolean;
  problems: string[];
  inputs: DeclaredValue[];
  outputs: DeclaredValue[];
  /** Which axes the model declares dynamic. */
  declaredDynamic: DynamicAxes;
  probes: InferenceCheck[];
  samples: InferenceCheck[];
  /** Largest difference over all samples with a reference output. */
  maxAbsDiff?: number;
  /** Means over all labelled images. */
  dice?: number;
  iou?: number;
}

/** A model that failed validation; `problems` lists every reason. */
export class OnnxValidationError extends Error {
  override readonly name = 'OnnxValidationError';
  constructor(readonly report: OnnxValidationReport) {
    super(`the ONNX model failed validation: ${report.problems.join('; ')}`);
  }
}

const AXES = ['batch', 'height', 'width'] as const;
const AXIS_INDEX = { batch: 0, height: 2, width: 3 } as const;

/** Validates the model at `model` (a file path or the model's bytes). Never throws for a bad model. */
export async function validateOnnxModel(model: string | Uint8Array, options: OnnxValidationOptions = {}): Promise<OnnxValidationReport> {
  const inputName = options.inputName ?? 'input';
  const outputName = options.outputName ?? 'output';
  const inputChannels = options.inputChannels ?? 3;
  const outputChannels = options.outputChannels ?? 1;
  const report: OnnxValidationReport = {
    passed: false,
    problems: [],
    inputs: [],
    outputs: [],
    declaredDynamic: { batch: false, height: false, width: false },
    probes: [],
    samples: [],
  };
  const problem = (text: string) => report.problems.push(text);

  const ort = await import('onnxruntime-node');
  let session: InferenceSession;
  try {
    session = typeof model === 'string' ? await ort.InferenceSession.create(model) : await ort.InferenceSession.create(model);
  } catch (error) {
    problem(`the model does not load: ${firstLine(error)}`);
    return report;
  }

  try {
    report.inputs = session.inputMetadata.map(declared);
    report.outputs = session.outputMetadata.map(declared);
    const usable = checkInterface(report, { inputName, outputName, inputChannels, outputChannels, dynamic: options.dynamic }, problem);
    if (!usable) {
      problem('inference checks skipped: the interface does not match');
      return report;
    }

    const run = async (input: FloatTensor): Promise<FloatTensor> => {
      const feeds = { [inputName]: new ort.Tensor('float32', input.data, input.dims) };
      const results = await session.run(feeds);
      const output = results[outputName] as Tensor;
      return { dims: [...output.dims], data: output.data as Float32Array };
    };

    for (const [n, h, w] of probeShapes(report, options.probeShapes)) {
      const dims = [n, inputChannels, h, w];
      const check: InferenceCheck = { name: `probe ${dims.join('x')}`, inputDims: dims };
      report.probes.push(check);
      try {
        const output = await run({ dims, data: syntheticInput(dims) });
        check.outputDims = output.dims;
        checkOutput(check, output, [n, outputChannels, h, w], problem);
      } catch (error) {
        check.error = firstLine(error);
        problem(`input ${dims.join('x')} does not run: ${check.error}`);
      }
    }

    const diffs: number[] = [];
    const dice: number[] = [];
    const iou: number[] = [];
    for (const sample of options.samples ?? []) {
      const check: InferenceCheck = { name: sample.name, inputDims: sample.input.dims };
      report.samples.push(check);
      if (sample.input.dims.length !== 4 || sample.input.dims[1] !== inputChannels) {
        check.error = `input shape [${sample.input.dims}] is not [N,${inputChannels},H,W]`;
        problem(`sample '${sample.name}': ${check.error}`);
        continue;
      }
      let output: FloatTensor;
      try {
        output = await run(sample.input);
      } catch (error) {
        check.error = firstLine(error);
        problem(`sample '${sample.name}' does not run: ${check.error}`);
        continue;
      }
      check.outputDims = output.dims;
      const [n, , h, w] = sample.input.dims;
      if (!checkOutput(check, output, [n, outputChannels, h, w], problem)) continue;
      if (sample.expected) {
        if (sample.expected.data.length !== output.data.length) {
          problem(`sample '${sample.name}': reference output has shape [${sample.expected.dims}], the model gives [${output.dims}]`);
        } else {
          check.maxAbsDiff = maxAbsDiff(output.data, sample.expected.data);
          diffs.push(check.maxAbsDiff);
          const tolerance = options.tolerance ?? 1e-4;
          if (!(check.maxAbsDiff <= tolerance)) {
            problem(`sample '${sample.name}': max abs diff from the reference output is ${check.maxAbsDiff}, above ${tolerance}`);
          }
        }
      }
      if (sample.mask) {
        if (sample.mask.data.length !== output.data.length) {
          problem(`sample '${sample.name}': mask has shape [${sample.mask.dims}], the output [${output.dims}]`);
          continue;
        }
        const probabilities = options.outputActivation === 'probabilities' ? output.data : output.data.map(sigmoid);
        const scores = overlapScores(probabilities, sample.mask.data, n, { threshold: options.threshold });
        check.dice = mean(scores.map((s) => s.dice));
        check.iou = mean(scores.map((s) => s.iou));
        dice.push(...scores.map((s) => s.dice));
        iou.push(...scores.map((s) => s.iou));
      }
    }
    if (diffs.length > 0) report.maxAbsDiff = Math.max(...diffs);
    if (dice.length > 0) {
      report.dice = mean(dice);
      report.iou = mean(iou);
      if (options.minDice !== undefined && report.dice < options.minDice) {
        problem(`mean Dice ${report.dice.toFixed(4)} on ${dice.length} labelled image(s) is below ${options.minDice}`);
      }
      if (options.minIou !== undefined && report.iou < options.minIou) {
        problem(`mean IoU ${report.iou.toFixed(4)} on ${iou.length} labelled image(s) is below ${options.minIou}`);
      }
    } else if (options.minDice !== undefined || options.minIou !== undefined) {
      problem('a minimum Dice/IoU was set but no sample has a mask');
    }
    return report;
  } finally {
    report.passed = report.problems.length === 0;
    await session.release().catch(() => undefined);
  }
}

/** Throws {@link OnnxValidationError} unless the report passed. */
export function requireValid(report: OnnxValidationReport): OnnxValidationReport {
  if (!report.passed) throw new OnnxValidationError(report);
  return report;
}

/** Scalars for a Metrics output. */
export function validationMetrics(report: OnnxValidationReport): Record<string, number> {
  const metrics: Record<string, number> = { passed: report.passed ? 1 : 0, problems: report.problems.length };
  if (report.maxAbsDiff !== undefined) metrics.max_abs_diff = report.maxAbsDiff;
  if (report.dice !== undefined) metrics.dice = report.dice;
  if (report.iou !== undefined) metrics.iou = report.iou;
  return metrics;
}

function declared(meta: InferenceSession.ValueMetadata): DeclaredValue {
  return meta.isTensor ? { name: meta.name, type: meta.type, shape: [...meta.shape] } : { name: meta.name, type: 'non-tensor', shape: [] };
}

/** Checks names, types, ranks, channels and dynamic axes. Returns false when inference cannot be attempted. */
function checkInterface(
  report: OnnxValidationReport,
  expected: { inputName: string; outputName: string; inputChannels: number; outputChannels: number; dynamic?: Partial<DynamicAxes> },
  problem: (text: string) => void,
): boolean {
  let usable = true;
  const single = (kind: string, values: DeclaredValue[], name: string) => {
    if (values.length === 1 && values[0].name === name) return values[0];
    usable = false;
    const names = values.map((v) => `'${v.name}'`).join(', ') || 'none';
    problem(`the model's ${kind}s are ${names}; expected one ${kind} named '${name}'`);
    return undefined;
  };
  const input = single('input', report.inputs, expected.inputName);
  const output = single('output', report.outputs, expected.outputName);

  const shapeOf = (kind: string, value: DeclaredValue | undefined, channels: number) => {
    if (!value) return;
    if (value.type !== 'float32') {
      usable = false;
      problem(`${kind} '${value.name}' is ${value.type}; expected float32`);
    }
    if (value.shape.length !== 4) {
      usable = false;
      problem(`${kind} '${value.name}' has shape [${value.shape}]; expected [N,${channels},H,W]`);
      return;
    }
    const c = value.shape[1];
    if (typeof c === 'number' && c >= 0 && c !== channels) {
      usable = false;
      problem(`${kind} '${value.name}' has ${c} channels (shape [${value.shape}]); expected ${channels}`);
    }
  };
  shapeOf('input', input, expected.inputChannels);
  shapeOf('output', output, expected.outputChannels);

  if (input && input.shape.length === 4) {
    for (const axis of AXES) {
      const dim = input.shape[AXIS_INDEX[axis]];
      report.declaredDynamic[axis] = isDynamic(dim);
      if ((expected.dynamic?.[axis] ?? true) && !report.declaredDynamic[axis]) {
        problem(`input axis '${axis}' is fixed at ${dim}; expected it to be dynamic`);
      }
    }
  }
  return usable;
}

function isDynamic(dim: number | string): boolean {
  return typeof dim === 'string' || dim < 0;
}

/** Probe sizes with fixed axes replaced by their declared sizes, without repeats. */
function probeShapes(report: OnnxValidationReport, requested?: Array<[number, number, number]>): Array<[number, number, number]> {
  const shape = report.inputs[0].shape;
  const fixed = (axis: (typeof AXES)[number], wanted: number) =>
    report.declaredDynamic[axis] ? wanted : Number(shape[AXIS_INDEX[axis]]);
  const shapes = (requested ?? [
    [1, 64, 64],
    [2, 96, 128],
  ]).map(([n, h, w]) => [fixed('batch', n), fixed('height', h), fixed('width', w)] as [number, number, number]);
  return shapes.filter((s, i) => shapes.findIndex((t) => t.join() === s.join()) === i);
}

/** Checks shape and finiteness of an output; records problems; returns false if the output is unusable. */
function checkOutput(check: InferenceCheck, output: FloatTensor, expectedDims: number[], problem: (text: string) => void): boolean {
  if (output.dims.join() !== expectedDims.join()) {
    check.error = `output shape [${output.dims}] for input [${check.inputDims}]; expected [${expectedDims}]`;
    problem(`${check.name}: ${check.error}`);
    return false;
  }
  let nan = 0;
  let infinite = 0;
  for (const v of output.data) {
    if (Number.isNaN(v)) nan++;
    else if (!Number.isFinite(v)) infinite++;
  }
  if (nan + infinite > 0) {
    check.error = `output has ${nan} NaN and ${infinite} infinite value(s) of ${output.data.length}`;
    problem(`${check.name}: ${check.error}`);
    return false;
  }
  return true;
}

/** Deterministic values in [-1, 1], so failures reproduce. */
function syntheticInput(dims: number[]): Float32Array {
  const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
  let state = 0x2545f491;
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[i] = (state / 0xffffffff) * 2 - 1;
  }
  return data;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return Number.NaN;
    if (d > max) max = d;
  }
  return max;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].slice(0, 300);
}
