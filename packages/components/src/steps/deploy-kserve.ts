/**
 * The roll-out of the polyp pipeline as a TypeScript step: create or patch the KServe InferenceService
 * that serves a Triton model repository, wait until it is Ready, and send it one Open Inference Protocol
 * request. Running it again with the same inputs changes nothing.
 */
import { t, tsComponent } from '@kfp-ts/dsl';
import { KubeClient } from '../k8s/client.js';
import { POLYP_CPU_SERVICE, POLYP_KSERVE_DEFAULTS, POLYP_SMOKE_TEST } from '../kserve/defaults.js';
import type { KServeDeploymentMode } from '../kserve/inference-service-manifest.js';
import { deployInferenceService } from '../kserve/inference-service.js';
import { smokeTestModel } from '../kserve/open-inference.js';
import { POLYP_COMPONENTS_IMAGE } from './image.js';

const DEPLOYMENT_MODES: readonly KServeDeploymentMode[] = ['Knative', 'Standard', 'Serverless', 'RawDeployment', 'ModelMesh'];
const CPU_RESOURCES = POLYP_CPU_SERVICE.resources!;

/**
 * Deploys a model repository with KServe. The model's storage URI is the artifact's URI (`minio://` becomes
 * `s3://`, which KServe's storage initializer reads with the service account's S3 settings). Kubernetes
 * access is the pod's service account (or `$KUBECONFIG` outside a cluster); it needs get, create and patch
 * on `inferenceservices` in the namespace. Defaults fit the reference cluster's CPU service.
 *
 * @example
 * const deployed = deployKServeStep({ modelRepository: checked.outputs.modelRepository, canaryTrafficPercent: 10 });
 * // deployed.outputs.serviceUrl
 */
