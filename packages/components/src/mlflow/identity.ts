/**
 * The identity of a KFP task as MLflow run tags. A step that is retried (by KFP's retry policy or by
 * re-running the pipeline run) has the same pipeline run id and task name, so its MLflow run is found by
 * one tag and reused instead of created again.
 */
import { createHash } from 'node:crypto';
import { MlflowValidationError } from './errors.js';

/** Tag keys written on runs created for KFP tasks. */
export const KFP_TAGS = {
  /** The lookup key: `<pipelineRunId>/<taskName>[/<iteration>]`, or its SHA-256 when that is not a plain token. */
  identity: 'kfp.identity',
  pipelineRunId: 'kfp.pipeline_run_id',
  pipelineName: 'kfp.pipeline_name',
  taskName: 'kfp.task_name',
  taskId: 'kfp.task_id',
  iteration: 'kfp.iteration',
} as const;

/** Who is logging: the KFP pipeline run and task (from placeholders such as `{{$.pipeline_job_uuid}}`). */
export interface KfpTaskIdentity {
  /** The pipeline run (job) id; stays the same when a task is retried. */
  pipelineRunId: string;
  /** The task's name in the pipeline, e.g. `train-model`. */
  taskName: string;
  /** Distinguishes the iterations of a task inside a ParallelFor (the loop item or its index). */
  iteration?: string;
  /** The task (execution) id, recorded for reference only: it is not part of the lookup key. */
  taskId?: string;
  /** The pipeline's name, recorded for reference. */
  pipelineName?: string;
}

/** Longest tag value the client writes (MLflow servers accept 5000 or more). */
const MAX_IDENTITY_LENGTH = 250;
/** Characters that need no quoting in a search filter and read well in the UI. */
const PLAIN_TOKEN = /^[A-Za-z0-9_.:/@+=,-]+$/;

/** The value of the `kfp.identity` tag for `identity`. Deterministic. */
export function identityKey(identity: KfpTaskIdentity): string {
  if (!identity.pipelineRunId.trim()) throw new MlflowValidationError('KFP pipeline run id must not be empty');
  if (!identity.taskName.trim()) throw new MlflowValidationError('KFP task name must not be empty');
  const parts = [identity.pipelineRunId, identity.taskName];
  if (identity.iteration !== undefined) parts.push(identity.iteration);
  const raw = parts.join('/');
  if (raw.length <= MAX_IDENTITY_LENGTH && PLAIN_TOKEN.test(raw)) return raw;
  return `sha256:${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
}

/** All tags that record `identity` on a run. */
export function identityTags(identity: KfpTaskIdentity): Record<string, string> {
  const tags: Record<string, string> = {
    [KFP_TAGS.identity]: identityKey(identity),
    [KFP_TAGS.pipelineRunId]: identity.pipelineRunId,
    [KFP_TAGS.taskName]: identity.taskName,
  };
  if (identity.iteration !== undefined) tags[KFP_TAGS.iteration] = identity.iteration;
  if (identity.taskId) tags[KFP_TAGS.taskId] = identity.taskId;
  if (identity.pipelineName) tags[KFP_TAGS.pipelineName] = identity.pipelineName;
  return tags;
}

/** An MLflow search filter matching runs whose tag `key` equals `value` (`value` must be a plain token). */
export function tagEqualsFilter(key: string, value: string): string {
  if (!PLAIN_TOKEN.test(value)) throw new MlflowValidationError(`cannot search for tag value '${value}'`);
  return `tags.\`${key}\` = '${value}'`;
}
