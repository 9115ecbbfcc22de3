/**
 * MLflow logging of the polyp pipeline as a TypeScript step: one run per KFP task, with the training's
 * params, metrics and model files.
 */
import { t, tsComponent } from '@kfp-ts/dsl';
import { logTrainingRun } from '../mlflow/log-training-run.js';
import { isRecord, requiredText } from './input-checks.js';
import { POLYP_COMPONENTS_IMAGE } from './image.js';
import { experimentNameInput, openMlflow, trackingUriInput } from './mlflow-inputs.js';
import { kfpIdentityInputs, taskIdentity } from './task-identity.js';

/**
 * Logs a training run to MLflow: gets or creates the experiment, finds or creates the run of this KFP
 * task (tagged `kfp.identity` = `<run id>/<task name>`, so a retried task logs to the same run and never
 * creates a second one), logs params, metrics and tags in batches, uploads the model's files through the
 * tracking server's artifact proxy (no object-store credentials needed) and sets the run FINISHED.
 *
 * Params are the model's `config` metadata (as ray-train records it) overlaid with the `params` input;
 * nested objects are flattened to dotted keys and lists logged as JSON. Metrics are the Metrics artifact's
 * values.
 *
 * @example
 * const logged = mlflowLogRunStep({ ...KFP_TASK_IDENTITY, model: train.outputs.model, metrics: train.outputs.metrics });
 * // logged.outputs.runId, logged.outputs.modelSource
 */
export const mlflowLogRunStep = tsComponent({
  name: 'mlflow-log-run',
  description: 'Logs params, metrics and the model files to an MLflow run of this KFP task (the same run when the task is retried).',
  targetImage: POLYP_COMPONENTS_IMAGE,
  inputs: {
    ...kfpIdentityInputs,
    trackingUri: trackingUriInput,
    experimentName: experimentNameInput,
    runName: t.string().default('').describe('Display name of a new run; empty lets MLflow choose.'),
    model: t.model().optionalInput().describe("The model whose files are uploaded under modelArtifactPath; its metadata 'config' is logged as params."),
    metrics: t.metrics().optionalInput().describe("Metrics to log: the artifact's values."),
    params: t.struct().default({}).describe("Params to log, over the model's config; nested objects become dotted keys."),
    tags: t.struct().default({}).describe('Tags of the run (values become strings).'),
    modelArtifactPath: t.string().default('model').describe("Folder of the model files in the run's artifacts."),
  },
  outputs: {
    runId: t.string().describe('The MLflow run id.'),
    experimentId: t.string().describe('The MLflow experiment id.'),
    modelSource: t.string().describe('Where the model files are in MLflow (<run artifact URI>/<modelArtifactPath>), or empty without a model.'),
  },
  async run(inputs) {
    const identity = taskIdentity(inputs);
    const experimentName = requiredText('experimentName', inputs.experimentName);
    const modelConfig = isRecord(inputs.model?.metadata.config) ? inputs.model.metadata.config : {};
    const params = flattenParams({ ...modelConfig, ...inputs.params });
    const metrics = metricValues(inputs.metrics?.metadata ?? {});
    const tags = Object.fromEntries(Object.entries(inputs.tags).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
    if (inputs.model) tags['kfp.model_uri'] = inputs.model.uri;
    const artifactPath = inputs.modelArtifactPath.trim().replace(/^\/+|\/+$/g, '');

    const transport = openMlflow(inputs.trackingUri);
    const result = await logTrainingRun(
      transport,
      {
        experimentName,
        identity,
        ...(inputs.runName.trim() ? { runName: inputs.runName.trim() } : {}),
        params,
        metrics,
        tags,
        artifacts: inputs.model ? [{ localPath: inputs.model.path, artifactPath }] : [],
      },
      (line) => console.log(line),
    );
    console.log(`logged ${Object.keys(params).length} params, ${Object.keys(metrics).length} metrics and ${result.uploaded.length} files to run ${result.runId}`);
    return {
      runId: result.runId,
      experimentId: result.experimentId,
      modelSource: inputs.model ? `${result.artifactUri.replace(/\/+$/, '')}${artifactPath ? `/${artifactPath}` : ''}` : '',
    };
  },
});

/** Params as MLflow takes them: nested objects as dotted keys, lists and null as JSON. */
export function flattenParams(value: Record<string, unknown>, prefix = ''): Record<string, string | number | boolean> {
  const flat: Record<string, string | number | boolean> = {};
  for (const [key, item] of Object.entries(value)) {
    const name = `${prefix}${key}`;
    if (isRecord(item)) Object.assign(flat, flattenParams(item, `${name}.`));
    else if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') flat[name] = item;
    else flat[name] = JSON.stringify(item ?? null);
  }
  return flat;
}

/** The numeric entries of a Metrics artifact's metadata (where KFP keeps logged metrics). */
function metricValues(metadata: Readonly<Record<string, unknown>>): Record<string, number> {
  return Object.fromEntries(Object.entries(metadata).filter((entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1])));
}
