/**
 * The MLflow side of a pipeline run's end, as an exit task: the final state of the run's tasks recorded
 * on the MLflow runs they created.
 */
import { t, tsComponent } from '@kfp-ts/dsl';
import { recordPipelineFinalStatus } from '../mlflow/final-status.js';
import { requiredText } from './input-checks.js';
import { POLYP_COMPONENTS_IMAGE } from './image.js';
import { experimentNameInput, openMlflow, trackingUriInput } from './mlflow-inputs.js';
import { kfpIdentityInputs, taskIdentity } from './task-identity.js';

/**
 * Records the outcome of the tasks an `ExitHandler` guards on the MLflow runs of this pipeline run (found
 * by the `kfp.pipeline_run_id` tag that mlflow-log-run writes): the tag `kfp.final_status` (the KFP state),
 * `kfp.final_error` (KFP's error message, if any) and the run status — FINISHED when the tasks succeeded,
 * KILLED when cancelled, FAILED otherwise. Without any such run, it creates one small run for the outcome
 * (found again if the exit task is retried). By default a failure to reach MLflow is reported in the log
 * but does not fail the exit task (and so the pipeline run); set `failOnError` to change that.
 *
 * @example
 * const recordEnd = mlflowFinalStatusStep({ ...KFP_TASK_IDENTITY });
 * ExitHandler(recordEnd, () => {
 *   // the pipeline's tasks
 * });
 */
export const mlflowFinalStatusStep = tsComponent({
  name: 'mlflow-final-status',
  description: "Records the pipeline run's final state on its MLflow runs (exit task).",
  targetImage: POLYP_COMPONENTS_IMAGE,
  inputs: {
    status: t.taskFinalStatus().describe('The final status of the guarded tasks; filled by KFP.'),
    ...kfpIdentityInputs,
    trackingUri: trackingUriInput,
    experimentName: experimentNameInput,
    failOnError: t.boolean().default(false).describe('Fail the exit task when MLflow cannot be updated.'),
  },
  outputs: {
    mlflowStatus: t.string().describe('The status given to the runs (FINISHED, FAILED, KILLED), or empty when MLflow could not be updated.'),
    runsUpdated: t.integer().describe('How many MLflow runs were updated.'),
  },
  async run(inputs) {
    const { status } = inputs;
    const identity = taskIdentity(inputs);
    const experimentName = requiredText('experimentName', inputs.experimentName);
    console.log(`pipeline run ${status.pipelineJobResourceName || identity.pipelineRunId} ended ${status.state}${status.error.message ? `: ${status.error.message}` : ''}`);
    try {
      const recorded = await recordPipelineFinalStatus(openMlflow(inputs.trackingUri), {
        experimentName,
        state: status.state,
        identity,
        ...(status.error.message ? { errorMessage: status.error.message } : {}),
        ...(status.pipelineJobResourceName ? { pipelineJobResourceName: status.pipelineJobResourceName } : {}),
      });
      console.log(`${recorded.createdRun ? 'created run' : 'updated runs'} ${recorded.runIds.join(', ')}: status ${recorded.status}`);
      return { mlflowStatus: recorded.status, runsUpdated: recorded.runIds.length };
    } catch (error) {
      if (inputs.failOnError) throw error;
      console.error(`could not record the final status in MLflow: ${(error as Error).message}`);
      return { mlflowStatus: '', runsUpdated: 0 };
    }
  },
});
