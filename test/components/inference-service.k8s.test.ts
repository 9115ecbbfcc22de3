/**
 * InferenceServices against a real kube-apiserver with the KServe CRD. Nothing reconciles them
 * there, so each test plays the KServe controller by patching `/status`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  INFERENCE_SERVICE,
  type DeployInferenceServiceOptions,
  InferenceServiceFailedError,
  InferenceServiceNotReadyError,
  KubernetesApiError,
  POLYP_CPU_SERVICE,
  POLYP_GPU_SERVICE,
  POLYP_SMOKE_TEST,
  applyInferenceService,
  buildInferenceService,
  deployInferenceService,
  smokeTestModel,
} from '@kfp-ts/components';
import { FakeOpenInferenceServer } from './fakes/open-inference-server.js';
import { type K8sTestEnv, k8sTestEnv, pause } from './k8s-test-env.js';
import { rejectionOf } from './rejection.js';

let env: K8sTestEnv;
beforeAll(async () => {
  env = await k8sTestEnv('kserve');
});

const gpu = (name: string, extra: Partial<DeployInferenceServiceOptions> = {}): DeployInferenceServiceOptions => ({
  ...POLYP_GPU_SERVICE,
  name,
  namespace: env.namespace,
  storageUri: 'gs://my-polyp-models/models/v1',
  deploymentMode: 'Knative',
  readyTimeoutSeconds: 20,
  ...extra,
});

/** What KServe reports once the current generation serves. */
async function becomeReady(name: string, url = `http://${name}.example.com`) {
  const object = await env.waitUntilExists(INFERENCE_SERVICE, name);
  await env.setStatus(INFERENCE_SERVICE, name, {
    observedGeneration: object.metadata.generation,
    url,
    address: { url: `http://${name}.${env.namespace}.svc.cluster.local` },
    conditions: [
      { type: 'IngressReady', status: 'True' },
      { type: 'PredictorReady', status: 'True' },
      { type: 'Ready', status: 'True' },
    ],
    components: { predictor: { latestReadyRevision: `${name}-predictor-0000${object.metadata.generation}`, traffic: [{ percent: 100, latestRevision: true }] } },
  });
}

