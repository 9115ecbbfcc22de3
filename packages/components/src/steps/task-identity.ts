/**
 * Which KFP run and task a step belongs to. Steps that must not repeat work when KFP retries them (a Ray
 * job, an MLflow run) key that work on the pipeline run id and the task name, which stay the same across
 * retries. The step cannot see them on its own: the KFP driver fills them in when a task input is the
 * run-time placeholder `{{$.pipeline_job_uuid}}` or `{{$.pipeline_task_name}}`, which
 * {@link KFP_TASK_IDENTITY} passes.
 */
import { runtime, t } from '@kfp-ts/dsl';
import type { KfpTaskIdentity } from '../mlflow/identity.js';

/**
 * The arguments that give a step its KFP identity; spread them into the call.
 *
 * @example
 * const train = rayTrainStep({ ...KFP_TASK_IDENTITY, dataset: inspect.outputs.dataset });
 */
export const KFP_TASK_IDENTITY = {
  kfpRunId: runtime.pipelineJobId,
  kfpTaskName: runtime.pipelineTaskName,
} as const;

/** The inputs that receive {@link KFP_TASK_IDENTITY}. */
export const kfpIdentityInputs = {
  kfpRunId: t.string().describe('The KFP pipeline run id; pass runtime.pipelineJobId (KFP_TASK_IDENTITY does). Stays the same when KFP retries the task.'),
  kfpTaskName: t.string().describe("The task's name in the pipeline; pass runtime.pipelineTaskName (KFP_TASK_IDENTITY does)."),
};

/** The identity from the two inputs, checked: an unfilled placeholder means the pipeline did not pass them. */
export function taskIdentity(inputs: { kfpRunId: string; kfpTaskName: string }): KfpTaskIdentity {
  const pipelineRunId = identityPart('kfpRunId', inputs.kfpRunId);
  const taskName = identityPart('kfpTaskName', inputs.kfpTaskName);
  return { pipelineRunId, taskName };
}

function identityPart(field: string, value: string): string {
  const text = value.trim();
  if (!text) throw new Error(`input '${field}' must not be empty; pass KFP_TASK_IDENTITY`);
  if (text.includes('{{')) throw new Error(`input '${field}' is the unresolved placeholder '${text}'; pass it as a task input (KFP_TASK_IDENTITY), not as a default`);
  return text;
}
