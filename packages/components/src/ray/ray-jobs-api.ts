/**
 * Client of the Ray Jobs REST API served by a Ray cluster's dashboard (port 8265), as used to
 * submit training to the long-lived RayCluster: submit, get, list, logs, stop, delete, version.
 * Submission is idempotent through the submission id: a retried submission finds the job an earlier
 * attempt created instead of starting a second one.
 */
import { HttpStatusError, excerpt } from '../http/errors.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, requestJson } from '../http/json-client.js';
import { type RetryOptions, sleep, withRetry } from '../http/retry.js';
import { type SecretSource, bearerHeader } from '../http/secrets.js';
import { POLYP_RAY_DEFAULTS } from './defaults.js';

/** Status of a Ray job; the last three are final. */
export type RayJobState = 'PENDING' | 'RUNNING' | 'STOPPED' | 'SUCCEEDED' | 'FAILED';

/** Final Ray job states. */
export const TERMINAL_RAY_JOB_STATES: readonly RayJobState[] = ['STOPPED', 'SUCCEEDED', 'FAILED'];

/** Body of `POST /api/jobs/`. */
export interface RayJobSubmitRequest {
  entrypoint: string;
  submission_id?: string;
  runtime_env?: Record<string, unknown>;
  metadata?: Record<string, string>;
  entrypoint_num_cpus?: number;
  entrypoint_num_gpus?: number;
  entrypoint_memory?: number;
  entrypoint_resources?: Record<string, number>;
}

/** Answer of `POST /api/jobs/`. */
export interface RayJobSubmitResponse {
  submission_id: string;
  job_id?: string | null;
}

/** Answer of `GET /api/jobs/{id}` (the fields the modules read). */
export interface RayJobDetails {
  type?: string;
  job_id?: string | null;
  submission_id?: string | null;
  status: RayJobState;
  entrypoint: string;
  message?: string | null;
  error_type?: string | null;
  start_time?: number | null;
  end_time?: number | null;
  metadata?: Record<string, string> | null;
  runtime_env?: Record<string, unknown> | null;
}

/** Answer of `GET /api/version`. */
export interface RayVersionInfo {
  version: string;
  ray_version?: string;
  ray_commit?: string;
}

/** Where the dashboard is and how patiently to call it. */
export interface RayJobsClientOptions {
  /** Dashboard base URL; default the polyp cluster's head service on port 8265. */
  dashboardUrl?: string;
  /** Token for clusters with token auth, sent as `x-ray-authorization: Bearer …`. Default env `RAY_AUTH_TOKEN`. */
  token?: SecretSource;
  /** Time limit of one request, in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** Retry policy of each request. */
  retry?: RetryOptions;
}

/** Thin, retrying client of one Ray dashboard. */
export class RayJobsClient {
  readonly dashboardUrl: string;
  private readonly token: SecretSource;
  private readonly timeoutMs: number;
  private readonly retry: RetryOptions;

  constructor(options: RayJobsClientOptions = {}) {
    this.dashboardUrl = withScheme(options.dashboardUrl ?? POLYP_RAY_DEFAULTS.dashboardUrl);
    this.token = options.token ?? { env: 'RAY_AUTH_TOKEN' };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.retry = options.retry ?? {};
  }

  /** `GET /api/version`. */
  version(): Promise<RayVersionInfo> {
    return this.request('GET', '/api/version');
  }

  /** `POST /api/jobs/` once per attempt (no idempotence check; see {@link submitIdempotent}). */
  submit(request: RayJobSubmitRequest): Promise<RayJobSubmitResponse> {
    return this.request('POST', '/api/jobs/', request);
  }

