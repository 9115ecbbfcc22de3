/**
 * The deploy-kserve step's `run` against a real kube-apiserver with the KServe CRD, reached through
 * `$KUBECONFIG` as outside a cluster. Nothing reconciles InferenceServices there, so the test plays the
 * KServe controller by patching `/status`, pointing the service's address at a fake Open Inference
 * Protocol server for the smoke test.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { INFERENCE_SERVICE, deployKServeStep, type KubeObject } from '@kfp-ts/components';
import { FakeOpenInferenceServer } from '../fakes/open-inference-server.js';
import { type K8sTestEnv, k8sTestEnv, pause } from '../k8s-test-env.js';
import { rejectionOf } from '../rejection.js';
import { inputArtifact } from './step-artifacts.js';

let env: K8sTestEnv;
const savedKubeconfig = process.env.KUBECONFIG;
beforeAll(async () => {
  env = await k8sTestEnv('deploy-step');
  process.env.KUBECONFIG = (inject as (key: string) => string)('kubeconfig');
});
afterAll(() => {
  if (savedKubeconfig === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = savedKubeconfig;
});

const REPOSITORY_URI = 'minio://mlpipeline/v2/artifacts/polyp/run-1/validate-onnx/model_repository';

type StepInputs = Parameters<typeof deployKServeStep.run>[0];

/** The step's inputs with the defaults the compiled component would fill in. */
function inputs(serviceName: string, extra: Partial<StepInputs> = {}): StepInputs {
  return {
    modelRepository: inputArtifact('/unused', { uri: REPOSITORY_URI, metadata: { modelName: 'polyp-segmentation' }, schemaTitle: 'system.Model' }),
    serviceName,
    namespace: env.namespace,
    serviceAccount: 'kserve-model-sa',
    modelFormat: 'triton',
    runtime: 'kserve-tritonserver',
    gpus: 0,
    cpu: '200m',
    cpuLimit: '1',
    memory: '1Gi',
    memoryLimit: '2Gi',
    minReplicas: 0,
    maxReplicas: 3,
    canaryTrafficPercent: undefined,
    deploymentMode: undefined,
    timeoutSeconds: 20,
    smokeTest: true,
    ...extra,
  };
}

const deploy = (stepInputs: StepInputs) => deployKServeStep.run(stepInputs, {}) as Promise<{ serviceUrl: string; internalUrl: string; revision: string }>;

/** What KServe reports once the current generation serves, with the cluster-local address at `address`. */
async function becomeReady(name: string, address: string) {
  const object = await env.waitUntilExists(INFERENCE_SERVICE, name);
  await env.setStatus(INFERENCE_SERVICE, name, {
    observedGeneration: object.metadata.generation,
    url: `https://${name}.${env.namespace}.example.com`,
    address: { url: address },
    conditions: [
      { type: 'IngressReady', status: 'True' },
      { type: 'PredictorReady', status: 'True' },
      { type: 'Ready', status: 'True' },
    ],
    components: { predictor: { latestReadyRevision: `${name}-predictor-0000${object.metadata.generation}` } },
  });
}

