/**
 * The check of an exported model as a TypeScript step: run the ONNX model with ONNX Runtime against the
 * reference outputs saved at export (and, given labelled samples, score Dice and IoU), then package it as
 * the Triton model repository KServe serves.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { t, tsComponent } from '@kfp-ts/dsl';
import { prepareTritonModel } from '../onnx/prepare-triton-model.js';
import { validationMetrics } from '../onnx/validate.js';
import { POLYP_COMPONENTS_IMAGE } from './image.js';

/** What Triton runs the model with; the InferenceService's runtime must be Triton's. */
const TRITON_PLATFORM = 'onnxruntime_onnx';

/**
 * Validates an ONNX segmentation model and writes the Triton model repository
 * (`<modelName>/config.pbtxt`, `<modelName>/1/model.onnx`). Input and output names and the output
 * activation are read from the model's metadata when the export recorded them (`input_name`,
 * `output_name`, `output_activation`), else `input`, `output` and logits. A model that fails validation
 * fails the task with every problem named.
 *
 * @example
 * const exported = onnxExportComponent()({ checkpoint: train.outputs.model });
 * const checked = validateOnnxStep({ onnxModel: exported.outputs.onnx_model, referenceSamples: exported.outputs.reference_samples });
 * // checked.outputs.modelRepository feeds deployKServeStep
 */
export const validateOnnxStep = tsComponent({
  name: 'validate-onnx',
  description: 'Checks an ONNX segmentation model with ONNX Runtime against reference outputs and writes a Triton model repository.',
  targetImage: POLYP_COMPONENTS_IMAGE,
  inputs: {
    onnxModel: t.model().describe('The ONNX model: a model.onnx file, or a folder holding one.'),
    referenceSamples: t.artifact().describe('Folder of <name>.input.npy and <name>.output.npy files saved at export.'),
    labelledSamples: t
      .dataset()
      .optionalInput()
      .describe('Folder of <name>.input.npy and <name>.mask.npy files (ground-truth masks) for Dice and IoU.'),
    modelName: t.string().default('polyp-segmentation').describe('Triton model name: the folder in the repository and the inference model name.'),
    tolerance: t.float().default(1e-4).describe('Largest accepted absolute difference from a reference output.'),
    maxBatchSize: t.integer().default(1).describe("Triton's max_batch_size; 0 disables batching (the batch axis then appears in dims)."),
    instanceKind: t.string().default('KIND_CPU').describe("Where Triton runs the model: 'KIND_CPU' or 'KIND_GPU' (or cpu, gpu)."),
    minDice: t.float().optionalInput().describe('Fail when the mean Dice over the labelled samples is lower.'),
    minIou: t.float().optionalInput().describe('Fail when the mean IoU over the labelled samples is lower.'),
  },
  outputs: {
    modelRepository: t
      .model()
      .describe('Triton model repository: <modelName>/config.pbtxt and <modelName>/1/model.onnx; metadata holds modelName and platform.'),
    validation: t.metrics().describe('passed, problems, max_abs_diff and, with labelled samples, dice and iou.'),
    maxAbsDiff: t.float().describe('Largest absolute difference from the reference outputs.'),
  },
  async run(inputs, { modelRepository, validation }) {
    const onnxModelPath = await modelFile(inputs.onnxModel.path);
    const exported = inputs.onnxModel.metadata;
    const maxBatchSize = inputs.maxBatchSize;
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 0) throw new Error(`input 'maxBatchSize' must be a non-negative integer, got ${maxBatchSize}`);
    if (!(inputs.tolerance >= 0)) throw new Error(`input 'tolerance' must be a non-negative number, got ${inputs.tolerance}`);
    const modelName = inputs.modelName.trim();
    const instanceKind = parseInstanceKind(inputs.instanceKind);

    const { report, files } = await prepareTritonModel({
      onnxModelPath,
      samplesDir: [inputs.referenceSamples.path, ...(inputs.labelledSamples ? [inputs.labelledSamples.path] : [])],
      repositoryDir: modelRepository.path,
      modelName,
      maxBatchSize,
      instanceKind,
      tolerance: inputs.tolerance,
      inputName: textOf(exported.input_name),
      outputName: textOf(exported.output_name),
      outputActivation: exported.output_activation === 'probabilities' ? 'probabilities' : 'logits',
      ...(inputs.minDice !== undefined ? { minDice: inputs.minDice } : {}),
      ...(inputs.minIou !== undefined ? { minIou: inputs.minIou } : {}),
    });
    if (report.maxAbsDiff === undefined) {
      throw new Error(`input 'referenceSamples': no sample in ${inputs.referenceSamples.path} has a <name>.output.npy to compare the model with`);
    }

    for (const [name, value] of Object.entries(validationMetrics(report))) validation.logMetric(name, value);
    Object.assign(modelRepository.metadata, {
      format: 'triton',
      modelName,
      platform: TRITON_PLATFORM,
      modelVersion: 1,
      maxBatchSize,
      instanceKind,
      inputs: report.inputs,
      outputs: report.outputs,
    });
    const scores = report.dice !== undefined ? `, dice ${report.dice.toFixed(4)}, iou ${report.iou!.toFixed(4)}` : '';
    console.log(`model valid: max abs diff ${report.maxAbsDiff}${scores}; wrote ${files.configPath} and ${files.modelPath}`);
    return { maxAbsDiff: report.maxAbsDiff };
  },
});

/** The model file: the path itself, or `model.onnx` inside a folder. */
async function modelFile(path: string): Promise<string> {
  const found = await stat(path).catch(() => undefined);
  if (!found) throw new Error(`input 'onnxModel': nothing at ${path}`);
  if (!found.isDirectory()) return path;
  const inside = join(path, 'model.onnx');
  if (!(await stat(inside).catch(() => undefined))?.isFile()) throw new Error(`input 'onnxModel': the folder ${path} holds no model.onnx`);
  return inside;
}

function parseInstanceKind(text: string): 'KIND_CPU' | 'KIND_GPU' {
  const kind = text.trim().toUpperCase();
  if (kind === 'KIND_CPU' || kind === 'CPU') return 'KIND_CPU';
  if (kind === 'KIND_GPU' || kind === 'GPU') return 'KIND_GPU';
  throw new Error(`input 'instanceKind' must be 'KIND_CPU' or 'KIND_GPU', got '${text}'`);
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
