/**
 * The ONNX export component's own Python program, run outside KFP under Debian's PyTorch (`python3-torch`):
 * the program the compiled component embeds, with a minimal stand-in for `kfp.dsl` in place of the KFP
 * executor. Tests use it for real exports.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '@kfp-ts/compiler';
import { onnxExportComponent } from '../../../packages/components/src/onnx/export-component.js';

/** Debian's interpreter: the `python3` first on PATH may be another one that does not see Debian's packages. */
export const PYTHON = '/usr/bin/python3';

/** True when Debian's PyTorch and NumPy can be imported. */
export function torchInstalled(): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore', timeout: 120_000 }).status === 0;
}

/** What the KFP executor hands the function, reduced to what it uses: paths and metadata. */
export const KFP_DSL_STAND_IN = `
class Artifact:
    schema_title = 'system.Artifact'

    def __init__(self, uri, metadata=None):
        self.uri = uri
        self.path = uri
        self.metadata = metadata or {}


class Model(Artifact):
    schema_title = 'system.Model'


class _Annotation:
    def __class_getitem__(cls, item):
        return item


class Input(_Annotation):
    pass


class Output(_Annotation):
    pass


__all__ = ['Artifact', 'Model', 'Input', 'Output']
`;

/** Saves a randomly initialized small UNet and exports it with the component's function. */
const EXPORT_TINY_UNET = `
import json, sys, torch
import ephemeral_component as program
from kfp.dsl import Artifact, Model
request = json.loads(sys.argv[1])
torch.manual_seed(request['seed'])
torch.save(program.UNet(base_channels=4, depth=2).state_dict(), request['checkpoint'])
onnx_model, samples = Model(request['onnx']), Artifact(request['samples'])
program.export_onnx(
    checkpoint=Model(request['checkpoint']), onnx_model=onnx_model, reference_samples=samples,
    architecture='unet', architecture_args={'base_channels': 4, 'depth': 2}, image_size=32,
)
with open(request['result'], 'w') as f:
    json.dump({'onnx_model': onnx_model.metadata, 'reference_samples': samples.metadata}, f)
`;

/** The outputs of an export: the model file, the reference samples folder, and both artifacts' metadata. */
export interface TinyExport {
  onnxPath: string;
  samplesDir: string;
  metadata: { onnx_model: Record<string, unknown>; reference_samples: Record<string, unknown> };
}

/** Exports a UNet (base width 4, depth 2) at 32×32 into `dir`, as the export task would. */
export function exportTinyUnet(dir: string, seed = 1): TinyExport {
  const programDir = join(dir, 'program');
  mkdirSync(join(programDir, 'kfp', 'dsl'), { recursive: true });
  writeFileSync(join(programDir, 'kfp', '__init__.py'), '');
  writeFileSync(join(programDir, 'kfp', 'dsl', '__init__.py'), KFP_DSL_STAND_IN);
  writeFileSync(join(programDir, 'ephemeral_component.py'), exportProgram());
  const request = {
    seed,
    checkpoint: join(dir, 'checkpoint.pth'),
    onnx: join(dir, 'onnx_model'),
    samples: join(dir, 'reference_samples'),
    result: join(dir, 'result.json'),
  };
  const run = spawnSync(PYTHON, ['-c', EXPORT_TINY_UNET, JSON.stringify(request)], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: programDir, PYTHONDONTWRITEBYTECODE: '1' },
    timeout: 300_000,
  });
  if (run.status !== 0) throw new Error(`the export failed:\n${run.stderr}`);
  return { onnxPath: request.onnx, samplesDir: request.samples, metadata: JSON.parse(readFileSync(request.result, 'utf8')) };
}

/** The Python program the compiled export component runs: the last element of its command. */
function exportProgram(): string {
  const executor = compile(onnxExportComponent()).pipelineSpec.deploymentSpec.executors['exec-export-onnx'];
  if (!executor || !('container' in executor) || !executor.container.command) throw new Error('the export component has no command');
  return executor.container.command[executor.container.command.length - 1];
}