  /** `GET /api/jobs/{id}` by submission id (or job id); `undefined` when the job does not exist. */
  async getJob(id: string): Promise<RayJobDetails | undefined> {
    try {
      return await this.request<RayJobDetails>('GET', `/api/jobs/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error instanceof HttpStatusError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** `GET /api/jobs/`. */
  listJobs(): Promise<RayJobDetails[]> {
    return this.request('GET', '/api/jobs/');
  }

  /** `GET /api/jobs/{id}/logs`: the driver's whole log so far. */
  async logs(id: string): Promise<string> {
    const { logs } = await this.request<{ logs: string }>('GET', `/api/jobs/${encodeURIComponent(id)}/logs`);
    return logs ?? '';
  }

  /** `POST /api/jobs/{id}/stop`: true if the job was running and is being stopped. */
  async stop(id: string): Promise<boolean> {
    const { stopped } = await this.request<{ stopped: boolean }>('POST', `/api/jobs/${encodeURIComponent(id)}/stop`);
    return stopped;
  }

  /** `DELETE /api/jobs/{id}` (finished jobs only): true if deleted. */
  async deleteJob(id: string): Promise<boolean> {
    const { deleted } = await this.request<{ deleted: boolean }>('DELETE', `/api/jobs/${encodeURIComponent(id)}`);
    return deleted;
  }

  /**
   * Submits unless a job with this submission id exists already. Each attempt first looks the id up,
   * so a submission whose response was lost (time-out, reset, 5xx) is found, not repeated; a job
   * with the same id but another entrypoint is an error.
   */
  async submitIdempotent(request: RayJobSubmitRequest & { submission_id: string }): Promise<{ job: RayJobDetails; reused: boolean }> {
    const id = request.submission_id;
    const findOwn = async (): Promise<RayJobDetails | undefined> => {
      const job = await this.getJob(id);
      if (job && job.entrypoint !== request.entrypoint) {
        throw new RaySubmissionConflictError(id, job.entrypoint, request.entrypoint);
      }
      return job;
    };
    let submitted = false;
    const job = await withRetry(async () => {
      const existing = await findOwn();
      if (existing) return existing;
      try {
        await this.requestOnce('POST', '/api/jobs/', request);
        submitted = true;
      } catch (error) {
        // A concurrent or earlier attempt may have created it (Ray answers 400 or 500 for a reused id).
        const raced = error instanceof HttpStatusError ? await findOwn().catch(() => undefined) : undefined;
        if (raced) return raced;
        throw error;
      }
      return (await this.getJob(id)) ?? pendingJob(request);
    }, this.retry);
    return { job, reused: !submitted };
  }

  private request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return withRetry(() => this.requestOnce<T>(method, path, body), this.retry);
  }

  private requestOnce<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return requestJson<T>({
      method,
      url: new URL(path, this.dashboardUrl),
      body,
      headers: bearerHeader('x-ray-authorization', this.token),
      timeoutMs: this.timeoutMs,
      retry: false,
    });
  }
}

/** A submission id already names a job with a different entrypoint. */
export class RaySubmissionConflictError extends Error {
  override readonly name = 'RaySubmissionConflictError';
  constructor(
    readonly submissionId: string,
    readonly existingEntrypoint: string,
    readonly requestedEntrypoint: string,
  ) {
    super(
      `Ray submission id "${submissionId}" is already used by a job with entrypoint "${excerpt(existingEntrypoint, 120)}"; ` +
        `choose another submission id`,
    );
  }
}

/** Options of {@link runRayClusterJob}. */
export interface RunRayClusterJobOptions extends RayJobsClientOptions, Omit<RayJobSubmitRequest, 'submission_id'> {
  /** Submission id: stable across retries of the same task, unique per run. */
  submissionId: string;
  /** Give up after this many seconds. Default 24 h. */
  timeoutSeconds?: number;
  /** Status poll interval, in milliseconds. Default 10 000. */
  pollIntervalMs?: number;
  /** Stop the job when the wait times out or is aborted. Default true. */
  stopOnTimeout?: boolean;
  /** Characters of the log's end kept in results and errors. Default 4 000. */
  logTailChars?: number;
  /** Progress lines (state changes). */
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/** A finished Ray job. */
export interface RayClusterJobResult {
  submissionId: string;
  jobId?: string | null;
  status: RayJobState;
  /** Whether an earlier attempt had already submitted the job. */
  reused: boolean;
  startTime?: number | null;
  endTime?: number | null;
  /** End of the driver log. */
  logTail: string;
}

/** A Ray job ended FAILED or STOPPED; the message has Ray's reason and the end of the log. */
export class RayClusterJobFailedError extends Error {
  override readonly name = 'RayClusterJobFailedError';
  constructor(
    readonly result: RayClusterJobResult,
    readonly rayMessage: string | undefined,
    readonly errorType: string | undefined,
  ) {
    super(
      `Ray job ${result.submissionId} ended ${result.status}` +
        `${errorType ? ` (${errorType})` : ''}${rayMessage ? `: ${rayMessage}` : ''}` +
        (result.logTail ? `\n--- end of driver log ---\n${result.logTail}` : ''),
    );
  }
}

/** Waiting for the Ray job took longer than allowed. */
export class RayClusterJobTimeoutError extends Error {
  override readonly name = 'RayClusterJobTimeoutError';
  constructor(
    readonly submissionId: string,
    readonly lastStatus: RayJobState | undefined,
    readonly stopped: boolean,
  ) {
    super(
      `Ray job ${submissionId} did not finish in time (last status ${lastStatus ?? 'unknown'})` +
        (stopped ? '; it was stopped' : ''),
    );
  }
}

/**
 * Submits a job to an existing Ray cluster through the Jobs REST API (idempotently by
 * `submissionId`), polls it to a final state, and returns its result; throws
 * {@link RayClusterJobFailedError} if it failed or was stopped.
 */
export async function runRayClusterJob(options: RunRayClusterJobOptions): Promise<RayClusterJobResult> {
  const client = new RayJobsClient(options);
  const log = options.log ?? (() => {});
  const { job, reused } = await client.submitIdempotent({
    entrypoint: options.entrypoint,
    submission_id: options.submissionId,
    runtime_env: options.runtime_env,
    metadata: options.metadata,
    entrypoint_num_cpus: options.entrypoint_num_cpus,
    entrypoint_num_gpus: options.entrypoint_num_gpus,
    entrypoint_memory: options.entrypoint_memory,
    entrypoint_resources: options.entrypoint_resources,
  });
  log(`${reused ? 'found existing' : 'submitted'} Ray job ${options.submissionId} (${job.status}) on ${client.dashboardUrl}`);

  const deadline = Date.now() + (options.timeoutSeconds ?? 24 * 3600) * 1000;
  const pollMs = options.pollIntervalMs ?? 10_000;
  let current = job;
  let lastStatus = job.status;
  while (!TERMINAL_RAY_JOB_STATES.includes(current.status)) {
    if (Date.now() >= deadline || options.signal?.aborted) {
      const stopped = options.stopOnTimeout !== false && (await client.stop(options.submissionId).catch(() => false));
      throw new RayClusterJobTimeoutError(options.submissionId, current.status, stopped);
    }
    await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())), options.signal);
    const next = await client.getJob(options.submissionId);
    if (!next) throw new Error(`Ray job ${options.submissionId} disappeared from ${client.dashboardUrl}`);
    current = next;
    if (current.status !== lastStatus) log(`Ray job ${options.submissionId}: ${lastStatus} → ${current.status}`);
    lastStatus = current.status;
  }

  const logs = await client.logs(options.submissionId).catch((error: unknown) => `(logs unavailable: ${(error as Error).message})`);
  const result: RayClusterJobResult = {
    submissionId: options.submissionId,
    jobId: current.job_id,
    status: current.status,
    reused,
    startTime: current.start_time,
    endTime: current.end_time,
    logTail: tail(logs, options.logTailChars ?? 4_000),
  };
  if (current.status !== 'SUCCEEDED') {
    throw new RayClusterJobFailedError(result, current.message ?? undefined, current.error_type ?? undefined);
  }
  return result;
}

/** The last `max` characters of a log, starting at a line boundary when possible. */
export function tail(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(text.length - max);
  const newline = cut.indexOf('\n');
  return newline >= 0 && newline < cut.length - 1 ? cut.slice(newline + 1) : cut;
}

/** KubeRay reports dashboard URLs without a scheme. */
export function withScheme(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;
}

function pendingJob(request: RayJobSubmitRequest): RayJobDetails {
  return { status: 'PENDING', entrypoint: request.entrypoint, submission_id: request.submission_id };
}
