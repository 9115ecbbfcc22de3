/**
 * Model registration of the polyp pipeline as a TypeScript step: a version of a registered model in the
 * MLflow model registry, and an alias pointing at it.
 */
import { t, tsComponent } from '@kfp-ts/dsl';
import { checkAlias, ensureModelVersion, ensureRegisteredModel, setModelAlias, waitForModelVersionReady } from '../mlflow/registry.js';
import { getRun } from '../mlflow/runs.js';
import type { MlflowTransport } from '../mlflow/transport.js';
import { requiredText } from './input-checks.js';
import { POLYP_COMPONENTS_IMAGE } from './image.js';
import { openMlflow, trackingUriInput } from './mlflow-inputs.js';

/**
 * Registers a model version of an MLflow run and points an alias at it. The version's source is, in this
 * order: the `source` input; the `model` artifact's URI (e.g. the Triton model repository that KServe
 * serves; `minio://` is written as `s3://`); or the run's artifacts at `artifactPath` (what mlflow-log-run
 * uploaded). Registering again with the same run and source finds the existing version instead of adding
 * one, so a retried task returns the same version; the alias is moved to it.
 *
 * @example
 * const registered = mlflowRegisterModelStep({ runId: logged.outputs.runId, model: onnx.outputs.modelRepository, alias: 'candidate' });
 * // registered.outputs.modelVersion
 */
export const mlflowRegisterModelStep = tsComponent({
  name: 'mlflow-register-model',
  description: 'Registers a model version from an MLflow run (or a model artifact) and sets an alias on it.',
  targetImage: POLYP_COMPONENTS_IMAGE,
  inputs: {
    trackingUri: trackingUriInput,
    runId: t.string().describe('The MLflow run that produced the model (mlflow-log-run runId).'),
    modelName: t.string().default('polyp-segmentation').describe('Registered model name; created when missing.'),
    model: t.model().optionalInput().describe("A model artifact to register by its URI (e.g. the Triton model repository) instead of the run's files."),
    source: t.string().default('').describe("An explicit source URI; overrides the model artifact and the run's files."),
    artifactPath: t.string().default('model').describe("The model's folder in the run's artifacts, used when neither source nor model is given."),
    alias: t.string().default('candidate').describe("Alias to point at the version (e.g. 'candidate', 'champion'); empty for none."),
    description: t.string().default('').describe('Description of a new version.'),
    tags: t.struct().default({}).describe('Tags of a new version (values become strings).'),
    readyTimeoutSeconds: t.integer().default(300).describe('How long to wait for the version to become READY before setting the alias.'),
  },
  outputs: {
    modelVersion: t.string().describe('The registered version number.'),
    registeredName: t.string().describe('The registered model name.'),
    modelUri: t.string().describe('models:/<name>/<version>.'),
  },
  async run(inputs) {
    const runId = requiredText('runId', inputs.runId);
    const modelName = requiredText('modelName', inputs.modelName);
    const alias = inputs.alias.trim();
    if (alias) checkAlias(alias);
    const tags = Object.fromEntries(Object.entries(inputs.tags).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));

    const transport = openMlflow(inputs.trackingUri);
    const source =
      inputs.source.trim() ||
      (inputs.model ? inputs.model.uri.replace(/^minio:\/\//, 's3://') : await runArtifactSource(transport, runId, inputs.artifactPath));
    await ensureRegisteredModel(transport, modelName);
    const { modelVersion, reused } = await ensureModelVersion(transport, {
      name: modelName,
      source,
      runId,
      ...(inputs.description.trim() ? { description: inputs.description.trim() } : {}),
      ...(Object.keys(tags).length ? { tags } : {}),
    });
    const version = modelVersion.version;
    console.log(`${reused ? 'found' : 'registered'} '${modelName}' version ${version} from ${source}`);
    await waitForModelVersionReady(transport, modelName, version, { timeoutMs: inputs.readyTimeoutSeconds * 1000 });
    if (alias) {
      await setModelAlias(transport, modelName, alias, version);
      console.log(`alias '${alias}' → version ${version}`);
    }
    return { modelVersion: version, registeredName: modelName, modelUri: `models:/${modelName}/${version}` };
  },
});

/** `<run artifact URI>/<artifactPath>`. */
async function runArtifactSource(transport: MlflowTransport, runId: string, artifactPath: string): Promise<string> {
  const run = await getRun(transport, runId);
  const path = artifactPath.trim().replace(/^\/+|\/+$/g, '');
  return `${run.info.artifact_uri.replace(/\/+$/, '')}${path ? `/${path}` : ''}`;
}
