/**
 * Deploys a model with KServe: create the InferenceService or patch the existing one, then wait for
 * `Ready`, failing fast when KServe reports the model cannot load and naming the failing condition
 * when time runs out.
 */
import { INFERENCE_SERVICE, type KubeClient, KubernetesApiError } from '../k8s/client.js';
import { LAST_APPLIED_ANNOTATION, mergePatchWithDeletions } from '../k8s/merge-patch.js';
import { WaitTimeoutError, waitForObject } from '../k8s/wait.js';
import {
  type InferenceServiceManifest,
  type InferenceServiceOptions,
  type InferenceServiceStatus,
  buildInferenceService,
} from './inference-service-manifest.js';

/** Options of {@link deployInferenceService}. */
export interface DeployInferenceServiceOptions extends InferenceServiceOptions {
  /** Wait for `Ready`. Default true. */
  waitForReady?: boolean;
  /** Time limit of the wait, in seconds. Default 600. */
  readyTimeoutSeconds?: number;
  /** Progress lines. */
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/** Result of a deployment. */
export interface DeployedInferenceService {
  name: string;
  namespace: string;
  /** `created`, `patched`, or `unchanged` (same generation as before). */
  action: 'created' | 'patched' | 'unchanged';
  generation?: number;
  /** External URL (`status.url`). */
  url?: string;
  /** Cluster-local URL (`status.address.url`). */
  address?: string;
  latestReadyRevision?: string;
  latestCreatedRevision?: string;
  /** Predictor traffic split, when KServe reports it. */
  traffic?: unknown[];
  ready: boolean;
}

/** A condition that is not True, as reported in errors. */
export interface FailingCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** The InferenceService did not become Ready in time; names the condition holding it back. */
export class InferenceServiceNotReadyError extends Error {
  override readonly name = 'InferenceServiceNotReadyError';
  constructor(
    readonly namespace: string,
    readonly serviceName: string,
    readonly condition: FailingCondition | undefined,
    readonly timeoutSeconds: number,
  ) {
    super(
      `InferenceService ${namespace}/${serviceName} not Ready after ${timeoutSeconds} s: ` +
        (condition ? describeCondition(condition) : 'no status reported (is the KServe controller running?)'),
    );
  }
}

/** KServe reports that the model cannot be loaded (`BlockedByFailedLoad` or `InvalidSpec`). */
export class InferenceServiceFailedError extends Error {
  override readonly name = 'InferenceServiceFailedError';
  constructor(
    readonly namespace: string,
    readonly serviceName: string,
    readonly transitionStatus: string,
    readonly failure: { reason?: string; message?: string } | undefined,
  ) {
    super(
      `InferenceService ${namespace}/${serviceName} failed (${transitionStatus})` +
        (failure?.reason || failure?.message ? `: ${[failure.reason, failure.message].filter(Boolean).join(': ')}` : ''),
    );
  }
}

/**
 * Creates the InferenceService, or patches the existing one to match (removing fields an earlier
 * deployment set and these options no longer do), then waits for it to be Ready.
 */
export async function deployInferenceService(client: KubeClient, options: DeployInferenceServiceOptions): Promise<DeployedInferenceService> {
  const log = options.log ?? (() => {});
  const manifest = buildInferenceService(options);
  const { object, action } = await applyInferenceService(client, manifest);
  const namespace = object.metadata.namespace!;
  const name = object.metadata.name!;
  log(`${action} InferenceService ${namespace}/${name} (generation ${object.metadata.generation ?? '?'})`);
  if (options.waitForReady === false) return summarize(object, action, isReady(object));
  const ready = await waitForInferenceServiceReady(client, namespace, name, {
    timeoutSeconds: options.readyTimeoutSeconds ?? 600,
    log,
    signal: options.signal,
  });
  return summarize(ready, action, true);
}

/** Create-or-patch with a JSON merge patch; 409 on create (it appeared meanwhile) turns into a patch. */
export async function applyInferenceService(
  client: KubeClient,
  manifest: InferenceServiceManifest,
): Promise<{ object: InferenceServiceManifest; action: DeployedInferenceService['action'] }> {
  const namespace = manifest.metadata.namespace!;
  const name = manifest.metadata.name!;
  const applied = { labels: manifest.metadata.labels, annotations: manifest.metadata.annotations, spec: manifest.spec };
  const body = withAnnotation(manifest, LAST_APPLIED_ANNOTATION, JSON.stringify(applied));
  let existing = await client.get<InferenceServiceManifest>(INFERENCE_SERVICE, namespace, name);
  if (!existing) {
    try {
      return { object: await client.create(INFERENCE_SERVICE, namespace, body), action: 'created' };
    } catch (error) {
      if (!(error instanceof KubernetesApiError && error.status === 409)) throw error;
      existing = await client.get<InferenceServiceManifest>(INFERENCE_SERVICE, namespace, name);
      if (!existing) throw error;
    }
  }
  const previous = parseLastApplied(existing.metadata.annotations?.[LAST_APPLIED_ANNOTATION]);
  const patch = {
    metadata: {
      labels: mergePatchWithDeletions(previous.labels, manifest.metadata.labels ?? {}),
      annotations: mergePatchWithDeletions(previous.annotations, body.metadata.annotations),
    },
    spec: mergePatchWithDeletions(previous.spec, manifest.spec),
  };
  const object = await client.mergePatch<InferenceServiceManifest>(INFERENCE_SERVICE, namespace, name, patch);
  const action = object.metadata.generation === existing.metadata.generation ? 'unchanged' : 'patched';
  return { object, action };
}

/**
 * Waits until condition `Ready` is True for the current generation. Throws
 * {@link InferenceServiceFailedError} as soon as KServe reports a failed model load, and
 * {@link InferenceServiceNotReadyError} with the failing condition when time runs out.
 */
export async function waitForInferenceServiceReady(
  client: KubeClient,
  namespace: string,
  name: string,
  options: { timeoutSeconds: number; log?: (line: string) => void; signal?: AbortSignal },
): Promise<InferenceServiceManifest> {
  let lastReport = '';
  try {
    return await waitForObject<InferenceServiceManifest, InferenceServiceManifest>(
      client,
      INFERENCE_SERVICE,
      namespace,
      name,
      (object) => {
        if (!object) throw new Error(`InferenceService ${namespace}/${name} was deleted while waiting for it`);
        const transition = object.status?.modelStatus?.transitionStatus;
        if (transition === 'BlockedByFailedLoad' || transition === 'InvalidSpec') {
          throw new InferenceServiceFailedError(namespace, name, transition, object.status?.modelStatus?.lastFailureInfo);
        }
        const failing = failingCondition(object.status);
        const report = failing ? describeCondition(failing) : isReady(object) ? 'Ready' : 'waiting for KServe to report on this generation';
        if (report !== lastReport) options.log?.(`InferenceService ${namespace}/${name}: ${report}`);
        lastReport = report;
        return isReady(object) ? object : undefined;
      },
      { timeoutMs: options.timeoutSeconds * 1000, signal: options.signal },
    );
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    const last = error.lastSeen as InferenceServiceManifest | undefined;
    throw new InferenceServiceNotReadyError(namespace, name, failingCondition(last?.status), options.timeoutSeconds);
  }
}

/** Ready = condition `Ready` True, and the status describes the current spec (observedGeneration, when reported). */
export function isReady(object: InferenceServiceManifest): boolean {
  const observed = object.status?.observedGeneration;
  const generation = object.metadata.generation;
  if (observed !== undefined && generation !== undefined && observed < generation) return false;
  return object.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/**
 * The condition that best explains why the service is not Ready: a False condition other than
 * `Ready` (e.g. PredictorReady), else `Ready` itself, else any non-True condition.
 */
export function failingCondition(status: InferenceServiceStatus | undefined): FailingCondition | undefined {
  const conditions = status?.conditions ?? [];
  const notTrue = conditions.filter((c) => c.status !== 'True');
  return (
    notTrue.find((c) => c.type !== 'Ready' && c.status === 'False') ??
    notTrue.find((c) => c.type === 'Ready') ??
    notTrue[0]
  );
}

function describeCondition(c: FailingCondition): string {
  return `condition ${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`;
}

function summarize(object: InferenceServiceManifest, action: DeployedInferenceService['action'], ready: boolean): DeployedInferenceService {
  const predictor = object.status?.components?.predictor;
  return {
    name: object.metadata.name!,
    namespace: object.metadata.namespace!,
    action,
    generation: object.metadata.generation,
    url: object.status?.url,
    address: object.status?.address?.url,
    latestReadyRevision: predictor?.latestReadyRevision,
    latestCreatedRevision: predictor?.latestCreatedRevision,
    traffic: predictor?.traffic,
    ready,
  };
}

function withAnnotation(manifest: InferenceServiceManifest, key: string, value: string): InferenceServiceManifest {
  return { ...manifest, metadata: { ...manifest.metadata, annotations: { ...manifest.metadata.annotations, [key]: value } } };
}

function parseLastApplied(text: string | undefined): { labels?: unknown; annotations?: unknown; spec?: unknown } {
  if (!text) return {};
  try {
    return JSON.parse(text) as { labels?: unknown; annotations?: unknown; spec?: unknown };
  } catch {
    return {};
  }
}
