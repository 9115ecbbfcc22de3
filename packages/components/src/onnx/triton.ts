/**
 * A Triton model repository for an ONNX model: `<repository>/<model>/config.pbtxt` and
 * `<repository>/<model>/<version>/model.onnx`, the layout KServe's Triton runtime serves from a `storageUri`.
 *
 * Triton's batching rule: with `max_batch_size > 0` the `dims` leave out the batch axis and the model's first
 * axis must be dynamic; with `max_batch_size: 0` the `dims` are the full shape.
 */
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OnnxValidationReport } from './validate.js';

/** One input or output of the config. */
export interface TritonTensor {
  name: string;
  /** Triton data type, e.g. `TYPE_FP32`. */
  dataType: string;
  /** Dimensions (without the batch axis when `maxBatchSize > 0`); -1 for a variable size. */
  dims: number[];
}

/** The parts of `config.pbtxt` written here. */
export interface TritonModelConfig {
  /** Model name; must equal the model's directory name. */
  name: string;
  /** Default `onnxruntime_onnx`. */
  platform?: string;
  /** 0 disables Triton's batching; the reference deployment uses 1. */
  maxBatchSize: number;
  inputs: TritonTensor[];
  outputs: TritonTensor[];
  /** `KIND_CPU` (default) or `KIND_GPU`. */
  instanceKind?: 'KIND_CPU' | 'KIND_GPU';
  /** Instances per device. Default: Triton's (1). */
  instanceCount?: number;
}

/** Triton model names that are safe as directory names and in URLs. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Renders `config.pbtxt` (protobuf text format). */
export function tritonConfigText(config: TritonModelConfig): string {
  checkConfig(config);
  const tensor = (t: TritonTensor) =>
    ['  {', `    name: ${quote(t.name)}`, `    data_type: ${t.dataType}`, `    dims: [ ${t.dims.join(', ')} ]`, '  }'].join('\n');
  const instance = [`kind: ${config.instanceKind ?? 'KIND_CPU'}`];
  if (config.instanceCount !== undefined) instance.unshift(`count: ${config.instanceCount}`);
  return [
    `name: ${quote(config.name)}`,
    `platform: ${quote(config.platform ?? 'onnxruntime_onnx')}`,
    `max_batch_size: ${config.maxBatchSize}`,
    'input [',
    config.inputs.map(tensor).join(',\n'),
    ']',
    'output [',
    config.outputs.map(tensor).join(',\n'),
    ']',
    `instance_group [ { ${instance.join(', ')} } ]`,
    '',
  ].join('\n');
}

/**
 * The config for a validated model: names and shapes from the report. With `maxBatchSize > 0` (default 1)
 * the batch axis must be dynamic; fixed axes keep their size, dynamic ones become -1, and a symbolic output
 * channel axis takes the channel count the validation ran with.
 */
export function tritonConfigFromReport(
  report: OnnxValidationReport,
  options: { name: string; maxBatchSize?: number; instanceKind?: 'KIND_CPU' | 'KIND_GPU'; instanceCount?: number; outputChannels?: number },
): TritonModelConfig {
  if (!report.passed) throw new Error('refusing to write a Triton config for a model that failed validation');
  const maxBatchSize = options.maxBatchSize ?? 1;
  if (maxBatchSize > 0 && !report.declaredDynamic.batch) {
    throw new Error(`max_batch_size ${maxBatchSize} needs a dynamic batch axis; the model's is fixed (use maxBatchSize 0)`);
  }
  const dims = (shape: Array<number | string>, channels?: number) => {
    const full = shape.map((d, i) => (i === 1 && channels !== undefined && typeof d !== 'number' ? channels : typeof d === 'number' ? d : -1));
    return maxBatchSize > 0 ? full.slice(1) : full;
  };
  const [input] = report.inputs;
  const [output] = report.outputs;
  return {
    name: options.name,
    maxBatchSize,
    inputs: [{ name: input.name, dataType: tritonType(input.type), dims: dims(input.shape) }],
    outputs: [{ name: output.name, dataType: tritonType(output.type), dims: dims(output.shape, options.outputChannels ?? 1) }],
    instanceKind: options.instanceKind,
    instanceCount: options.instanceCount,
  };
}

/** Where {@link writeTritonRepository} put the files. */
export interface TritonRepositoryFiles {
  modelDir: string;
  configPath: string;
  modelPath: string;
}

/**
 * Writes `<repositoryDir>/<config.name>/config.pbtxt` and `<repositoryDir>/<config.name>/<version>/model.onnx`.
 * Files are written under temporary names and renamed, so a reader never sees half a file.
 */
export async function writeTritonRepository(options: {
  repositoryDir: string;
  onnxModelPath: string;
  config: TritonModelConfig;
  version?: number;
}): Promise<TritonRepositoryFiles> {
  const version = options.version ?? 1;
  if (!Number.isSafeInteger(version) || version < 1) throw new Error(`model version must be a positive integer, got ${version}`);
  const text = tritonConfigText(options.config);
  const modelDir = join(options.repositoryDir, options.config.name);
  const versionDir = join(modelDir, String(version));
  await mkdir(versionDir, { recursive: true });
  const configPath = join(modelDir, 'config.pbtxt');
  const modelPath = join(versionDir, 'model.onnx');
  await atomically(configPath, (tmp) => writeFile(tmp, text));
  await atomically(modelPath, (tmp) => copyFile(options.onnxModelPath, tmp));
  return { modelDir, configPath, modelPath };
}

async function atomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

function checkConfig(config: TritonModelConfig): void {
  if (!MODEL_NAME.test(config.name)) throw new Error(`Triton model name '${config.name}' must match ${MODEL_NAME}`);
  if (!Number.isSafeInteger(config.maxBatchSize) || config.maxBatchSize < 0) {
    throw new Error(`max_batch_size must be a non-negative integer, got ${config.maxBatchSize}`);
  }
  if (config.inputs.length === 0 || config.outputs.length === 0) throw new Error('a Triton config needs inputs and outputs');
  for (const t of [...config.inputs, ...config.outputs]) {
    if (!/^[A-Za-z0-9_.:/-]+$/.test(t.name)) throw new Error(`tensor name '${t.name}' has characters Triton configs do not take`);
    if (t.dims.length === 0) throw new Error(`tensor '${t.name}' has no dims`);
    if (t.dims.some((d) => !Number.isSafeInteger(d) || d < -1 || d === 0)) throw new Error(`tensor '${t.name}' has bad dims [${t.dims}]`);
  }
  if (config.instanceCount !== undefined && (!Number.isSafeInteger(config.instanceCount) || config.instanceCount < 1)) {
    throw new Error(`instance count must be a positive integer, got ${config.instanceCount}`);
  }
}

const TRITON_TYPES: Record<string, string> = {
  float32: 'TYPE_FP32',
  float16: 'TYPE_FP16',
  float64: 'TYPE_FP64',
  int8: 'TYPE_INT8',
  int16: 'TYPE_INT16',
  int32: 'TYPE_INT32',
  int64: 'TYPE_INT64',
  uint8: 'TYPE_UINT8',
  bool: 'TYPE_BOOL',
};

function tritonType(onnxType: string): string {
  const type = TRITON_TYPES[onnxType];
  if (!type) throw new Error(`no Triton data type for ONNX type '${onnxType}'`);
  return type;
}

function quote(text: string): string {
  return JSON.stringify(text);
}