describe('InferenceService on the API server', () => {
  it('creates the service and waits for Ready', async () => {
    const deploy = deployInferenceService(env.client, gpu('polyp-gpu'));
    const created = await env.waitUntilExists(INFERENCE_SERVICE, 'polyp-gpu');
    expect(created.metadata.annotations?.['serving.kserve.io/deploymentMode']).toBe('Knative');
    expect((created.spec as any).predictor.model).toMatchObject({
      modelFormat: { name: 'triton' },
      runtime: 'kserve-tritonserver',
      storageUri: 'gs://my-polyp-models/models/v1',
      resources: { limits: { 'nvidia.com/gpu': '1' } },
    });
    await pause(100);
    await becomeReady('polyp-gpu');
    expect(await deploy).toMatchObject({
      action: 'created',
      ready: true,
      url: 'http://polyp-gpu.example.com',
      latestReadyRevision: 'polyp-gpu-predictor-00001',
    });
  });

  it('patches an existing service, waits for the new generation, and removes dropped fields', async () => {
    await deployInferenceService(env.client, gpu('polyp-canary', { waitForReady: false }));
    await becomeReady('polyp-canary');

    // Canary: new model version with 10 % of the traffic. The old Ready status must not count.
    const canary = deployInferenceService(env.client, gpu('polyp-canary', { storageUri: 'gs://my-polyp-models/models/v2', canaryTrafficPercent: 10 }));
    await pause(300);
    const patched = await env.client.get(INFERENCE_SERVICE, env.namespace, 'polyp-canary');
    expect(patched?.metadata.generation).toBe(2);
    expect((patched?.spec as any).predictor).toMatchObject({ canaryTrafficPercent: 10, model: { storageUri: 'gs://my-polyp-models/models/v2' } });
    let settled = false;
    void canary.finally(() => (settled = true));
    await pause(300);
    expect(settled).toBe(false); // still generation 1 in status
    await becomeReady('polyp-canary');
    expect(await canary).toMatchObject({ action: 'patched', generation: 2, ready: true });

    // Promotion: the same version without canaryTrafficPercent takes all traffic.
    const promote = deployInferenceService(env.client, gpu('polyp-canary', { storageUri: 'gs://my-polyp-models/models/v2' }));
    await pause(300);
    await becomeReady('polyp-canary');
    expect(await promote).toMatchObject({ action: 'patched', generation: 3 });
    const promoted = await env.client.get(INFERENCE_SERVICE, env.namespace, 'polyp-canary');
    expect((promoted?.spec as any).predictor).not.toHaveProperty('canaryTrafficPercent');

    // Deploying the same again changes nothing.
    expect(await deployInferenceService(env.client, gpu('polyp-canary', { storageUri: 'gs://my-polyp-models/models/v2' }))).toMatchObject({
      action: 'unchanged',
      generation: 3,
    });
  });

  it('turns a 409 from a concurrent create into a patch', async () => {
    const manifest = buildInferenceService({ ...POLYP_CPU_SERVICE, name: 'polyp-cpu', namespace: env.namespace, storageUri: 'gs://b/m' });
    const results = await Promise.all([1, 2, 3].map(() => applyInferenceService(env.client, manifest)));
    expect(results.filter((r) => r.action === 'created')).toHaveLength(1);
    expect(new Set(results.map((r) => r.object.metadata.uid)).size).toBe(1);
  });

  it('reports schema violations (422) at once', async () => {
    const bad = gpu('polyp-bad', { timeoutSeconds: 'long' as any });
    const error = await rejectionOf<KubernetesApiError>(deployInferenceService(env.client, bad));
    expect(error).toBeInstanceOf(KubernetesApiError);
    expect(error).toMatchObject({ status: 422, reason: 'Invalid' });
    expect(error.message).toContain('spec.predictor.timeout');
  });

  it('times out naming the failing condition', async () => {
    const deploy = rejectionOf<Error>(deployInferenceService(env.client, gpu('polyp-stuck', { readyTimeoutSeconds: 1.5 })));
    await env.setStatus(INFERENCE_SERVICE, 'polyp-stuck', {
      observedGeneration: 1,
      conditions: [
        { type: 'IngressReady', status: 'Unknown' },
        { type: 'PredictorReady', status: 'False', reason: 'RevisionFailed', message: 'Revision "polyp-stuck-predictor-00001" failed with message: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.' },
        { type: 'Ready', status: 'False', reason: 'RevisionFailed' },
      ],
    });
    const error = await deploy;
    expect(error).toBeInstanceOf(InferenceServiceNotReadyError);
    expect(error.message).toBe(
      `InferenceService ${env.namespace}/polyp-stuck not Ready after 1.5 s: condition PredictorReady=False (RevisionFailed): ` +
        'Revision "polyp-stuck-predictor-00001" failed with message: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
    );
  });

  it('fails fast when KServe reports the model cannot load', async () => {
    const deploy = rejectionOf<Error>(deployInferenceService(env.client, gpu('polyp-broken')));
    await env.setStatus(INFERENCE_SERVICE, 'polyp-broken', {
      observedGeneration: 1,
      conditions: [{ type: 'Ready', status: 'False' }],
      modelStatus: {
        transitionStatus: 'BlockedByFailedLoad',
        lastFailureInfo: { reason: 'ModelLoadFailed', message: 'failed to load polyp-segmentation: config.pbtxt not found' },
      },
    });
    const error = await deploy;
    expect(error).toBeInstanceOf(InferenceServiceFailedError);
    expect(error.message).toContain('BlockedByFailedLoad): ModelLoadFailed: failed to load polyp-segmentation');
  });

  it('deploys, then smoke-tests the address KServe reports', async () => {
    const model = await new FakeOpenInferenceServer({ notReadyChecks: 2 }).start();
    try {
      const deploy = deployInferenceService(env.client, gpu('polyp-e2e'));
      await becomeReady('polyp-e2e', model.url);
      const deployed = await deploy;
      const result = await smokeTestModel({ ...POLYP_SMOKE_TEST, baseUrl: deployed.url!, readyPollMs: 20, retry: { initialDelayMs: 5 } });
      expect(result.output).toMatchObject({ name: 'output', shape: [1, 1, 256, 256] });
    } finally {
      await model.stop();
    }
  });
});
