/**
 * The flagship example (examples/polyp): it compiles, passes the IR schema, and says what the polyp system
 * needs — GPU workers for Ray training, the Dice gate before export and deployment, the order of the steps,
 * the final status recorded in MLflow whatever happens, and credentials from Secrets only.
 */
import { describe, expect, it } from 'vitest';
import { compile, validateDocuments } from '@kfp-ts/compiler';
import { POLYP_COMPONENTS_IMAGE } from '@kfp-ts/components';
import { polypSegmentation } from '../examples/polyp/pipeline.js';

// Loose views of the IR for reading the test's facts.
type Dag = { tasks: Record<string, any> };
const compiled = compile(polypSegmentation);
const spec = compiled.pipelineSpec as Record<string, any>;
const platformExecutors = (compiled.platformSpec as any)?.platforms?.kubernetes?.deploymentSpec?.executors as Record<string, any>;
const executors = spec.deploymentSpec.executors as Record<string, any>;
const components = spec.components as Record<string, any>;
const rootTasks = (spec.root.dag as Dag).tasks;
const bodyTasks = (components['comp-exit-handler-1'].dag as Dag).tasks;
const gateTasks = (components['comp-condition-2'].dag as Dag).tasks;

/** Each task's dependencies, by task name. */
function dependencyGraph(tasks: Record<string, any>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(tasks).map(([name, task]) => [name, [...(task.dependentTasks ?? [])].sort()]));
}
const constant = (task: any, input: string) => task.inputs.parameters[input]?.runtimeValue?.constant;

