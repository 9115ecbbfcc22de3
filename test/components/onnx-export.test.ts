/**
 * The ONNX export component: its declaration compiles inside a pipeline, from the sources and from the
 * built package; and a real export. For the real export the Python program embedded in the compiled
 * component runs under Debian's PyTorch (`python3-torch`, with `python3-onnx` for the ONNX checker) on a
 * small randomly initialized UNet, with a minimal stand-in for `kfp.dsl` in place of the KFP executor, and
 * the ONNX model it writes is checked with ONNX Runtime against the reference outputs it saved. Without
 * PyTorch those tests are skipped, except under CI (CI=true), where its absence is a failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, toYaml, validateYamlText, type IrContainerSpec, type PipelineSpec } from '@kfp-ts/compiler';
import { containerComponent, pipeline, t } from '@kfp-ts/dsl';
import {
  DEFAULT_ONNX_EXPORT_IMAGE,
  onnxExportComponent,
} from '../../packages/components/src/onnx/export-component.js';
import { loadReferenceSamples, validateOnnxModel } from '../../packages/components/src/onnx/index.js';
import { KFP_DSL_STAND_IN, PYTHON, torchInstalled } from './helpers/torch-export.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const trainModel = containerComponent({
  name: 'train-model',
  outputs: { model: t.model() },
  image: 'alpine:3.20',
  command: ({ outputs }) => ['train', outputs.model.path],
});

const deployModel = containerComponent({
  name: 'deploy-model',
  inputs: { model: t.model(), samples: t.artifact() },
  image: 'alpine:3.20',
  command: ({ inputs }) => ['deploy', inputs.model.path, inputs.samples.path],
});

const exportOnnx = onnxExportComponent();

const polypExport = pipeline({ name: 'polyp-export', inputs: { imageSize: t.integer().default(352) } }, ({ imageSize }) => {
  const train = trainModel();
  const exported = exportOnnx({ checkpoint: train.outputs.model, image_size: imageSize, architecture_args: { depth: 4 } });
  deployModel({ model: exported.outputs.onnx_model, samples: exported.outputs.reference_samples });
});

/** The container of a compiled component's executor. */
function containerOf(spec: PipelineSpec, executor: string): IrContainerSpec {
  const found = spec.deploymentSpec.executors[executor];
  if (!found || !('container' in found)) throw new Error(`${executor} is not a container executor`);
  return found.container;
}

/** The embedded Python program: the last element of the component's command. */
function embeddedProgram(command: string[] | undefined): string {
  if (!command) throw new Error('the component has no command');
  return command[command.length - 1];
}