export const deployKServeStep = tsComponent({
  name: 'deploy-kserve',
  description: 'Creates or patches a KServe InferenceService for a model repository, waits until it is Ready and smoke-tests it.',
  targetImage: POLYP_COMPONENTS_IMAGE,
  inputs: {
    modelRepository: t.model().describe('A Triton model repository (or, with modelFormat onnx, an ONNX model); its URI is the storage URI.'),
    serviceName: t.string().default(POLYP_CPU_SERVICE.name).describe('InferenceService name (a DNS-1035 label).'),
    namespace: t.string().default(POLYP_KSERVE_DEFAULTS.namespace).describe('Namespace of the InferenceService.'),
    serviceAccount: t.string().default(POLYP_KSERVE_DEFAULTS.serviceAccountName).describe('Service account that can read the storage URI.'),
    modelFormat: t.string().default('triton').describe("'triton' (a model repository) or 'onnx' (a single model)."),
    runtime: t.string().default(POLYP_KSERVE_DEFAULTS.runtime).describe('KServe serving runtime.'),
    gpus: t.integer().default(0).describe('NVIDIA GPUs per replica.'),
    cpu: t.string().default(String(CPU_RESOURCES.cpu)).describe('CPU request of the model server.'),
    cpuLimit: t.string().default(String(CPU_RESOURCES.cpuLimit)).describe('CPU limit of the model server.'),
    memory: t.string().default(String(CPU_RESOURCES.memory)).describe('Memory request of the model server.'),
    memoryLimit: t.string().default(String(CPU_RESOURCES.memoryLimit)).describe('Memory limit of the model server.'),
    minReplicas: t.integer().default(POLYP_CPU_SERVICE.minReplicas!).describe('Fewest replicas; 0 lets the service scale to zero (Knative).'),
    maxReplicas: t.integer().default(POLYP_CPU_SERVICE.maxReplicas!).describe('Most replicas.'),
    canaryTrafficPercent: t
      .integer()
      .optionalInput()
      .describe('Share of traffic (0-100) for the new revision; leave out to send it all traffic.'),
    deploymentMode: t
      .string()
      .optionalInput()
      .describe("KServe deployment mode: 'Knative' (Serverless), 'Standard' (RawDeployment) or 'ModelMesh'; default the cluster's."),
    timeoutSeconds: t.integer().default(600).describe('How long to wait for Ready, and then for the model to answer, in seconds.'),
    smokeTest: t.boolean().default(true).describe('Send one synthetic request once Ready and check the answer.'),
  },
  outputs: {
    serviceUrl: t.string().describe('The InferenceService URL (status.url), else its cluster-local address.'),
    internalUrl: t.string().describe('The cluster-local address (status.address.url), or empty.'),
    revision: t.string().describe('The predictor revision that is Ready, or empty when KServe reports none.'),
  },
  async run(inputs) {
    const modelFormat = parseModelFormat(inputs.modelFormat);
    const deploymentMode = parseDeploymentMode(inputs.deploymentMode);
    if (!Number.isInteger(inputs.timeoutSeconds) || inputs.timeoutSeconds <= 0) {
      throw new Error(`input 'timeoutSeconds' must be a positive integer, got ${inputs.timeoutSeconds}`);
    }
    const storageUri = servingStorageUri(inputs.modelRepository.uri);
    const log = (line: string) => console.log(line);
    log(`deploying ${storageUri} as InferenceService ${inputs.namespace}/${inputs.serviceName}`);

    const deployed = await deployInferenceService(new KubeClient(), {
      name: inputs.serviceName.trim(),
      namespace: inputs.namespace.trim(),
      storageUri,
      modelFormat,
      runtime: inputs.runtime.trim(),
      serviceAccountName: inputs.serviceAccount.trim(),
      resources: { cpu: inputs.cpu, cpuLimit: inputs.cpuLimit, memory: inputs.memory, memoryLimit: inputs.memoryLimit, gpus: inputs.gpus },
      minReplicas: inputs.minReplicas,
      maxReplicas: inputs.maxReplicas,
      ...(inputs.canaryTrafficPercent !== undefined ? { canaryTrafficPercent: inputs.canaryTrafficPercent } : {}),
      ...(deploymentMode ? { deploymentMode } : {}),
      readyTimeoutSeconds: inputs.timeoutSeconds,
      log,
    });
    const serviceUrl = deployed.url ?? deployed.address ?? '';
    const internalUrl = deployed.address ?? '';
    log(`InferenceService ${deployed.namespace}/${deployed.name} ${deployed.action} and Ready at ${serviceUrl || '(no URL reported)'}`);

    if (inputs.smokeTest) {
      // Inside the cluster the service's own address needs no ingress; Triton names the model by its folder.
      const baseUrl = internalUrl || serviceUrl;
      if (!baseUrl) throw new Error(`InferenceService ${deployed.namespace}/${deployed.name} is Ready but reports no URL to smoke-test`);
      const model = modelFormat === 'triton' ? tritonModelName(inputs.modelRepository.metadata) : deployed.name;
      await smokeTestModel({ ...POLYP_SMOKE_TEST, model, baseUrl, readyTimeoutSeconds: inputs.timeoutSeconds, log });
    }
    return { serviceUrl, internalUrl, revision: deployed.latestReadyRevision ?? deployed.latestCreatedRevision ?? '' };
  },
});

/** KServe reads `s3://`, `gs://`, … but not the `minio://` scheme KFP uses for a MinIO pipeline root. */
function servingStorageUri(uri: string): string {
  if (!uri) throw new Error("input 'modelRepository' has no URI");
  return uri.startsWith('minio://') ? `s3://${uri.slice('minio://'.length)}` : uri;
}

/** The inference model name: the repository's model folder, as recorded by the step that wrote it. */
function tritonModelName(metadata: Readonly<Record<string, unknown>>): string {
  const name = metadata.modelName;
  return typeof name === 'string' && name.trim() !== '' ? name : POLYP_KSERVE_DEFAULTS.modelName;
}

function parseModelFormat(text: string): 'triton' | 'onnx' {
  const format = text.trim().toLowerCase();
  if (format === 'triton' || format === 'onnx') return format;
  throw new Error(`input 'modelFormat' must be 'triton' or 'onnx', got '${text}'`);
}

function parseDeploymentMode(text: string | undefined): KServeDeploymentMode | undefined {
  const mode = text?.trim();
  if (!mode) return undefined;
  const known = DEPLOYMENT_MODES.find((m) => m.toLowerCase() === mode.toLowerCase());
  if (!known) throw new Error(`input 'deploymentMode' must be one of ${DEPLOYMENT_MODES.join(', ')}, got '${text}'`);
  return known;
}