describe('examples/polyp/pipeline.ts', () => {
  it('compiles to documents the schemas accept', () => {
    expect(validateDocuments(compiled.pipelineSpec, compiled.platformSpec)).toEqual([]);
  });

  it('runs the steps in order: inspect → tune → train → log, evaluate → (export → validate → register → deploy)', () => {
    expect(dependencyGraph(bodyTasks)).toEqual({
      'inspect-dataset': [],
      'ray-tune': ['inspect-dataset'],
      'ray-train': ['inspect-dataset', 'ray-tune'],
      'mlflow-log-run': ['ray-train', 'ray-tune'],
      'quality-gate': ['ray-train'],
      'condition-2': ['mlflow-log-run', 'quality-gate', 'ray-train'],
    });
    expect(dependencyGraph(gateTasks)).toEqual({
      'export-onnx': [],
      'validate-onnx': ['export-onnx'],
      'mlflow-register-model': ['validate-onnx'],
      'deploy-kserve': ['mlflow-register-model', 'validate-onnx'],
    });
  });

  it('exports and deploys only when the Dice score passes the gate', () => {
    expect(bodyTasks['condition-2'].taskInfo.name).toBe('dice-passes');
    expect(bodyTasks['condition-2'].triggerPolicy.condition).toBe("inputs.parameter_values['pipelinechannel--quality-gate-passed'] == true");
    expect(bodyTasks['quality-gate'].inputs.parameters.metricValue).toEqual({
      taskOutputParameter: { producerTask: 'ray-train', outputParameterKey: 'bestScore' },
    });
    expect(bodyTasks['quality-gate'].inputs.parameters.threshold).toEqual({ componentInputParameter: 'pipelinechannel--diceThreshold' });
    expect(spec.root.inputDefinitions.parameters.diceThreshold).toMatchObject({ parameterType: 'NUMBER_DOUBLE', defaultValue: 0.8 });
  });

  it('trains in a RayJob with two GPU workers on the GPU node pool, tuned hyperparameters and Secret credentials', () => {
    const train = bodyTasks['ray-train'];
    expect(constant(train, 'mode')).toBe('rayjob');
    expect(constant(train, 'numWorkers')).toBe(2);
    expect(constant(train, 'gpusPerWorker')).toBe(1);
    expect(constant(train, 'acceleratorType')).toBe('nvidia-tesla-t4');
    expect(constant(train, 'namespace')).toBe('development');
    expect(constant(train, 'credentialsSecret')).toBe('polyp-ray-credentials');
    expect(train.inputs.parameters.config).toEqual({ taskOutputParameter: { producerTask: 'ray-tune', outputParameterKey: 'bestConfig' } });
    expect(train.inputs.artifacts.dataset).toEqual({ taskOutputArtifact: { producerTask: 'inspect-dataset', outputArtifactKey: 'dataset' } });
    expect(train.retryPolicy).toMatchObject({ maxRetryCount: 2, backoffDuration: '60s', backoffFactor: 2, backoffMaxDuration: '600s' });
    // A retried attempt finds its Ray job and results again through the KFP run and task identity.
    expect(constant(train, 'kfpRunId')).toBe('{{$.pipeline_job_uuid}}');
    expect(constant(train, 'kfpTaskName')).toBe('{{$.pipeline_task_name}}');
    expect(platformExecutors['exec-ray-train'].activeDeadlineSeconds).toBe('43200');
  });

  it('records the final status in MLflow whatever happens', () => {
    expect(dependencyGraph(rootTasks)).toEqual({ 'exit-handler-1': [], 'mlflow-final-status': ['exit-handler-1'] });
    const exit = rootTasks['mlflow-final-status'];
    expect(exit.triggerPolicy).toEqual({ strategy: 'ALL_UPSTREAM_TASKS_COMPLETED' });
    expect(exit.inputs.parameters.status).toEqual({ taskFinalStatus: { producerTask: 'exit-handler-1' } });
    expect(rootTasks['exit-handler-1'].taskInfo.name).toBe('train-and-deploy');
  });

  it('registers the validated Triton repository and deploys it as a canary, never from cache', () => {
    const register = gateTasks['mlflow-register-model'];
    expect(register.inputs.artifacts.model).toEqual({ taskOutputArtifact: { producerTask: 'validate-onnx', outputArtifactKey: 'modelRepository' } });
    expect(register.inputs.parameters.runId).toEqual({
      componentInputParameter: 'pipelinechannel--mlflow-log-run-runId',
    });
    const deploy = gateTasks['deploy-kserve'];
    expect(deploy.cachingOptions).toEqual({});
    expect(deploy.inputs.artifacts.modelRepository).toEqual({ taskOutputArtifact: { producerTask: 'validate-onnx', outputArtifactKey: 'modelRepository' } });
    expect(deploy.inputs.parameters.canaryTrafficPercent).toEqual({ componentInputParameter: 'pipelinechannel--canaryTrafficPercent' });
    expect([constant(deploy, 'namespace'), constant(deploy, 'serviceAccount'), constant(deploy, 'serviceName'), constant(deploy, 'gpus')]).toEqual([
      'kserve-inference',
      'kserve-model-sa',
      'polyp-segmentation-gpu',
      1,
    ]);
    expect(bodyTasks['inspect-dataset'].cachingOptions).toEqual({});
  });

  it('runs every TypeScript step in the one prebuilt image, and the ONNX export in a PyTorch image', () => {
    for (const [label, executor] of Object.entries(executors)) {
      if (label === 'exec-export-onnx') {
        expect(executor.container.image).toMatch(/^pytorch\/pytorch:/);
        continue;
      }
      expect(executor.container).toMatchObject({
        image: POLYP_COMPONENTS_IMAGE,
        command: ['node', '--enable-source-maps', '/kfp-ts/component/component.mjs'],
      });
    }
    expect(Object.keys(executors)).toHaveLength(10);
  });

  it('pulls every image with the registry Secret and reads MinIO keys from a Secret, not from parameters', () => {
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
    const pipelineParameters = Object.keys(spec.root.inputDefinitions.parameters);
    expect(pipelineParameters.filter((p) => /key|secret|token|password/i.test(p))).toEqual([]);
  });
});
