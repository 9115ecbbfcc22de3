/**
 * A small pipeline whose KFP tasks ask for GPUs themselves. The polyp example's GPUs belong to Ray pods, so
 * none of its tasks has an accelerator; GPU badges, borders and the Mermaid `gpu` class are checked on this one.
 *
 *   prepare (CPU only) → train (2 GPUs, set as type + limit) → evaluate (1 GPU, set with setGpu)
 */
import { containerComponent, pipeline, t } from '@kfp-ts/dsl';
import { compile, pipelineGraph, type PipelineGraph } from '@kfp-ts/compiler';

const prepare = containerComponent({ name: 'prepare', outputs: { Output: t.string() }, image: 'alpine', command: ['echo', 'data'] });
const train = containerComponent({
  name: 'train',
  inputs: { data: t.string() },
  outputs: { Output: t.string() },
  image: 'pytorch/pytorch',
  command: ({ inputs }) => ['python', '-m', 'train', inputs.data],
});
const evaluate = containerComponent({
  name: 'evaluate',
  inputs: { model: t.string() },
  image: 'pytorch/pytorch',
  command: ({ inputs }) => ['python', '-m', 'evaluate', inputs.model],
});

export const gpuTraining = pipeline({ name: 'gpu-training' }, () => {
  const data = prepare().setCpuRequest('1').setCpuLimit('2');
  const model = train({ data: data.outputs.Output })
    .setDisplayName('Train on GPUs')
    .setAcceleratorType('nvidia.com/gpu')
    .setAcceleratorLimit(2)
    .setCpuRequest('4')
    .setCpuLimit('8')
    .setMemoryRequest('16Gi')
    .setMemoryLimit('32Gi')
    .setRetry({ maxRetryCount: 2, backoffDuration: '60s', backoffFactor: 2, backoffMaxDuration: '10m' });
  evaluate({ model: model.outputs.Output })
    .setDisplayName('Evaluate the trained model on the held-out test set, on one GPU')
    .setGpu('nvidia.com/gpu', 1).setCpuLimit('4').setMemoryLimit('8Gi');
});

/** The graph model of {@link gpuTraining}. */
export function gpuTrainingGraph(): PipelineGraph {
  return pipelineGraph(compile(gpuTraining).pipelineSpec);
}
