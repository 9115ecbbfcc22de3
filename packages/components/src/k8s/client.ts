/**
 * A small client for namespaced custom resources (RayJob, InferenceService) on top of
 * `@kubernetes/client-node`: every call has a time limit and is retried on transient failures
 * (HTTP 429/5xx, time-outs, connection errors); API errors become {@link KubernetesApiError}.
 * The library itself is imported on the first request (see load-client.ts).
 */
import type {
  ConfigurationOptions,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  RequestContext,
  ResponseContext,
} from '@kubernetes/client-node';
import { RequestTimeoutError } from '../http/errors.js';
import { type RetryOptions, parseRetryAfter, withRetry } from '../http/retry.js';
import { type KubernetesClientModule, loadedKubernetesClient, loadKubernetesClient } from './load-client.js';

/** Group, version and plural that address a namespaced custom resource. */
export interface CustomResourceType {
  group: string;
  version: string;
  plural: string;
  kind: string;
}

/** Metadata fields the modules read; the rest passes through untouched. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
  [key: string]: unknown;
}

/** A Kubernetes object as JSON. */
export interface KubeObject<Spec = Record<string, unknown>, Status = Record<string, unknown>> {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Spec;
  status?: Status;
}

/** Any Kubernetes object, whatever its spec and status. */
export type AnyKubeObject = KubeObject<unknown, unknown>;

/** One watch event. */
export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** A running watch. */
export interface WatchHandle {
  /** Settles when the server closes the stream (resolves) or it fails (rejects). */
  done: Promise<void>;
  /** Closes the stream. */
  stop(): void;
}

/** An error answered by the API server, with the fields of its `Status` object. */
export class KubernetesApiError extends Error {
  override readonly name = 'KubernetesApiError';
  constructor(
    /** HTTP status (404, 409, 422, …). */
    readonly status: number,
    /** `Status.reason`: NotFound, AlreadyExists, Invalid, Conflict, … */
    readonly reason: string | undefined,
    /** What was attempted, e.g. `create RayJob development/train-1`. */
    readonly operation: string,
    /** `Status.message`. */
    readonly detail: string,
    /** `Status.details.causes`: the offending fields of a 422. */
    readonly causes: { field?: string; message?: string; reason?: string }[] = [],
    readonly retryAfterMs?: number,
  ) {
    super(`${operation} failed with HTTP ${status}${reason ? ` ${reason}` : ''}: ${detail}`);
  }
}

/** How the client connects and how patiently it calls. */
export interface KubeClientOptions {
  /** A loaded configuration; default {@link loadKubeConfig}(), loaded on the first request. */
  kubeConfig?: KubeConfig;
  /** Time limit of one API request, in milliseconds. Default 30 000. */
  requestTimeoutMs?: number;
  /** Retry policy of API requests. */
  retry?: RetryOptions;
}

/**
 * Loads cluster access the usual way: the given kubeconfig file, else `$KUBECONFIG`, else
 * `~/.kube/config`, else the in-cluster service account (a pipeline pod).
 *
 * @example
 * const client = new KubeClient({ kubeConfig: await loadKubeConfig('/path/to/kubeconfig') });
 */
export async function loadKubeConfig(kubeconfigPath?: string): Promise<KubeConfig> {
  const { KubeConfig } = await loadKubernetesClient();
  const kc = new KubeConfig();
  if (kubeconfigPath) kc.loadFromFile(kubeconfigPath);
  else kc.loadFromDefault();
  return kc;
}

/** What a client needs for its requests, set up on the first one. */
interface Connection {
  k8s: KubernetesClientModule;
  kubeConfig: KubeConfig;
  api: CustomObjectsApi;
}

/** The content type of a JSON merge patch (RFC 7386), as the client library names it. */
const MERGE_PATCH: PatchStrategy = 'application/merge-patch+json';

/**
 * Namespaced custom-object operations with time limits and retries. Creating a client does no I/O: the
 * client library and the default configuration are loaded on the first request.
 */
