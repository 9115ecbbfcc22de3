/** RayJob and InferenceService manifests, merge patches, and the status interpretation, without a cluster. */
import { describe, expect, it } from 'vitest';
import {
  InvalidOptionError,
  POLYP_CPU_SERVICE,
  POLYP_GPU_SERVICE,
  SPEC_HASH_ANNOTATION,
  applyMergePatch,
  buildInferenceService,
  buildRayJob,
  failingCondition,
  isReady,
  mergePatchWithDeletions,
  polypTrainingEntrypoint,
  rayJobTerminalState,
  shellQuote,
} from '@kfp-ts/components';

const base = { name: 'train-1', entrypoint: polypTrainingEntrypoint('configs/a b.yaml'), image: 'harly1506/polyp-mlops:kfpv2' };

describe('buildRayJob', () => {
  it('builds head and GPU worker groups with the polyp defaults', () => {
    const job = buildRayJob({
      ...base,
      runtimeEnv: { working_dir: '/app', env_vars: { MLFLOW_TRACKING_URI: 'http://mlflow' } },
      workers: [{ groupName: 'gpu', replicas: 2, cpu: '4', memory: '16Gi', gpus: 1, acceleratorType: 'nvidia-tesla-t4' }],
      entrypointNumCpus: 1,
      entrypointResources: { custom: 1 },
    });
    expect(job.apiVersion).toBe('ray.io/v1');
    expect(job.metadata.namespace).toBe('development');
    expect(job.metadata.annotations?.[SPEC_HASH_ANNOTATION]).toMatch(/^[0-9a-f]{16}$/);
    const spec = job.spec as any;
    expect(spec.entrypoint).toBe("python -m training.ray_main --config 'configs/a b.yaml'");
    expect(JSON.parse(spec.runtimeEnvYAML)).toEqual({ working_dir: '/app', env_vars: { MLFLOW_TRACKING_URI: 'http://mlflow' } });
    expect(spec.entrypointResources).toBe('{"custom":1}');
    expect(spec.shutdownAfterJobFinishes).toBe(true);
    expect(spec.ttlSecondsAfterFinished).toBe(300);
    const head = spec.rayClusterSpec.headGroupSpec;
    expect(head.rayStartParams).toEqual({ 'dashboard-host': '0.0.0.0' });
    expect(head.template.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(head.template.spec.containers[0]).toMatchObject({
      name: 'ray-head',
      image: base.image,
      resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '1', memory: '4Gi' } },
    });
    const worker = spec.rayClusterSpec.workerGroupSpecs[0];
    expect(worker).toMatchObject({ groupName: 'gpu', replicas: 2, minReplicas: 2, maxReplicas: 2 });
    expect(worker.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '1' },
      limits: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '1' },
    });
    expect(worker.template.spec.nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4' });
    expect(worker.template.spec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  it('targets an existing RayCluster without creating or shutting one down', () => {
    const spec = buildRayJob({ ...base, existingClusterName: 'raycluster' }).spec as any;
    expect(spec.clusterSelector).toEqual({ 'ray.io/cluster': 'raycluster' });
    expect(spec.rayClusterSpec).toBeUndefined();
    expect(spec.shutdownAfterJobFinishes).toBe(false);
    expect(spec.ttlSecondsAfterFinished).toBeUndefined();
  });

  it('hashes the spec stably and differently for different specs', () => {
    const a = buildRayJob(base).metadata.annotations?.[SPEC_HASH_ANNOTATION];
    expect(buildRayJob({ ...base }).metadata.annotations?.[SPEC_HASH_ANNOTATION]).toBe(a);
    expect(buildRayJob({ ...base, entrypoint: 'python x.py' }).metadata.annotations?.[SPEC_HASH_ANNOTATION]).not.toBe(a);
  });

  it('rejects options KubeRay would reject', () => {
    expect(() => buildRayJob({ ...base, name: 'Train_1' })).toThrow(InvalidOptionError);
    expect(() => buildRayJob({ ...base, name: 'a'.repeat(48) })).toThrow(/longer than 47/);
    expect(() => buildRayJob({ ...base, shutdownAfterJobFinishes: false, ttlSecondsAfterFinished: 60 })).toThrow(/needs shutdown/);
    expect(() => buildRayJob({ ...base, workers: [{ groupName: 'w', replicas: 3, maxReplicas: 2 }] })).toThrow(/minReplicas ≤ replicas ≤ maxReplicas/);
    expect(() => buildRayJob({ ...base, workers: [{ groupName: 'w', replicas: 1, gpus: 0.5 }] })).toThrow(/workers\[0\]\.gpus/);
    expect(() => buildRayJob({ ...base, head: { memory: 'lots' } })).toThrow(/head\.memory: "lots" is not a resource quantity/);
  });

  it('quotes shell words only when needed', () => {
    expect(shellQuote('configs/a.yaml')).toBe('configs/a.yaml');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});

describe('rayJobTerminalState', () => {
  it('reads KubeRay deployment and Ray job status', () => {
    expect(rayJobTerminalState(undefined)).toBeUndefined();
    expect(rayJobTerminalState({ jobDeploymentStatus: 'Running', jobStatus: 'RUNNING' })).toBeUndefined();
    expect(rayJobTerminalState({ jobDeploymentStatus: 'Retrying', jobStatus: 'FAILED' })).toBeUndefined();
    expect(rayJobTerminalState({ jobDeploymentStatus: 'Complete', jobStatus: 'SUCCEEDED' })).toBe('succeeded');
    expect(rayJobTerminalState({ jobDeploymentStatus: 'Complete', jobStatus: 'STOPPED' })).toBe('failed');
    expect(rayJobTerminalState({ jobDeploymentStatus: 'Failed', reason: 'DeadlineExceeded' })).toBe('failed');
    expect(rayJobTerminalState({ jobDeploymentStatus: 'ValidationFailed' })).toBe('failed');
  });
});

describe('buildInferenceService', () => {
  it('builds the polyp GPU service for a Triton model repository', () => {
    const isvc = buildInferenceService({
      ...POLYP_GPU_SERVICE,
      storageUri: 'gs://my-polyp-models/models',
      canaryTrafficPercent: 10,
      deploymentMode: 'Knative',
      transformer: { image: 'polyp-gateway:latest', cpu: '100m', memory: '256Mi' },
    });
    expect(isvc.metadata).toMatchObject({
      name: 'polyp-segmentation-gpu',
      namespace: 'kserve-inference',
      annotations: { 'serving.kserve.io/deploymentMode': 'Knative' },
    });
    const spec = isvc.spec as any;
    expect(spec.predictor).toMatchObject({
      serviceAccountName: 'kserve-model-sa',
      minReplicas: 1,
      maxReplicas: 2,
      canaryTrafficPercent: 10,
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      model: {
        modelFormat: { name: 'triton' },
        runtime: 'kserve-tritonserver',
        protocolVersion: 'v2',
        storageUri: 'gs://my-polyp-models/models',
        resources: {
          requests: { cpu: '2', memory: '4Gi', 'nvidia.com/gpu': '1' },
          limits: { cpu: '4', memory: '8Gi', 'nvidia.com/gpu': '1' },
        },
      },
    });
    expect(spec.transformer.containers[0]).toMatchObject({ name: 'kserve-container', image: 'polyp-gateway:latest' });
  });

  it('builds a CPU ONNX service without empty fields', () => {
    const isvc = buildInferenceService({ ...POLYP_CPU_SERVICE, modelFormat: 'onnx', modelFormatVersion: '1', storageUri: 's3://m/polyp' });
    const spec = isvc.spec as any;
    expect(spec.predictor.minReplicas).toBe(0);
    expect(spec.predictor.model.modelFormat).toEqual({ name: 'onnx', version: '1' });
    expect(spec.predictor.model.resources).toEqual({ requests: { cpu: '200m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } });
    expect(spec.predictor).not.toHaveProperty('tolerations');
    expect(spec.predictor).not.toHaveProperty('nodeSelector');
    expect(spec).not.toHaveProperty('transformer');
    expect(isvc.metadata).not.toHaveProperty('annotations');
  });

  it('rejects bad options', () => {
    expect(() => buildInferenceService({ name: 'x', storageUri: 'models/polyp' })).toThrow(/storageUri/);
    expect(() => buildInferenceService({ name: 'x', storageUri: 'gs://b', canaryTrafficPercent: 120 })).toThrow(/canaryTrafficPercent/);
    expect(() => buildInferenceService({ name: 'x', storageUri: 'gs://b', minReplicas: 3, maxReplicas: 2 })).toThrow(/exceeds maxReplicas/);
  });
});

describe('InferenceService status', () => {
  const object = (status: object, generation = 2) =>
    ({ apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService', metadata: { name: 'x', generation }, status }) as any;

  it('is Ready only for the current generation', () => {
    expect(isReady(object({ conditions: [{ type: 'Ready', status: 'True' }], observedGeneration: 2 }))).toBe(true);
    expect(isReady(object({ conditions: [{ type: 'Ready', status: 'True' }], observedGeneration: 1 }))).toBe(false);
    expect(isReady(object({ conditions: [{ type: 'Ready', status: 'False' }] }))).toBe(false);
  });

  it('names the condition that holds it back', () => {
    expect(
      failingCondition({
        conditions: [
          { type: 'IngressReady', status: 'Unknown' },
          { type: 'PredictorReady', status: 'False', reason: 'RevisionMissing', message: 'no revision' },
          { type: 'Ready', status: 'False', reason: 'RevisionMissing' },
        ],
      }),
    ).toMatchObject({ type: 'PredictorReady', reason: 'RevisionMissing' });
    expect(failingCondition({ conditions: [{ type: 'Ready', status: 'Unknown' }] })).toMatchObject({ type: 'Ready' });
    expect(failingCondition({ conditions: [{ type: 'Ready', status: 'True' }] })).toBeUndefined();
  });
});

describe('mergePatchWithDeletions', () => {
  it('sets desired fields and removes fields an earlier apply set', () => {
    const previous = { predictor: { canaryTrafficPercent: 10, minReplicas: 1, model: { storageUri: 'a', args: ['x'] } } };
    const desired = { predictor: { minReplicas: 2, model: { storageUri: 'b' } } };
    const patch = mergePatchWithDeletions(previous, desired);
    expect(patch).toEqual({ predictor: { canaryTrafficPercent: null, minReplicas: 2, model: { storageUri: 'b', args: null } } });
    const live = { predictor: { ...previous.predictor, timeout: 60, model: { ...previous.predictor.model, runtime: 'set-by-webhook' } } };
    expect(applyMergePatch(live, patch)).toEqual({ predictor: { minReplicas: 2, timeout: 60, model: { storageUri: 'b', runtime: 'set-by-webhook' } } });
  });
});
