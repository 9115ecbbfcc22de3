/**
 * The export check of the polyp pipeline in one call: validate the ONNX model (with the reference samples
 * saved at export time, when given) and, if it passes, write the Triton model repository.
 */
import { loadReferenceSamples } from './reference-samples.js';
import { tritonConfigFromReport, writeTritonRepository, type TritonRepositoryFiles } from './triton.js';
import { requireValid, validateOnnxModel, type OnnxValidationOptions, type OnnxValidationReport } from './validate.js';

/** Inputs of {@link prepareTritonModel}. */
export interface PrepareTritonModelOptions extends Omit<OnnxValidationOptions, 'samples'> {
  onnxModelPath: string;
  /** Folder(s) of `<name>.input.npy` / `<name>.output.npy` / `<name>.mask.npy` files, e.g. reference and labelled samples. */
  samplesDir?: string | readonly string[];
  repositoryDir: string;
  /** Triton model name (the directory name). Default `polyp-segmentation`. */
  modelName?: string;
  /** Default 1. */
  maxBatchSize?: number;
  instanceKind?: 'KIND_CPU' | 'KIND_GPU';
  /** Model version directory. Default 1. */
  version?: number;
}

/** Validates and packages; throws `OnnxValidationError` (with the full report) when the model fails. */
export async function prepareTritonModel(
  options: PrepareTritonModelOptions,
): Promise<{ report: OnnxValidationReport; files: TritonRepositoryFiles }> {
  const dirs = typeof options.samplesDir === 'string' ? [options.samplesDir] : (options.samplesDir ?? []);
  const samples = dirs.length > 0 ? (await Promise.all(dirs.map((dir) => loadReferenceSamples(dir)))).flat() : undefined;
  const report = requireValid(await validateOnnxModel(options.onnxModelPath, { ...options, samples }));
  const config = tritonConfigFromReport(report, {
    name: options.modelName ?? 'polyp-segmentation',
    maxBatchSize: options.maxBatchSize,
    instanceKind: options.instanceKind,
    outputChannels: options.outputChannels,
  });
  const files = await writeTritonRepository({
    repositoryDir: options.repositoryDir,
    onnxModelPath: options.onnxModelPath,
    config,
    version: options.version,
  });
  return { report, files };
}
