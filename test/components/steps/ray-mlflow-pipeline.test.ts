/**
 * The Ray and MLflow steps in a pipeline: tuning feeds training, training feeds MLflow logging and
 * registration, and an exit handler records the run's end in MLflow. The pipeline compiles to valid KFP
 * YAML whose tasks run the steps' image by component name and receive their KFP identity from run-time
 * placeholders. Then two steps run for real from the image's build context (its bundled entry point under
 * the simulated launcher, ../../runtime/launcher.ts) against a tracking server in another process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileToYaml, IMAGE_ENTRY, validateDocuments, writeBuildContext } from '@kfp-ts/compiler';
import { ExitHandler, pipeline, t } from '@kfp-ts/dsl';
import {
  inspectDatasetStep,
  KFP_TASK_IDENTITY,
  mlflowConnectionFromEnv,
  mlflowFinalStatusStep,
  mlflowLogRunStep,
  mlflowRegisterModelStep,
  MlflowTransport,
  POLYP_COMPONENTS_IMAGE,
  rayTrainStep,
  rayTuneStep,
  type Run,
} from '@kfp-ts/components';
import { cleanUpLaunches, launch } from '../../runtime/launcher.js';

const polypTraining = pipeline(
  { name: 'polyp-training', inputs: { epochs: t.integer().default(30), gpus: t.integer().default(1) } },
  ({ epochs, gpus }) => {
    const recordEnd = mlflowFinalStatusStep({ ...KFP_TASK_IDENTITY });
    ExitHandler(recordEnd, () => {
      const inspect = inspectDatasetStep({ minTrainImages: 100 });
      const tune = rayTuneStep({ ...KFP_TASK_IDENTITY, dataset: inspect.outputs.dataset, numSamples: 4, mode: 'cluster' });
      const train = rayTrainStep({
        ...KFP_TASK_IDENTITY,
        dataset: inspect.outputs.dataset,
        config: tune.outputs.bestConfig,
        epochs,
        numWorkers: 2,
        gpusPerWorker: gpus,
        acceleratorType: 'nvidia-tesla-t4',
      });
      const logged = mlflowLogRunStep({ ...KFP_TASK_IDENTITY, model: train.outputs.model, metrics: train.outputs.metrics });
      mlflowRegisterModelStep({ runId: logged.outputs.runId, alias: 'candidate' });
    });
  },
);

const steps = {
  'ray-tune': rayTuneStep,
  'ray-train': rayTrainStep,
  'mlflow-log-run': mlflowLogRunStep,
  'mlflow-register-model': mlflowRegisterModelStep,
  'mlflow-final-status': mlflowFinalStatusStep,
};

describe('a pipeline of the Ray and MLflow steps', () => {
  const spec = parse(compileToYaml(polypTraining));
  const exitBody = spec.components['comp-exit-handler-1'].dag.tasks;

  it('compiles to YAML that validates', () => {
    expect(validateDocuments(spec)).toEqual([]);
  });

  it('runs each step from the components image by name', () => {
    for (const name of Object.keys(steps)) {
      expect(spec.deploymentSpec.executors[`exec-${name}`].container).toEqual({
        image: POLYP_COMPONENTS_IMAGE,
        command: ['node', '--enable-source-maps', IMAGE_ENTRY],
        args: ['--executor_input', '{{$}}', '--component', name],
      });
    }
  });

  it('gives the steps their KFP identity through run-time placeholders', () => {
    for (const name of ['ray-tune', 'ray-train', 'mlflow-log-run']) {
      expect(exitBody[name].inputs.parameters).toMatchObject({
        kfpRunId: { runtimeValue: { constant: '{{$.pipeline_job_uuid}}' } },
        kfpTaskName: { runtimeValue: { constant: '{{$.pipeline_task_name}}' } },
      });
    }
    expect(spec.root.dag.tasks['mlflow-final-status'].inputs.parameters.kfpRunId).toEqual({
      runtimeValue: { constant: '{{$.pipeline_job_uuid}}' },
    });
  });

  it('wires the best configuration into training and the model into MLflow', () => {
    expect(exitBody['ray-train'].inputs.parameters.config).toEqual({
      taskOutputParameter: { producerTask: 'ray-tune', outputParameterKey: 'bestConfig' },
    });
    expect(exitBody['ray-train'].inputs.parameters.epochs).toEqual({ componentInputParameter: 'pipelinechannel--epochs' });
    expect(exitBody['mlflow-log-run'].inputs.artifacts).toEqual({
      model: { taskOutputArtifact: { producerTask: 'ray-train', outputArtifactKey: 'model' } },
      metrics: { taskOutputArtifact: { producerTask: 'ray-train', outputArtifactKey: 'metrics' } },
    });
    expect(exitBody['mlflow-register-model'].inputs.parameters.runId).toEqual({
      taskOutputParameter: { producerTask: 'mlflow-log-run', outputParameterKey: 'runId' },
    });
    expect(spec.components['comp-ray-tune'].outputDefinitions.parameters.bestConfig).toMatchObject({ parameterType: 'STRUCT' });
    expect(spec.components['comp-ray-train'].inputDefinitions.parameters).toMatchObject({
      mode: { defaultValue: 'rayjob' },
      namespace: { defaultValue: 'development' },
      imagePullSecret: { defaultValue: 'regcred' },
      dashboardUrl: { defaultValue: 'http://kuberay-raycluster-head-svc.development.svc.cluster.local:8265' },
      s3Endpoint: { defaultValue: 'http://minio-service.mlflow.svc.cluster.local:9000' },
    });
    expect(spec.components['comp-mlflow-log-run'].inputDefinitions.parameters).toMatchObject({
      trackingUri: { defaultValue: 'http://mlflow-service.mlflow.svc.cluster.local:5001' },
      experimentName: { defaultValue: 'PolypSegmentation' },
    });
  });

  it('runs the MLflow final status as the exit task once the guarded tasks end', () => {
    const exitTask = spec.root.dag.tasks['mlflow-final-status'];
    expect(exitTask.dependentTasks).toEqual(['exit-handler-1']);
    expect(exitTask.triggerPolicy).toEqual({ strategy: 'ALL_UPSTREAM_TASKS_COMPLETED' });
    expect(exitTask.inputs.parameters.status).toEqual({ taskFinalStatus: { producerTask: 'exit-handler-1' } });
  });

  it('describes every input and output of every step', () => {
    for (const [name, step] of Object.entries(steps)) {
      const undescribed = Object.entries({ ...step.spec.inputs, ...step.spec.outputs })
        .filter(([, type]) => !type.description)
        .map(([key]) => key);
      expect(undescribed, name).toEqual([]);
    }
  });
});

describe('the MLflow steps run from the image build context', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kfp-ts-ray-mlflow-image-'));
  const contextDir = join(dir, 'context');
  let server: ChildProcess;
  let trackingUri: string;

  beforeAll(async () => {
    // The MLflow steps only: the Kubernetes client that the Ray steps load takes seconds to import.
    const mlflowSteps = [mlflowLogRunStep, mlflowRegisterModelStep, mlflowFinalStatusStep];
    writeBuildContext({ components: mlflowSteps.map((s) => s.spec), image: POLYP_COMPONENTS_IMAGE, outputDir: contextDir });
    // As `npm install` in the image would: the packages next to the bundle.
    symlinkSync(resolve('node_modules'), join(contextDir, 'node_modules'));
    // The launcher below blocks this process while the step runs, so the tracking server runs in another.
    server = spawn(resolve('node_modules/.bin/tsx'), [resolve('test/components/helpers/serve-mlflow.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    trackingUri = await new Promise<string>((ready, fail) => {
      createInterface({ input: server.stdout! }).once('line', ready);
      server.once('exit', (code) => fail(new Error(`the tracking server exited with ${code}`)));
    });
  }, 60_000);

  afterAll(() => {
    server?.kill();
    cleanUpLaunches();
    rmSync(dir, { recursive: true, force: true });
  });

  const fromContext = (command: readonly string[]) => command.map((part) => (part === IMAGE_ENTRY ? join(contextDir, 'component.mjs') : part));
  const client = () => new MlflowTransport(mlflowConnectionFromEnv({}, { trackingUri }));

  it('logs the model to a run of the task, then the exit task records the failure on it', async () => {
    const spec = parse(compileToYaml(polypTraining));
    const modelDir = join(dir, 'model');
    mkdirSync(modelDir);
    writeFileSync(join(modelDir, 'model.pth'), 'weights');
    const identity = { kfpRunId: 'c0ffee00-1111-2222-3333-444455556666', kfpTaskName: 'mlflow-log-run' };

    const logged = launch({
      spec,
      executor: 'exec-mlflow-log-run',
      parameters: { ...identity, trackingUri, params: { epochs: 30 } },
      artifacts: { model: { metadata: { config: { lr: 0.001 } } }, metrics: { metadata: { dice: 0.87 } } },
      rewriteExecutorInput: (json) => {
        const input = JSON.parse(json);
        input.inputs.artifacts.model.artifacts[0].customPath = modelDir;
        return JSON.stringify(input);
      },
      rewriteCommand: fromContext,
    });
    expect(logged.stderr).toBe('');
    expect(logged.code).toBe(0);
    const runId = logged.outputParameters.runId as string;
    expect(runId).toMatch(/^[0-9a-f]{32}$/);

    const ended = launch({
      spec,
      executor: 'exec-mlflow-final-status',
      parameters: {
        kfpRunId: identity.kfpRunId,
        kfpTaskName: 'mlflow-final-status',
        trackingUri,
        status: { state: 'FAILED', pipelineJobResourceName: 'polyp-training-x7k2p', pipelineTaskName: 'exit-handler-1', error: { message: 'ray-train failed' } },
      },
      rewriteCommand: fromContext,
    });
    expect(ended.stderr).toBe('');
    expect(ended.outputParameters).toEqual({ mlflowStatus: 'FAILED', runsUpdated: 1 });

    const { run } = await client().call<{ run: Run }>('GET', 'runs/get', { query: { run_id: runId } });
    expect(run.info.status).toBe('FAILED');
    const tags = Object.fromEntries((run.data?.tags ?? []).map((tag) => [tag.key, tag.value]));
    expect(tags).toMatchObject({ 'kfp.final_status': 'FAILED', 'kfp.final_error': 'ray-train failed', 'kfp.identity': `${identity.kfpRunId}/mlflow-log-run` });
    expect(Object.fromEntries((run.data?.params ?? []).map((p) => [p.key, p.value]))).toEqual({ lr: '0.001', epochs: '30' });
  });
});
