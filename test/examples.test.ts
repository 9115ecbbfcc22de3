/**
 * The flagship example (examples/polyp): it compiles, passes the IR schema, and says what the polyp system
 * needs — GPUs for training, the Dice gate before deployment, and the order of the steps.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '@kfp-ts/compiler';
import type { PipelineSpec } from '@kfp-ts/compiler';
import { polypSegmentation } from '../examples/polyp/pipeline.js';

// Loose views of the IR for reading the test's facts.
type Dag = { tasks: Record<string, any> };
const compiled = compile(polypSegmentation);
const spec = compiled.pipelineSpec as PipelineSpec & Record<string, any>;
const platformExecutors = (compiled.platformSpec as any)?.platforms?.kubernetes?.deploymentSpec?.executors as Record<string, any>;
const executors = spec.deploymentSpec.executors as Record<string, any>;
const rootTasks = (spec.root.dag as Dag).tasks;
const components = spec.components as Record<string, any>;

/** Each task's dependencies, by task name, across the root DAG and the condition's DAG. */
function dependencyGraph(tasks: Record<string, any>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(tasks).map(([name, task]) => [name, [...(task.dependentTasks ?? [])].sort()]));
}

describe('examples/polyp/pipeline.ts', () => {
  it('trains on two GPUs with the resources a training node has', () => {
    const resources = executors['exec-train-model'].container.resources;
    expect(resources.accelerator).toMatchObject({ resourceType: 'nvidia.com/gpu', resourceCount: '2' });
    expect(resources).toMatchObject({ resourceCpuLimit: '8', resourceMemoryLimit: '32Gi', resourceMemoryRequest: '16Gi' });
    expect(rootTasks['train-model'].retryPolicy.maxRetryCount).toBe(2);
    expect(executors['exec-train-model'].container.env).toContainEqual({
      name: 'MLFLOW_TRACKING_URI',
      value: 'http://mlflow-service.mlflow.svc.cluster.local:5001',
    });
  });

  it('deploys only when the Dice score reaches the threshold', () => {
    const gate = rootTasks['condition-1'];
    expect(gate.taskInfo.name).toBe('dice-score-passes');
    expect(gate.triggerPolicy.condition).toBe(
      "inputs.parameter_values['pipelinechannel--evaluate-model-diceScore'] >= inputs.parameter_values['pipelinechannel--diceThreshold']",
    );
    expect(Object.keys((components['comp-condition-1'].dag as Dag).tasks).sort()).toEqual(['deploy-to-kserve', 'export-onnx']);
    expect(spec.root.inputDefinitions?.parameters?.diceThreshold).toMatchObject({ parameterType: 'NUMBER_DOUBLE', defaultValue: 0.8 });
  });

  it('runs the steps in order: inspect → tune → train → evaluate → (export → deploy)', () => {
    expect(dependencyGraph(rootTasks)).toEqual({
      'inspect-dataset': [],
      'tune-hyperparameters': ['inspect-dataset'],
      'train-model': ['inspect-dataset', 'tune-hyperparameters'],
      'evaluate-model': ['inspect-dataset', 'train-model'],
      'condition-1': ['evaluate-model', 'train-model'],
    });
    expect(dependencyGraph((components['comp-condition-1'].dag as Dag).tasks)).toEqual({
      'export-onnx': [],
      'deploy-to-kserve': ['export-onnx'],
    });
  });

  it('pulls every image with the registry Secret and reads MinIO keys from a Secret', () => {
    expect(Object.keys(platformExecutors).sort()).toEqual(Object.keys(executors).sort());
    for (const executor of Object.values(platformExecutors)) {
      expect(executor.imagePullSecret).toEqual([expect.objectContaining({ secretName: 'regcred' })]);
      expect(executor.secretAsEnv).toEqual([
        expect.objectContaining({
          secretName: 'minio-credentials',
          keyToEnv: [
            { envVar: 'AWS_ACCESS_KEY_ID', secretKey: 'access-key' },
            { envVar: 'AWS_SECRET_ACCESS_KEY', secretKey: 'secret-key' },
          ],
        }),
      ]);
    }
    expect(platformExecutors['exec-train-model'].activeDeadlineSeconds).toBe('43200');
  });

  it('rolls out to the Triton runtime on KServe without caching', () => {
    const deploy = (components['comp-condition-1'].dag as Dag).tasks['deploy-to-kserve'];
    expect(deploy.cachingOptions).toEqual({});
    expect(deploy.inputs.parameters.namespace.runtimeValue.constant).toBe('kserve-inference');
    expect(deploy.inputs.parameters.serviceAccount.runtimeValue.constant).toBe('kserve-model-sa');
    expect(executors['exec-deploy-to-kserve'].container.args).toEqual(
      expect.arrayContaining(['--runtime', 'kserve-tritonserver', "{{$.inputs.artifacts['modelRepository'].uri}}"]),
    );
    expect(rootTasks['inspect-dataset'].cachingOptions).toEqual({});
  });
});
