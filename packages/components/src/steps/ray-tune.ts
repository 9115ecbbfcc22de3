/**
 * Hyperparameter search of the polyp pipeline as a TypeScript step: Ray Tune run like the training (a
 * KubeRay RayJob or a job on the existing RayCluster), whose best configuration feeds the training step.
 */
import { t, tsComponent } from '@kfp-ts/dsl';
import { s3Uri } from '../s3/objects.js';
import { POLYP_COMPONENTS_IMAGE } from './image.js';
import { logResultMetrics, openResultsStore, RAY_JOB_ENV, RESULTS_FILE, rayJobInputs, runRayJobForResults } from './ray-results.js';

/** The search space of the reference training configuration: each key's candidate values. */
export const POLYP_SEARCH_SPACE = {
  batchsize: [1, 2, 4],
  lr: [0.001, 0.0005, 0.0001],
  trainsize: [352],
  decay_rate: [0.1, 0.2],
  clip: [0.5, 0.7],
};

/**
 * Searches hyperparameters with Ray Tune. The job runs and is named exactly as in {@link rayTrainStep}'s
 * documentation, with the same results contract; it receives `KFP_TS_JOB_KIND=tune` and, in addition,
 * `KFP_TS_TUNE_NUM_SAMPLES`, `KFP_TS_TUNE_SEARCH_SPACE` (the `searchSpace` input as JSON: each key's
 * candidate values), `KFP_TS_TUNE_METRIC` and `KFP_TS_TUNE_MODE` (`max` or `min`). Its `results.json`
 * holds the best trial: `config` (the best hyperparameters, required), `bestScore` and `metrics`; a
 * checkpoint is optional and not downloaded.
 *
 * @example
 * const tune = rayTuneStep({ ...KFP_TASK_IDENTITY, dataset: inspect.outputs.dataset, numSamples: 8 });
 * const train = rayTrainStep({ ...KFP_TASK_IDENTITY, dataset: inspect.outputs.dataset, config: tune.outputs.bestConfig });
 */
export const rayTuneStep = tsComponent({
  name: 'ray-tune',
  description: 'Searches hyperparameters with Ray Tune as a KubeRay RayJob or on an existing RayCluster and outputs the best configuration.',
  targetImage: POLYP_COMPONENTS_IMAGE,
  inputs: {
    ...rayJobInputs,
    numSamples: t.integer().default(2).describe('Trials to run; passed in KFP_TS_TUNE_NUM_SAMPLES.'),
    searchSpace: t
      .struct()
      .default(POLYP_SEARCH_SPACE)
      .describe('Candidate values by hyperparameter, e.g. {"lr": [0.001, 0.0001]}; passed as JSON in KFP_TS_TUNE_SEARCH_SPACE.'),
    metric: t.string().default('best_dice_score').describe('The metric the trials are ranked by; passed in KFP_TS_TUNE_METRIC.'),
    scoreMode: t.string().default('max').describe("'max' or 'min': whether a higher or a lower metric is better; passed in KFP_TS_TUNE_MODE."),
  },
  outputs: {
    bestConfig: t.struct().describe("The best trial's hyperparameters (results.json config), fit for ray-train's config."),
    bestScore: t.float().describe("The best trial's score (results.json bestScore)."),
    metrics: t.metrics().describe("The best trial's metrics, and bestScore."),
    resultsUri: t.string().describe('The results location, s3://<bucket>/<prefix>/<run>/<task>/.'),
  },
  async run(inputs, { metrics }) {
    if (!Number.isInteger(inputs.numSamples) || inputs.numSamples < 1) {
      throw new Error(`input 'numSamples' must be a positive integer, got ${inputs.numSamples}`);
    }
    const scoreMode = inputs.scoreMode.trim().toLowerCase();
    if (scoreMode !== 'max' && scoreMode !== 'min') throw new Error(`input 'scoreMode' must be 'max' or 'min', got '${inputs.scoreMode}'`);
    if (!inputs.metric.trim()) throw new Error("input 'metric' must not be empty");
    const store = await openResultsStore(inputs);
    try {
      const { results, location } = await runRayJobForResults('tune', inputs, store, {
        [RAY_JOB_ENV.numSamples]: String(inputs.numSamples),
        [RAY_JOB_ENV.searchSpace]: JSON.stringify(inputs.searchSpace),
        [RAY_JOB_ENV.metric]: inputs.metric.trim(),
        [RAY_JOB_ENV.scoreMode]: scoreMode,
      });
      if (Object.keys(results.config).length === 0) {
        throw new Error(`${s3Uri(location)}${RESULTS_FILE} has no 'config'; the tuning job must write the best trial's hyperparameters there`);
      }
      console.log(`best ${inputs.metric} ${results.bestScore} with ${JSON.stringify(results.config)}`);
      logResultMetrics(metrics, results);
      return { bestConfig: results.config, bestScore: results.bestScore, resultsUri: s3Uri(location) };
    } finally {
      store.client.destroy();
    }
  },
});
