/**
 * Runs training as a KubeRay RayJob: create it (or find the one an earlier attempt of the same task
 * created), watch it to a final state, report Ray's failure reason with the end of the driver log,
 * and delete it or keep it as asked.
 */
import { excerpt } from '../http/errors.js';
import type { SecretSource } from '../http/secrets.js';
import { type KubeClient, KubernetesApiError, RAY_JOB } from '../k8s/client.js';
import { WaitTimeoutError, waitForObject } from '../k8s/wait.js';
import { RayJobsClient, tail } from './ray-jobs-api.js';
import { type RayJobManifest, type RayJobOptions, type RayJobStatus, SPEC_HASH_ANNOTATION, buildRayJob } from './rayjob-manifest.js';

/** When to delete the RayJob object after waiting. */
export type RayJobCleanup = 'never' | 'onSuccess' | 'always';

/** Options of {@link runRayJob}: the job itself plus how to wait and clean up. */
export interface RunRayJobOptions extends RayJobOptions {
  /** Give up waiting after this many seconds. Default 24 h. */
  timeoutSeconds?: number;
  /**
   * Delete the RayJob after waiting: `never` (default; a retried task then finds a finished job
   * and reuses its result), `onSuccess`, or `always` (also after failure or time-out).
   */
  cleanup?: RayJobCleanup;
  /** A RayJob of the same name that already failed is deleted and run again. Default true. */
  rerunFailed?: boolean;
  /** A RayJob of the same name with a different spec: `error` (default) or `replace` it. */
  onSpecMismatch?: 'error' | 'replace';
  /** On failure, fetch the end of the driver log from the job's dashboard. Default true. */
  fetchLogsOnFailure?: boolean;
  /** Token for the dashboard, if it uses token auth. Default env `RAY_AUTH_TOKEN`. */
  rayAuthToken?: SecretSource;
  /** Characters of the driver log's end put into a failure. Default 4 000. */
  logTailChars?: number;
  /** Progress lines. */
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/** What happened to the RayJob. */
export interface RayJobOutcome extends Omit<RayJobStatus, 'failed' | 'succeeded'> {
  name: string;
  namespace: string;
  uid?: string;
  state: 'succeeded' | 'failed';
  /** The RayJob existed before this call (an earlier attempt created it). */
  reused: boolean;
  /** The RayJob was deleted afterwards. */
  deleted: boolean;
}

/** The RayJob failed; the message carries KubeRay's and Ray's reason and the end of the driver log. */
export class RayJobFailedError extends Error {
  override readonly name = 'RayJobFailedError';
  constructor(
    readonly outcome: RayJobOutcome,
    readonly logTail?: string,
  ) {
    super(`${describeFailure(outcome)}${logTail ? `\n--- end of driver log ---\n${logTail}` : ''}`);
  }
}

/** The RayJob did not finish in time. */
export class RayJobTimeoutError extends Error {
  override readonly name = 'RayJobTimeoutError';
  constructor(
    readonly namespace: string,
    readonly jobName: string,
    readonly lastStatus: RayJobStatus | undefined,
    readonly deleted: boolean,
  ) {
    super(
      `RayJob ${namespace}/${jobName} did not finish in time (${describeStatus(lastStatus)})` + (deleted ? '; it was deleted' : ''),
    );
  }
}

/** A RayJob of this name exists with another spec. */
export class RayJobConflictError extends Error {
  override readonly name = 'RayJobConflictError';
  constructor(
    readonly namespace: string,
    readonly jobName: string,
  ) {
    super(
      `RayJob ${namespace}/${jobName} already exists with a different spec; use a name unique to this run ` +
        `or onSpecMismatch: 'replace'`,
    );
  }
}

/**
 * Creates (or reuses) the RayJob, waits for it to finish, and returns the outcome; throws
 * {@link RayJobFailedError} when it failed and {@link RayJobTimeoutError} when it took too long.
 */
export async function runRayJob(client: KubeClient, options: RunRayJobOptions): Promise<RayJobOutcome> {
  const log = options.log ?? (() => {});
  const manifest = buildRayJob(options);
  const namespace = manifest.metadata.namespace!;
  const name = manifest.metadata.name!;
  const cleanup = options.cleanup ?? 'never';
  const timeoutMs = (options.timeoutSeconds ?? 24 * 3600) * 1000;

  const { reused } = await ensureRayJob(client, manifest, {
    rerunFailed: options.rerunFailed ?? true,
    onSpecMismatch: options.onSpecMismatch ?? 'error',
    timeoutMs,
    log,
  });
  log(`${reused ? 'reusing' : 'created'} RayJob ${namespace}/${name}`);

  let final: RayJobManifest;
  try {
    final = await waitForRayJob(client, namespace, name, { timeoutMs, log, signal: options.signal });
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    const deleted = cleanup === 'always' && (await client.delete(RAY_JOB, namespace, name));
    throw new RayJobTimeoutError(namespace, name, (error.lastSeen as RayJobManifest | undefined)?.status, deleted);
  }

  const state = rayJobTerminalState(final.status)!;
  const deleted = (cleanup === 'always' || (cleanup === 'onSuccess' && state === 'succeeded')) && (await client.delete(RAY_JOB, namespace, name));
  const outcome = toOutcome(final, state, reused, deleted);
  if (state === 'succeeded') {
    log(`RayJob ${namespace}/${name} succeeded`);
    return outcome;
  }
  const logTail = options.fetchLogsOnFailure === false ? undefined : await fetchDriverLogTail(final.status, options);
  throw new RayJobFailedError(outcome, logTail);
}

/**
 * Final state of a RayJob from its status: `succeeded`, `failed`, or `undefined` while it runs.
 * KubeRay marks the end in `jobDeploymentStatus` (Complete or Failed; ValidationFailed for a spec it
 * rejects) and the Ray job's own result in `jobStatus`.
 */
export function rayJobTerminalState(status: RayJobStatus | undefined): 'succeeded' | 'failed' | undefined {
  const deployment = status?.jobDeploymentStatus;
  if (deployment === 'Failed' || deployment === 'ValidationFailed') return 'failed';
  if (deployment === 'Complete') return status?.jobStatus === 'SUCCEEDED' ? 'succeeded' : 'failed';
  return undefined;
}

/** Creates the RayJob, or returns the one of the same name an earlier attempt created. */
export async function ensureRayJob(
  client: KubeClient,
  manifest: RayJobManifest,
  options: { rerunFailed: boolean; onSpecMismatch: 'error' | 'replace'; timeoutMs: number; log: (line: string) => void },
): Promise<{ object: RayJobManifest; reused: boolean }> {
  const namespace = manifest.metadata.namespace!;
  const name = manifest.metadata.name!;
  const wantedHash = manifest.metadata.annotations?.[SPEC_HASH_ANNOTATION];
  for (let round = 0; round < 5; round++) {
    const existing = await client.get<RayJobManifest>(RAY_JOB, namespace, name);
    if (!existing) {
      try {
        return { object: await client.create<RayJobManifest>(RAY_JOB, namespace, manifest), reused: false };
      } catch (error) {
        // 409: it appeared meanwhile (e.g. our own earlier attempt whose response was lost): read it.
        if (error instanceof KubernetesApiError && error.status === 409) continue;
        throw error;
      }
    }
    const replaceReason = existing.metadata.deletionTimestamp
      ? 'is being deleted'
      : existing.metadata.annotations?.[SPEC_HASH_ANNOTATION] !== wantedHash
        ? options.onSpecMismatch === 'replace'
          ? 'has a different spec'
          : raise(new RayJobConflictError(namespace, name))
        : options.rerunFailed && rayJobTerminalState(existing.status) === 'failed'
          ? 'failed before'
          : undefined;
    if (!replaceReason) return { object: existing, reused: true };
    options.log(`RayJob ${namespace}/${name} ${replaceReason}; replacing it`);
    await client.delete(RAY_JOB, namespace, name);
    await waitForObject(client, RAY_JOB, namespace, name, (object) => (object ? undefined : true), {
      timeoutMs: Math.min(options.timeoutMs, 10 * 60_000),
    });
  }
  throw new Error(`RayJob ${namespace}/${name} keeps changing while being created; giving up`);
}

/** Watches the RayJob until it is final; logs each change of its deployment or job status. */
export async function waitForRayJob(
  client: KubeClient,
  namespace: string,
  name: string,
  options: { timeoutMs: number; log?: (line: string) => void; signal?: AbortSignal },
): Promise<RayJobManifest> {
  let last = '';
  return waitForObject<RayJobManifest, RayJobManifest>(
    client,
    RAY_JOB,
    namespace,
    name,
    (object) => {
      if (!object) throw new Error(`RayJob ${namespace}/${name} was deleted while waiting for it`);
      const now = describeStatus(object.status);
      if (now !== last) options.log?.(`RayJob ${namespace}/${name}: ${now}`);
      last = now;
      return rayJobTerminalState(object.status) ? object : undefined;
    },
    { timeoutMs: options.timeoutMs, signal: options.signal },
  );
}

/** The end of the Ray driver log, through the dashboard KubeRay reports; a note instead if unreachable. */
async function fetchDriverLogTail(status: RayJobStatus | undefined, options: RunRayJobOptions): Promise<string | undefined> {
  if (!status?.dashboardURL || !status.jobId) return undefined;
  const client = new RayJobsClient({
    dashboardUrl: status.dashboardURL,
    token: options.rayAuthToken,
    timeoutMs: 10_000,
    retry: { attempts: 2, initialDelayMs: 500 },
  });
  try {
    return tail(await client.logs(status.jobId), options.logTailChars ?? 4_000) || undefined;
  } catch (error) {
    return `(driver log unavailable: ${excerpt((error as Error).message, 200)})`;
  }
}

function toOutcome(object: RayJobManifest, state: 'succeeded' | 'failed', reused: boolean, deleted: boolean): RayJobOutcome {
  const s = object.status ?? {};
  return {
    name: object.metadata.name!,
    namespace: object.metadata.namespace!,
    uid: object.metadata.uid,
    state,
    jobStatus: s.jobStatus,
    jobDeploymentStatus: s.jobDeploymentStatus,
    reason: s.reason,
    message: s.message,
    jobId: s.jobId,
    rayClusterName: s.rayClusterName,
    dashboardURL: s.dashboardURL,
    startTime: s.startTime,
    endTime: s.endTime,
    reused,
    deleted,
  };
}

function describeStatus(status: RayJobStatus | undefined): string {
  return `jobDeploymentStatus=${status?.jobDeploymentStatus || '(none)'}, jobStatus=${status?.jobStatus || '(none)'}`;
}

function describeFailure(outcome: RayJobOutcome): string {
  const why = [outcome.reason, outcome.message].filter(Boolean).join(': ');
  return (
    `RayJob ${outcome.namespace}/${outcome.name} failed (${describeStatus(outcome)})` +
    (why ? `: ${why}` : '')
  );
}

function raise(error: Error): never {
  throw error;
}
