/**
 * Runs of KFP tasks: found by the task's identity tag, created only when none exists. Each attempt first
 * searches and then creates, and a create is never repeated blindly — so neither a retried step nor a
 * create whose answer was lost (reset connection, time-out, 5xx after the commit) makes a second run.
 */
import { MlflowValidationError } from './errors.js';
import { identityKey, identityTags, KFP_TAGS, tagEqualsFilter, type KfpTaskIdentity } from './identity.js';
import type { MlflowTransport } from './transport.js';
import type { Run, RunInfo, RunStatus } from './types.js';

/** Options of {@link ensureRun}. */
export interface EnsureRunOptions {
  experimentId: string;
  identity: KfpTaskIdentity;
  /** Display name of a new run; MLflow picks one when omitted. */
  runName?: string;
  /** Extra tags of a new run (identity tags are added). */
  tags?: Record<string, string>;
  /** Start time of a new run, in milliseconds; default now. */
  startTime?: number;
}

/** The run a task logs to, and whether an earlier attempt had created it. */
export interface EnsuredRun {
  run: RunInfo;
  reused: boolean;
}

/**
 * Returns the run of `options.identity` in the experiment, creating it if there is none. A reused run
 * that had ended (an earlier attempt failed) is set back to RUNNING.
 */
export async function ensureRun(transport: MlflowTransport, options: EnsureRunOptions): Promise<EnsuredRun> {
  if (options.tags && 'mlflow.runName' in options.tags) {
    throw new MlflowValidationError("set the run name with 'runName', not the 'mlflow.runName' tag");
  }
  const tags = { ...options.tags, ...identityTags(options.identity) };
  const startTime = options.startTime ?? Date.now();
  return transport.retry(
    'find or create run',
    async () => {
      const found = await findRunByIdentity(transport, options.experimentId, options.identity, { retry: false });
      if (found) {
        if (found.status !== 'RUNNING') await setRunStatus(transport, found.run_id, 'RUNNING', { retry: false });
        return { run: { ...found, status: 'RUNNING' }, reused: true };
      }
      const { run } = await transport.call<{ run: Run }>('POST', 'runs/create', {
        body: {
          experiment_id: options.experimentId,
          run_name: options.runName,
          start_time: startTime,
          tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
        },
        retry: false,
      });
      return { run: normalizeRunInfo(run.info), reused: false };
    },
  );
}

/** The oldest active run of the experiment that carries the identity tag of `identity`, if any. */
export async function findRunByIdentity(
  transport: MlflowTransport,
  experimentId: string,
  identity: KfpTaskIdentity,
  options: { retry?: boolean } = {},
): Promise<RunInfo | undefined> {
  const response = await transport.call<{ runs?: Run[] }>('POST', 'runs/search', {
    body: {
      experiment_ids: [experimentId],
      filter: tagEqualsFilter(KFP_TAGS.identity, identityKey(identity)),
      run_view_type: 'ACTIVE_ONLY',
      max_results: 10,
      order_by: ['attributes.start_time ASC'],
    },
    retry: options.retry,
  });
  const runs = response.runs ?? [];
  return runs.length > 0 ? normalizeRunInfo(runs[0].info) : undefined;
}

/** Reads a run. */
export async function getRun(transport: MlflowTransport, runId: string): Promise<Run> {
  const { run } = await transport.call<{ run: Run }>('GET', 'runs/get', { query: { run_id: runId } });
  return { ...run, info: normalizeRunInfo(run.info) };
}

/** Sets a run's status; a terminal status also sets its end time. Safe to repeat. */
export async function setRunStatus(
  transport: MlflowTransport,
  runId: string,
  status: RunStatus,
  options: { endTime?: number; retry?: boolean } = {},
): Promise<void> {
  const terminal = status === 'FINISHED' || status === 'FAILED' || status === 'KILLED';
  await transport.call('POST', 'runs/update', {
    body: { run_id: runId, status, end_time: terminal ? (options.endTime ?? Date.now()) : undefined },
    retry: options.retry,
  });
}

function normalizeRunInfo(info: RunInfo): RunInfo {
  return { ...info, run_id: info.run_id ?? info.run_uuid, experiment_id: String(info.experiment_id) };
}