describe('the deploy-kserve step on the API server', () => {
  it('creates the InferenceService for the model repository, waits for Ready and smoke-tests it', async () => {
    const server = await new FakeOpenInferenceServer().start();
    try {
      const run = deploy(inputs('polyp-cpu', { canaryTrafficPercent: 10, deploymentMode: 'knative' }));
      await becomeReady('polyp-cpu', server.url);
      expect(await run).toEqual({
        serviceUrl: `https://polyp-cpu.${env.namespace}.example.com`,
        internalUrl: server.url,
        revision: 'polyp-cpu-predictor-00001',
      });
    } finally {
      await server.stop();
    }
    const created = await env.client.get<KubeObject>(INFERENCE_SERVICE, env.namespace, 'polyp-cpu');
    expect(created?.metadata.annotations?.['serving.kserve.io/deploymentMode']).toBe('Knative');
    expect(created?.spec).toEqual({
      predictor: {
        serviceAccountName: 'kserve-model-sa',
        minReplicas: 0,
        maxReplicas: 3,
        canaryTrafficPercent: 10,
        model: {
          modelFormat: { name: 'triton' },
          runtime: 'kserve-tritonserver',
          protocolVersion: 'v2',
          // KServe reads the MinIO pipeline root's objects as S3.
          storageUri: 's3://mlpipeline/v2/artifacts/polyp/run-1/validate-onnx/model_repository',
          resources: { requests: { cpu: '200m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } },
        },
      },
    });
  });

  it('changes nothing when retried with the same inputs', async () => {
    const first = deploy(inputs('polyp-retry', { smokeTest: false }));
    await becomeReady('polyp-retry', 'http://polyp-retry.cluster.local');
    await first;
    expect(await deploy(inputs('polyp-retry', { smokeTest: false }))).toMatchObject({ revision: 'polyp-retry-predictor-00001' });
    const object = await env.client.get<KubeObject>(INFERENCE_SERVICE, env.namespace, 'polyp-retry');
    expect(object?.metadata.generation).toBe(1);
  });

  it('smoke-tests the model the repository names, on GPUs', async () => {
    const server = await new FakeOpenInferenceServer({ model: 'polyps' }).start();
    try {
      const modelRepository = inputArtifact('/unused', { uri: 'gs://models/polyps/1', metadata: { modelName: 'polyps' }, schemaTitle: 'system.Model' });
      const run = deploy(inputs('polyp-gpu', { modelRepository, gpus: 1, minReplicas: 1, maxReplicas: 2 }));
      await becomeReady('polyp-gpu', server.url);
      expect((await run).revision).toBe('polyp-gpu-predictor-00001');
    } finally {
      await server.stop();
    }
    const created = await env.client.get<KubeObject>(INFERENCE_SERVICE, env.namespace, 'polyp-gpu');
    expect((created?.spec as any).predictor).toMatchObject({
      minReplicas: 1,
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      model: { storageUri: 'gs://models/polyps/1', resources: { limits: { 'nvidia.com/gpu': '1' } } },
    });
  });

  it('reports the condition that keeps the service from becoming Ready', async () => {
    const run = rejectionOf<Error>(deploy(inputs('polyp-stuck', { timeoutSeconds: 2 })));
    await env.setStatus(INFERENCE_SERVICE, 'polyp-stuck', {
      observedGeneration: 1,
      conditions: [
        { type: 'PredictorReady', status: 'False', reason: 'RevisionMissing', message: 'Configuration "polyp-stuck-predictor" does not have any ready Revision.' },
        { type: 'Ready', status: 'False', reason: 'RevisionMissing' },
      ],
    });
    expect((await run).message).toBe(
      `InferenceService ${env.namespace}/polyp-stuck not Ready after 2 s: condition PredictorReady=False (RevisionMissing): ` +
        'Configuration "polyp-stuck-predictor" does not have any ready Revision.',
    );
  });

  it('fails when the Ready service does not answer like the model', async () => {
    const server = await new FakeOpenInferenceServer({ breakOutputShape: true }).start();
    try {
      const run = rejectionOf<Error>(deploy(inputs('polyp-broken')));
      await pause(100);
      await becomeReady('polyp-broken', server.url);
      expect((await run).message).toBe('output "output" has shape [1,1,256], expected [1,1,256,256]');
    } finally {
      await server.stop();
    }
  });

  it('names the input that is wrong before touching the cluster', async () => {
    await expect(deploy(inputs('polyp-x', { modelFormat: 'pytorch' }))).rejects.toThrow("input 'modelFormat' must be 'triton' or 'onnx', got 'pytorch'");
    await expect(deploy(inputs('polyp-x', { deploymentMode: 'Fast' }))).rejects.toThrow(
      "input 'deploymentMode' must be one of Knative, Standard, Serverless, RawDeployment, ModelMesh, got 'Fast'",
    );
    await expect(deploy(inputs('polyp-x', { timeoutSeconds: 0 }))).rejects.toThrow("input 'timeoutSeconds' must be a positive integer, got 0");
    await expect(deploy(inputs('Polyp_X'))).rejects.toThrow('name: "Polyp_X" must consist of lower-case letters');
    await expect(deploy(inputs('polyp-x', { cpu: 'lots' }))).rejects.toThrow('resources.cpu: "lots" is not a resource quantity');
    expect(await env.client.get(INFERENCE_SERVICE, env.namespace, 'polyp-x')).toBeUndefined();
  });
});