export class KubeClient {
  private readonly givenKubeConfig: KubeConfig | undefined;
  private readonly requestTimeoutMs: number;
  private readonly retry: RetryOptions;
  private connecting: Promise<Connection> | undefined;
  private connected: Connection | undefined;

  constructor(options: KubeClientOptions = {}) {
    this.givenKubeConfig = options.kubeConfig;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.retry = options.retry ?? {};
  }

  /** The configuration in use: the one given, else the default once the first request has loaded it. */
  get kubeConfig(): KubeConfig | undefined {
    return this.givenKubeConfig ?? this.connected?.kubeConfig;
  }

  /** Reads an object; `undefined` when it does not exist. */
  async get<T extends AnyKubeObject>(type: CustomResourceType, namespace: string, name: string): Promise<T | undefined> {
    try {
      return await this.call(`get ${type.kind} ${namespace}/${name}`, (api, options) =>
        api.getNamespacedCustomObject({ ...coordinates(type, namespace), name }, options),
      );
    } catch (error) {
      if (error instanceof KubernetesApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * Creates an object. A retry after a lost response may answer 409 AlreadyExists for the object
   * the first attempt created; callers that need idempotence handle 409 by reading the object.
   */
  async create<T extends AnyKubeObject>(type: CustomResourceType, namespace: string, body: AnyKubeObject): Promise<T> {
    return this.call(`create ${type.kind} ${namespace}/${body.metadata.name}`, (api, options) =>
      api.createNamespacedCustomObject({ ...coordinates(type, namespace), body }, options),
    );
  }

  /** Applies a JSON merge patch (RFC 7386) to the object, or to its `status` subresource. */
  async mergePatch<T extends AnyKubeObject>(
    type: CustomResourceType,
    namespace: string,
    name: string,
    patch: object,
    subresource?: 'status',
  ): Promise<T> {
    const what = `patch ${type.kind}${subresource ? ' status' : ''} ${namespace}/${name}`;
    return this.call(
      what,
      (api, options) =>
        subresource === 'status'
          ? api.patchNamespacedCustomObjectStatus({ ...coordinates(type, namespace), name, body: patch }, options)
          : api.patchNamespacedCustomObject({ ...coordinates(type, namespace), name, body: patch }, options),
      MERGE_PATCH,
    );
  }

  /** Deletes an object (background propagation); `false` when it was already gone. */
  async delete(type: CustomResourceType, namespace: string, name: string): Promise<boolean> {
    try {
      await this.call(`delete ${type.kind} ${namespace}/${name}`, (api, options) =>
        api.deleteNamespacedCustomObject(
          { ...coordinates(type, namespace), name, propagationPolicy: 'Background' },
          options,
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof KubernetesApiError && error.status === 404) return false;
      throw error;
    }
  }

  /**
   * Watches one object by name from `resourceVersion`. The server ends the stream after
   * `timeoutSeconds`; an `ERROR` event (e.g. 410 Gone) is passed to `onEvent` like the others.
   */
  async watch<T extends AnyKubeObject>(
    type: CustomResourceType,
    namespace: string,
    name: string,
    options: { resourceVersion?: string; timeoutSeconds: number },
    onEvent: (event: WatchEvent<T>) => void,
  ): Promise<WatchHandle> {
    const { k8s, kubeConfig } = await this.connection();
    const path = `/apis/${type.group}/${type.version}/namespaces/${namespace}/${type.plural}`;
    let settle!: { resolve: () => void; reject: (error: unknown) => void };
    const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    const controller = await new k8s.Watch(kubeConfig).watch(
      path,
      {
        fieldSelector: `metadata.name=${name}`,
        resourceVersion: options.resourceVersion,
        timeoutSeconds: Math.max(1, Math.round(options.timeoutSeconds)),
        allowWatchBookmarks: true,
      },
      (type, object) => onEvent({ type: type as WatchEvent<T>['type'], object: object as T }),
      (error) => (error && error.name !== 'AbortError' ? settle.reject(error) : settle.resolve()),
    );
    return { done, stop: () => controller.abort() };
  }

  /** Runs one API call with a per-attempt time limit and retries, translating API errors. */
  private async call<T>(
    operation: string,
    send: (api: CustomObjectsApi, options: ConfigurationOptions) => Promise<T>,
    contentType?: string,
  ): Promise<T> {
    // Outside the retries: a missing library or a broken kubeconfig is not transient.
    const { k8s, kubeConfig, api } = await this.connection();
    return withRetry(async () => {
      const timeout = AbortSignal.timeout(this.requestTimeoutMs);
      try {
        return await send(api, requestOptions(k8s, timeout, contentType));
      } catch (error) {
        if (timeout.aborted) throw new RequestTimeoutError(operation, serverUrl(kubeConfig), this.requestTimeoutMs);
        throw apiErrorOf(k8s, error, operation);
      }
    }, this.retry);
  }

  /** Loads the client library (and the default configuration) once; a failed attempt is not kept. */
  private connection(): Promise<Connection> {
    this.connecting ??= (async () => {
      const k8s = await loadKubernetesClient();
      const kubeConfig = this.givenKubeConfig ?? (await loadKubeConfig());
      this.connected = { k8s, kubeConfig, api: kubeConfig.makeApiClient(k8s.CustomObjectsApi) };
      return this.connected;
    })().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }
}

function serverUrl(kubeConfig: KubeConfig): string {
  return kubeConfig.getCurrentCluster()?.server ?? '<no cluster>';
}

/** The custom resources the polyp components manage. */
export const RAY_JOB: CustomResourceType = { group: 'ray.io', version: 'v1', plural: 'rayjobs', kind: 'RayJob' };
export const RAY_CLUSTER: CustomResourceType = { group: 'ray.io', version: 'v1', plural: 'rayclusters', kind: 'RayCluster' };
export const INFERENCE_SERVICE: CustomResourceType = {
  group: 'serving.kserve.io',
  version: 'v1beta1',
  plural: 'inferenceservices',
  kind: 'InferenceService',
};

function coordinates(type: CustomResourceType, namespace: string) {
  return { group: type.group, version: type.version, namespace, plural: type.plural };
}

/** Per-request middleware: the attempt's abort signal and, for patches, the patch content type. */
function requestOptions(k8s: KubernetesClientModule, signal: AbortSignal, contentType?: string): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (context: RequestContext) => {
          context.setSignal(signal);
          if (contentType) context.setHeaderParam('Content-Type', contentType);
          return new k8s.Observable(Promise.resolve(context));
        },
        post: (response: ResponseContext) => new k8s.Observable(Promise.resolve(response)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

/**
 * Turns the client library's `ApiException` into a {@link KubernetesApiError}; other errors pass through.
 * Until a request (or {@link loadKubernetesClient}) has loaded the library, every error passes through:
 * this package cannot have received one of its exceptions before.
 */
export function toKubernetesApiError(error: unknown, operation: string): unknown {
  const k8s = loadedKubernetesClient();
  return k8s ? apiErrorOf(k8s, error, operation) : error;
}

function apiErrorOf(k8s: KubernetesClientModule, error: unknown, operation: string): unknown {
  if (!(error instanceof k8s.ApiException)) return error;
  const status = parseStatusBody(error.body);
  const headers = (error.headers ?? {}) as Record<string, string>;
  return new KubernetesApiError(
    error.code,
    status?.reason,
    operation,
    status?.message ?? `HTTP ${error.code}`,
    status?.details?.causes ?? [],
    parseRetryAfter(headers['retry-after']),
  );
}

interface StatusBody {
  reason?: string;
  message?: string;
  details?: { causes?: { field?: string; message?: string; reason?: string }[] };
}

function parseStatusBody(body: unknown): StatusBody | undefined {
  if (body && typeof body === 'object') return body as StatusBody;
  if (typeof body !== 'string' || !body) return undefined;
  try {
    return JSON.parse(body) as StatusBody;
  } catch {
    return { message: body.slice(0, 300) };
  }
}
