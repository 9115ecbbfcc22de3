/**
 * Training of the polyp pipeline as a TypeScript step: Ray Train as a KubeRay RayJob (or on the existing
 * RayCluster), whose checkpoint becomes the step's Model artifact.
 */
import { t, tsComponent } from '@kfp-ts/dsl';
import { s3Uri } from '../s3/objects.js';
import { POLYP_COMPONENTS_IMAGE } from './image.js';
import { fetchCheckpoint, logResultMetrics, openResultsStore, RESULTS_FILE, rayJobInputs, runRayJobForResults } from './ray-results.js';

/**
 * Trains with Ray and hands the checkpoint to KFP.
 *
 * **Running the job.** In `rayjob` mode the step creates a KubeRay RayJob (its own Ray cluster: a head and
 * `numWorkers` workers with `workerCpu`, `workerMemory` and `gpusPerWorker` GPUs, shut down after the job),
 * watches it to its end and deletes it after success unless `keepJob`. In `cluster` mode it submits the job
 * to the existing RayCluster through the dashboard's Jobs API (`dashboardUrl`) and polls it. Either way the
 * job is named after the KFP run and task, so a retried task finds the job an earlier attempt started
 * instead of starting a second one; a failed job fails the step with Ray's reason and the end of the driver
 * log. Kubernetes access is the pod's service account (create, get, watch and delete `rayjobs`).
 *
 * **Results contract.** The job receives, in its runtime environment, `KFP_TS_RESULTS_URI` =
 * `s3://<resultsBucket>/<resultsPrefix>/<KFP run id>/<task name>/`, `KFP_TS_JOB_KIND=train`,
 * `KFP_TS_DATASET_URI`, `KFP_TS_CONFIG` (the `config` input as JSON), `KFP_TS_EPOCHS`,
 * `KFP_TS_NUM_WORKERS`, `KFP_TS_GPUS_PER_WORKER`, `KFP_TS_KFP_RUN_ID`, `KFP_TS_KFP_TASK_NAME` and
 * `AWS_ENDPOINT_URL`. It writes its checkpoint (a file or a folder) under the results location and then,
 * last, `results.json`:
 *
 * ```json
 * { "metrics": { "dice": 0.87, "iou": 0.79 }, "bestScore": 0.87, "checkpoint": "checkpoint/model.pth",
 *   "config": { "lr": 0.0001, "batchsize": 2 }, "mlflowRunId": "optional" }
 * ```
 *
 * `checkpoint` is a key relative to the results location or an `s3://` URI. The step downloads it into
 * the `model` output (a folder: a file keeps its name), records `framework`, `sourceUri`, `resultsUri`,
 * `rayJobId`, `metrics`, `bestScore` and `config` in the model's metadata, logs the metrics, and returns
 * the best score. A retried task that finds `results.json` uses it without running the job again.
 * Credentials: S3 from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` in the step's environment (the job's
 * pods get theirs from `credentialsSecret`), never logged.
 *
 * @example
 * const train = rayTrainStep({ ...KFP_TASK_IDENTITY, dataset: inspect.outputs.dataset, config: tune.outputs.bestConfig, epochs: 30 });
 * // train.outputs.model, train.outputs.metrics, train.outputs.bestScore
 */
export const rayTrainStep = tsComponent({
  name: 'ray-train',
  description: 'Trains with Ray Train as a KubeRay RayJob or on an existing RayCluster and outputs the checkpoint as a Model.',
  targetImage: POLYP_COMPONENTS_IMAGE,
  inputs: {
    ...rayJobInputs,
    framework: t.string().default('pytorch').describe("The checkpoint's framework, recorded in the model's metadata."),
  },
  outputs: {
    model: t.model().describe('The checkpoint (a folder); metadata: framework, sourceUri, resultsUri, rayJobId, metrics, bestScore, config.'),
    metrics: t.metrics().describe("The metrics of results.json, and bestScore."),
    bestScore: t.float().describe("The job's best score (results.json bestScore)."),
    mlflowRunId: t.string().describe('The MLflow run the job logged to (results.json mlflowRunId), or empty.'),
    resultsUri: t.string().describe('The results location, s3://<bucket>/<prefix>/<run>/<task>/.'),
  },
  async run(inputs, { model, metrics }) {
    const store = await openResultsStore(inputs);
    try {
      const job = await runRayJobForResults('train', inputs, store);
      const { results, location } = job;
      if (!results.checkpoint) {
        throw new Error(`${s3Uri(location)}${RESULTS_FILE} names no 'checkpoint'; the training job must write one and name it there`);
      }
      const checkpoint = await fetchCheckpoint(store.client, location, results.checkpoint, model.path);
      console.log(`checkpoint ${checkpoint.uri}: ${checkpoint.files.map((f) => `${f.path} (${f.bytes} bytes)`).join(', ')}`);
      Object.assign(model.metadata, {
        framework: inputs.framework,
        sourceUri: checkpoint.uri,
        resultsUri: s3Uri(location),
        rayJobId: job.jobName,
        rayMode: job.mode,
        metrics: results.metrics,
        bestScore: results.bestScore,
        config: results.config,
        ...(results.mlflowRunId ? { mlflowRunId: results.mlflowRunId } : {}),
      });
      logResultMetrics(metrics, results);
      return { bestScore: results.bestScore, mlflowRunId: results.mlflowRunId ?? '', resultsUri: s3Uri(location) };
    } finally {
      store.client.destroy();
    }
  },
});
