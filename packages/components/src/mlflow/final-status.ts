/**
 * The end of a KFP pipeline run, recorded on its MLflow runs: every run that a task of the pipeline run
 * created (found by the `kfp.pipeline_run_id` tag) gets the pipeline's final state as a tag and as its
 * status. When no task logged anything, one small run records the outcome, so each pipeline run leaves a
 * trace in the experiment. Safe to repeat: tags are overwritten with the same values, the status is set
 * again, and the small run is found by its identity tag.
 */
import { getExperimentByName, getOrCreateExperiment } from './experiments.js';
import { KFP_TAGS, tagEqualsFilter, type KfpTaskIdentity } from './identity.js';
import { logRunData } from './log-batch.js';
import { ensureRun, setRunStatus } from './runs.js';
import type { MlflowTransport } from './transport.js';
import type { Run, RunStatus } from './types.js';

/** Tags written by {@link recordPipelineFinalStatus}. */
export const FINAL_STATUS_TAGS = {
  /** The KFP state: `SUCCEEDED`, `FAILED`, `CANCELLED`, … */
  state: 'kfp.final_status',
  /** The error message KFP reported, if any. */
  error: 'kfp.final_error',
  /** The pipeline run's resource name, as KFP reports it to exit tasks. */
  pipelineJobResourceName: 'kfp.pipeline_job_resource_name',
} as const;

/** What to record. */
export interface PipelineFinalStatus {
  experimentName: string;
  /** The KFP state of the tasks the exit handler guards. */
  state: string;
  errorMessage?: string;
  pipelineJobResourceName?: string;
  /** The exit task: its pipeline run id finds the runs; it also names the small run created when there are none. */
  identity: KfpTaskIdentity;
}

/** What was recorded. */
export interface RecordedFinalStatus {
  /** The MLflow status given to the runs. */
  status: RunStatus;
  /** The runs updated. */
  runIds: string[];
  /** True when no task had logged a run and one was created for the outcome. */
  createdRun: boolean;
}

/** The MLflow run status for a KFP state: FINISHED for success, KILLED for a cancelled run, FAILED otherwise. */
export function mlflowStatusForKfpState(state: string): RunStatus {
  const normalized = state.trim().toUpperCase();
  if (normalized === 'SUCCEEDED') return 'FINISHED';
  if (normalized.startsWith('CANCEL')) return 'KILLED';
  return 'FAILED';
}

/** Records the pipeline run's final state on its MLflow runs (see the module description). */
export async function recordPipelineFinalStatus(transport: MlflowTransport, spec: PipelineFinalStatus): Promise<RecordedFinalStatus> {
  const status = mlflowStatusForKfpState(spec.state);
  const tags: Record<string, string> = { [FINAL_STATUS_TAGS.state]: spec.state.trim() || 'UNKNOWN' };
  if (spec.errorMessage) tags[FINAL_STATUS_TAGS.error] = spec.errorMessage.slice(0, 4_000);
  if (spec.pipelineJobResourceName) tags[FINAL_STATUS_TAGS.pipelineJobResourceName] = spec.pipelineJobResourceName;

  const existing = await getExperimentByName(transport, spec.experimentName);
  let runIds = existing ? await pipelineRunIds(transport, existing.experiment_id, spec.identity.pipelineRunId) : [];
  let createdRun = false;
  if (runIds.length === 0) {
    const experiment = existing ?? (await getOrCreateExperiment(transport, spec.experimentName));
    const { run } = await ensureRun(transport, {
      experimentId: experiment.experiment_id,
      identity: spec.identity,
      runName: spec.pipelineJobResourceName || `kfp-${spec.identity.pipelineRunId}`,
    });
    runIds = [run.run_id];
    createdRun = true;
  }
  for (const runId of runIds) {
    await logRunData(transport, runId, { tags });
    await setRunStatus(transport, runId, status);
  }
  return { status, runIds, createdRun };
}

/** Ids of the active runs of the experiment tagged with the pipeline run id, oldest first. */
async function pipelineRunIds(transport: MlflowTransport, experimentId: string, pipelineRunId: string): Promise<string[]> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await transport.call<{ runs?: Run[]; next_page_token?: string }>('POST', 'runs/search', {
      body: {
        experiment_ids: [experimentId],
        filter: tagEqualsFilter(KFP_TAGS.pipelineRunId, pipelineRunId),
        run_view_type: 'ACTIVE_ONLY',
        max_results: 1000,
        order_by: ['attributes.start_time ASC'],
        page_token: pageToken,
      },
    });
    ids.push(...(response.runs ?? []).map((run) => run.info.run_id ?? run.info.run_uuid!));
    pageToken = response.next_page_token || undefined;
    if (!pageToken) return ids;
  }
  throw new Error(`runs/search for pipeline run ${pipelineRunId} returned more than ${MAX_PAGES} pages`);
}

const MAX_PAGES = 20;