describe('the ONNX export component', () => {
  const compiled = compile(polypExport);
  const spec = compiled.pipelineSpec;
  const container = containerOf(spec, 'exec-export-onnx');

  it('compiles inside a pipeline to YAML that validates', () => {
    expect(validateYamlText(toYaml(compiled))).toEqual([]);
    expect(spec.components['comp-export-onnx'].inputDefinitions).toMatchObject({
      artifacts: { checkpoint: { artifactType: { schemaTitle: 'system.Model' } } },
      parameters: {
        architecture: { parameterType: 'STRING', defaultValue: 'unet' },
        architecture_args: { parameterType: 'STRUCT', isOptional: true },
        image_size: { parameterType: 'NUMBER_INTEGER', defaultValue: 352 },
        opset: { parameterType: 'NUMBER_INTEGER', defaultValue: 17 },
        seed: { parameterType: 'NUMBER_INTEGER', defaultValue: 0 },
      },
    });
    expect(spec.components['comp-export-onnx'].outputDefinitions).toMatchObject({
      artifacts: {
        onnx_model: { artifactType: { schemaTitle: 'system.Model' } },
        reference_samples: { artifactType: { schemaTitle: 'system.Artifact' } },
      },
    });
    const deploy = spec.root.dag?.tasks['deploy-model'];
    expect(deploy?.inputs?.artifacts).toEqual({
      model: { taskOutputArtifact: { producerTask: 'export-onnx', outputArtifactKey: 'onnx_model' } },
      samples: { taskOutputArtifact: { producerTask: 'export-onnx', outputArtifactKey: 'reference_samples' } },
    });
  });

  it('runs the shipped Python function in a PyTorch image, installing onnx first', () => {
    expect(container.image).toBe(DEFAULT_ONNX_EXPORT_IMAGE);
    expect(container.args).toEqual(['--executor_input', '{{$}}', '--function_to_execute', 'export_onnx']);
    expect(container.command![2]).toContain("python3 -m pip install --quiet --no-warn-script-location 'onnx==1.19.0'");
    const program = embeddedProgram(container.command);
    const source = readFileSync(join(repoRoot, 'packages/components/python/onnx_export.py'), 'utf8');
    // The file's leading comments are left out; the function and everything after it are embedded.
    expect(program).toContain(source.slice(source.indexOf('def export_onnx(')));
    expect(program).not.toContain('# ONNX export of a segmentation UNet checkpoint');
    expect(program.startsWith('\nimport kfp\nfrom kfp import dsl\nfrom kfp.dsl import *\nfrom typing import *\n')).toBe(true);
  });

  it('takes another image and packages', () => {
    const custom = onnxExportComponent({ baseImage: 'registry.local/polyp-mlops:kfpv2', packagesToInstall: [], name: 'export-polyp-onnx' });
    const { pipelineSpec } = compile(custom);
    const executor = containerOf(pipelineSpec, 'exec-export-polyp-onnx');
    expect(executor.image).toBe('registry.local/polyp-mlops:kfpv2');
    expect(executor.command![2]).not.toContain('onnx==');
  });

  it('is declared the same from the built package, ES module and CommonJS (needs `npm run build`)', () => {
    const dist = join(repoRoot, 'packages/components/dist');
    if (!existsSync(join(dist, 'index.js'))) throw new Error('@kfp-ts/components is not built: run `npm run build` (npm test does it first)');
    const script = (load: string) =>
      `${load}.then((m) => { const c = m.onnxExportComponent(); ` +
      `process.stdout.write(JSON.stringify({ image: c.spec.implementation.container.image, command: c.spec.implementation.container.command })); })`;
    for (const load of [`import(${JSON.stringify(join(dist, 'index.js'))})`, `Promise.resolve(require(${JSON.stringify(join(dist, 'index.cjs'))}))`]) {
      const r = spawnSync(process.execPath, ['-e', script(load)], { cwd: tmpdir(), encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr).toBe('');
      const declared = JSON.parse(r.stdout) as { image: string; command: string[] };
      expect(declared.image).toBe(DEFAULT_ONNX_EXPORT_IMAGE);
      expect(embeddedProgram(declared.command)).toBe(embeddedProgram(container.command));
    }
  });
});

const hasTorch = torchInstalled();

it.runIf(!hasTorch && process.env.CI === 'true')('has PyTorch installed for the export tests', () => {
  throw new Error("install Debian's PyTorch: apt-get install --no-install-recommends python3-torch python3-onnx");
});

/** A model class of the training code, which the component imports by name. */
const TRAINING_MODELS = `
import torch
from torch import nn


class TinySegmenter(nn.Module):
    def __init__(self, num_classes=1, width=4):
        super().__init__()
        self.encode = nn.Conv2d(3, width, 3, padding=1)
        self.norm = nn.BatchNorm2d(width)
        self.pool = nn.MaxPool2d(2)
        self.up = nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)
        self.head = nn.Conv2d(width, num_classes, 1)

    def forward(self, x):
        return self.head(self.up(self.pool(torch.relu(self.norm(self.encode(x))))))
`;

/**
 * Saves a small model with random weights and batch-norm statistics: the built-in UNet, or the training
 * code's class; `wrapped` as DistributedDataParallel names the weights, inside {'state_dict': ...}.
 */
const MAKE_CHECKPOINT = `
import sys, torch
import ephemeral_component as program
import training_models
path, layout, architecture = sys.argv[1], sys.argv[2], sys.argv[3]
torch.manual_seed(1)
model = program.UNet(base_channels=4, depth=2) if architecture == 'unet' else training_models.TinySegmenter(width=4)
for module in model.modules():
    if isinstance(module, torch.nn.BatchNorm2d):
        module.running_mean.uniform_(-0.2, 0.2)
        module.running_var.uniform_(0.5, 1.5)
        module.weight.data.uniform_(0.5, 1.5)
        module.bias.data.uniform_(-0.1, 0.1)
state = model.state_dict()
if layout == 'wrapped':
    torch.save({'epoch': 3, 'state_dict': {'module.' + key: value for key, value in state.items()}}, path)
else:
    torch.save(state, path)
`;

/** Calls the component function as the executor would, then writes the artifacts' metadata as JSON. */
const RUN_EXPORT = `
import json, sys
import ephemeral_component as program
from kfp.dsl import Artifact, Model
request = json.loads(sys.argv[1])
onnx_model, samples = Model(request['onnx']), Artifact(request['samples'])
program.export_onnx(checkpoint=Model(request['checkpoint']), onnx_model=onnx_model, reference_samples=samples, **request['arguments'])
with open(request['result'], 'w') as f:
    json.dump({'onnx_model': onnx_model.metadata, 'reference_samples': samples.metadata}, f)
`;

/** Calls the component function once per case; prints each ValueError's message. */
const RUN_FAILING_EXPORTS = `
import json, os, sys
import ephemeral_component as program
from kfp.dsl import Artifact, Model
request = json.loads(sys.argv[1])
for index, arguments in enumerate(request['cases']):
    out = os.path.join(request['out'], str(index))
    try:
        program.export_onnx(
            checkpoint=Model(request['checkpoint']),
            onnx_model=Model(os.path.join(out, 'onnx_model')),
            reference_samples=Artifact(os.path.join(out, 'reference_samples')),
            **arguments,
        )
        print('exported')
    except ValueError as error:
        print(f'ValueError: {error}')
`;

interface ExportResult {
  onnxPath: string;
  samplesDir: string;
  metadata: { onnx_model: Record<string, unknown>; reference_samples: Record<string, unknown> };
}

describe.skipIf(!hasTorch)('a real export with PyTorch', () => {
  let dir: string;
  let programDir: string;

  const python = (code: string, args: string[]) =>
    spawnSync(PYTHON, ['-c', code, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PYTHONPATH: programDir, PYTHONDONTWRITEBYTECODE: '1' },
      timeout: 300_000,
    });

  const checkpoint = (name: string, layout: 'wrapped' | 'plain', architecture: 'unet' | 'tiny' = 'unet') => {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    const r = python(MAKE_CHECKPOINT, [path, layout, architecture]);
    if (r.status !== 0) throw new Error(`creating the checkpoint failed:\n${r.stderr}`);
    return path;
  };

  const runExport = (name: string, checkpointPath: string, args: Record<string, unknown>) => {
    const out = join(dir, name);
    const request = {
      checkpoint: checkpointPath,
      onnx: join(out, 'onnx_model'),
      samples: join(out, 'reference_samples'),
      result: join(dir, `${name}.json`),
      arguments: args,
    };
    const r = python(RUN_EXPORT, [JSON.stringify(request)]);
    const result = (): ExportResult => ({
      onnxPath: request.onnx,
      samplesDir: request.samples,
      metadata: JSON.parse(readFileSync(request.result, 'utf8')),
    });
    return { status: r.status, stderr: r.stderr, result };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kfp-ts-onnx-export-'));
    programDir = join(dir, 'program');
    mkdirSync(join(programDir, 'kfp', 'dsl'), { recursive: true });
    writeFileSync(join(programDir, 'kfp', '__init__.py'), '');
    writeFileSync(join(programDir, 'kfp', 'dsl', '__init__.py'), KFP_DSL_STAND_IN);
    writeFileSync(join(programDir, 'training_models.py'), TRAINING_MODELS);
    // The very program the compiled component embeds.
    const { pipelineSpec } = compile(onnxExportComponent());
    writeFileSync(join(programDir, 'ephemeral_component.py'), embeddedProgram(containerOf(pipelineSpec, 'exec-export-onnx').command));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('exports a UNet checkpoint that ONNX Runtime runs like PyTorch, with dynamic batch, height and width', async () => {
    const started = Date.now();
    const run = runExport('unet', checkpoint('unet.pth', 'wrapped'), {
      architecture: 'unet',
      architecture_args: { base_channels: 4, depth: 2 },
      image_size: 32,
      opset: 17,
    });
    expect(run.stderr).not.toMatch(/Traceback/);
    expect(run.status).toBe(0);
    const { onnxPath, samplesDir, metadata } = run.result();
    expect(Date.now() - started).toBeLessThan(120_000);

    const samples = await loadReferenceSamples(samplesDir);
    expect(samples.map((s) => [s.name, s.input.dims, s.expected?.dims])).toEqual([
      ['batch', [2, 3, 32, 32], [2, 1, 32, 32]],
      ['square', [1, 3, 32, 32], [1, 1, 32, 32]],
      ['wide', [1, 3, 32, 40], [1, 1, 32, 40]],
    ]);
    const report = await validateOnnxModel(onnxPath, { samples, tolerance: 1e-4 });
    expect(report.problems).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.inputs).toEqual([{ name: 'input', type: 'float32', shape: ['batch', 3, 'height', 'width'] }]);
    expect(report.outputs).toEqual([{ name: 'output', type: 'float32', shape: ['batch', 1, 'height', 'width'] }]);
    expect(report.declaredDynamic).toEqual({ batch: true, height: true, width: true });
    expect(report.maxAbsDiff).toBeLessThan(1e-4);

    const torchVersion = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).stdout.trim();
    expect(metadata.onnx_model).toMatchObject({
      format: 'onnx',
      opset: 17,
      input_name: 'input',
      output_name: 'output',
      input_shape: ['batch', 3, 'height', 'width'],
      output_shape: ['batch', 1, 'height', 'width'],
      dynamic_axes: ['batch', 'height', 'width'],
      output_activation: 'logits',
      export_image_size: 32,
      size_multiple: 4,
      architecture: 'unet',
      architecture_args: { base_channels: 4, depth: 2 },
      torch_version: torchVersion,
    });
    expect(metadata.onnx_model.parameters).toBeGreaterThan(1000);
    if (metadata.onnx_model.onnx_checked) {
      expect(metadata.onnx_model.opset_imports).toMatchObject({ 'ai.onnx': 17 });
    }
    expect(metadata.reference_samples).toEqual({
      format: 'npy',
      samples: ['square', 'batch', 'wide'],
      files: '<name>.input.npy, <name>.output.npy',
      seed: 0,
    });
  });

  it('loads a model class named by import path, from a plain state dict in a checkpoint folder', async () => {
    checkpoint(join('folder', 'best.pth'), 'plain', 'tiny');
    const run = runExport('by-path', join(dir, 'folder'), {
      architecture: 'training_models:TinySegmenter',
      architecture_args: { width: 4 },
      image_size: 32,
      seed: 5,
    });
    expect(run.stderr).not.toMatch(/Traceback/);
    expect(run.status).toBe(0);
    const { onnxPath, samplesDir, metadata } = run.result();
    // A class from the image is assumed to take multiples of 32.
    expect(metadata.onnx_model).toMatchObject({ architecture: 'training_models:TinySegmenter', size_multiple: 32, export_image_size: 32 });
    const report = await validateOnnxModel(onnxPath, { samples: await loadReferenceSamples(samplesDir) });
    expect(report.problems).toEqual([]);
    expect(report.samples.find((s) => s.name === 'wide')?.inputDims).toEqual([1, 3, 32, 96]);
  });

  it('names what is wrong: another architecture, an unknown one, unknown arguments, a size the UNet cannot take', () => {
    const path = checkpoint('any.pth', 'wrapped');
    const cases = [
      { architecture_args: { base_channels: 8, depth: 2 }, image_size: 32 },
      { architecture: 'resnet' },
      { architecture: 'training_models:Missing' },
      { architecture_args: { width: 4 } },
      { architecture_args: { base_channels: 4, depth: 2 }, image_size: 30 },
    ];
    const r = python(RUN_FAILING_EXPORTS, [JSON.stringify({ checkpoint: path, out: join(dir, 'failing'), cases })]);
    expect(r.stderr).not.toMatch(/Traceback/);
    expect(r.stdout.trim().split('\n').filter((line) => line.startsWith('ValueError'))).toEqual([
      "ValueError: the checkpoint does not fit architecture 'unet': wrong shape (checkpoint vs model): conv0_0.conv1.weight [4, 3, 3, 3] vs [8, 3, 3, 3], " +
        'conv0_0.conv1.bias [4] vs [8], conv0_0.bn1.weight [4] vs [8], conv0_0.bn1.bias [4] vs [8], conv0_0.bn1.running_mean [4] vs [8] and 56 more',
      "ValueError: unknown architecture 'resnet': use one of unet or 'package.module:ClassName'",
      "ValueError: architecture 'training_models:Missing' cannot be imported: module 'training_models' has no attribute 'Missing'",
      "ValueError: architecture 'unet' takes no argument(s) width; it takes num_classes, input_channels, base_channels, depth",
      'ValueError: image_size 30 must be a positive multiple of 4 for this architecture',
    ]);
  });
});
