/**
 * The ONNX export step of the polyp pipeline as a Python function component. Its Python source,
 * `python/onnx_export.py`, ships in this package: a built-in UNet whose state dict matches the polyp
 * training code's UNet, checkpoint loading (plain, wrapped or DistributedDataParallel state dicts), the
 * export with dynamic batch, height and width, and reference outputs for {@link validateOnnxModel}.
 */
import { pythonComponent, t, type Component } from '@kfp-ts/dsl';
import { packageFile } from '../package-files.js';

/**
 * PyTorch 2.7.1, the release the polyp training code pins; the export runs on CPU, so any of this tag's
 * CUDA variants would do.
 */
export const DEFAULT_ONNX_EXPORT_IMAGE = 'pytorch/pytorch:2.7.1-cuda12.6-cudnn9-runtime';

/** The ONNX package for the checker, at the version the polyp training code pins. */
export const DEFAULT_ONNX_EXPORT_PACKAGES: readonly string[] = ['onnx==1.19.0'];

/** Settings of the container; the interface stays the same. */
export interface OnnxExportComponentOptions {
  /** An image with PyTorch and NumPy. Default {@link DEFAULT_ONNX_EXPORT_IMAGE}. */
  baseImage?: string;
  /**
   * pip packages installed before the export. Default {@link DEFAULT_ONNX_EXPORT_PACKAGES}; without
   * `onnx` the export still works but the ONNX checker is skipped.
   */
  packagesToInstall?: string[];
  /** pip index URLs, e.g. a mirror inside the cluster. */
  pipIndexUrls?: string[];
  /** The component name. Default `export_onnx` (the function name). */
  name?: string;
}

const onnxExportInputs = {
  checkpoint: t.model().describe('A PyTorch checkpoint: a state dict file (or a folder holding one), possibly wrapped in {"state_dict": ...}.'),
  architecture: t
    .string()
    .default('unet')
    .describe("'unet' (the built-in UNet) or 'package.module:ClassName' for a model class importable in the image."),
  architecture_args: t
    .struct()
    .optionalInput()
    .describe("Keyword arguments of the model class; for 'unet': base_channels (32), depth (4), num_classes (1), input_channels (3)."),
  image_size: t.integer().default(352).describe('Height and width of the example input traced at export; a multiple of 2^depth.'),
  opset: t.integer().default(17).describe('ONNX opset version.'),
  seed: t.integer().default(0).describe('Seed of the example input and the reference sample inputs.'),
};

const onnxExportOutputs = {
  onnx_model: t
    .model()
    .describe("The ONNX model: input 'input' [N,3,H,W], output 'output' [N,1,H,W] (logits); metadata holds opset, shapes and versions."),
  reference_samples: t
    .artifact()
    .describe('A folder of <name>.input.npy and <name>.output.npy files: sample inputs and the PyTorch outputs for them.'),
};

/** The export component's interface. */
export type OnnxExportComponent = Component<typeof onnxExportInputs, typeof onnxExportOutputs>;

/**
 * Declares the ONNX export component. Nothing is read until it is called, so importing the package costs
 * nothing.
 *
 * @example
 * const exportOnnx = onnxExportComponent();
 * const exported = exportOnnx({ checkpoint: train.outputs.model, image_size: 352 });
 * // exported.outputs.onnx_model, exported.outputs.reference_samples
 */
export function onnxExportComponent(options: OnnxExportComponentOptions = {}): OnnxExportComponent {
  return pythonComponent({
    functionName: 'export_onnx',
    source: { file: packageFile('python/onnx_export.py') },
    ...(options.name !== undefined ? { name: options.name } : {}),
    description: 'Exports a PyTorch segmentation checkpoint to ONNX with dynamic batch, height and width, and saves reference outputs.',
    inputs: onnxExportInputs,
    outputs: onnxExportOutputs,
    baseImage: options.baseImage ?? DEFAULT_ONNX_EXPORT_IMAGE,
    packagesToInstall: options.packagesToInstall ?? [...DEFAULT_ONNX_EXPORT_PACKAGES],
    ...(options.pipIndexUrls !== undefined ? { pipIndexUrls: options.pipIndexUrls } : {}),
  });
}
