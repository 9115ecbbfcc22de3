/**
 * The whole logging step of a training task: experiment, run tagged with the KFP task identity, params,
 * metrics and tags, artifacts, model version and alias. Every part is idempotent, so KFP may retry the step
 * freely: the second attempt finds the same run and the same model version.
 */
import { uploadArtifactContent, uploadArtifacts, type UploadedArtifact } from './artifacts.js';
import { getOrCreateExperiment } from './experiments.js';
import type { KfpTaskIdentity } from './identity.js';
import { logRunData, type RunLogData } from './log-batch.js';
import { ensureModelVersion, ensureRegisteredModel, setModelAlias, waitForModelVersionReady } from './registry.js';
import { ensureRun, setRunStatus } from './runs.js';
import type { MlflowLogger, MlflowTransport } from './transport.js';

/** What to log. */
export interface TrainingRunSpec extends RunLogData {
  /** Experiment name, e.g. `PolypSegmentation`; created when missing. */
  experimentName: string;
  /** The KFP task that logs; the key that makes the step idempotent. */
  identity: KfpTaskIdentity;
  /** Display name of a new run. */
  runName?: string;
  /** Files or directories to upload; `artifactPath` is the folder inside the run's artifacts. */
  artifacts?: Array<{ localPath: string; artifactPath?: string }>;
  /** In-memory artifacts (`path` → content). */
  artifactContents?: Record<string, string | Uint8Array>;
  /** Register the model found at `artifactPath` of the run's artifacts. */
  register?: {
    modelName: string;
    artifactPath: string;
    alias?: string;
    description?: string;
    tags?: Record<string, string>;
    /** Wait until the version is READY before setting the alias; default true. */
    waitUntilReady?: boolean;
    /** Interval of READY checks, in milliseconds; default 1000. */
    pollMs?: number;
  };
  /** Set the run FINISHED at the end; default true. */
  finish?: boolean;
}

/** What was logged. */
export interface TrainingRunResult {
  experimentId: string;
  runId: string;
  artifactUri: string;
  /** True when an earlier attempt of the same task had created the run. */
  reusedRun: boolean;
  /** Requests sent to `runs/log-batch`. */
  logBatches: number;
  uploaded: UploadedArtifact[];
  /** The registered version, when `register` was given. */
  modelVersion?: string;
  /** True when an earlier attempt had registered the version. */
  reusedModelVersion?: boolean;
}

/**
 * Logs `spec` and returns the run id and model version. On failure the run is marked FAILED (best effort)
 * and the error is rethrown; a retry of the step picks the same run up again.
 *
 * Metric points without a timestamp get the run's start time, so a retried step logs identical points,
 * which the server keeps once.
 */
export async function logTrainingRun(
  transport: MlflowTransport,
  spec: TrainingRunSpec,
  log: MlflowLogger = () => {},
): Promise<TrainingRunResult> {
  const experiment = await getOrCreateExperiment(transport, spec.experimentName);
  const { run, reused } = await ensureRun(transport, {
    experimentId: experiment.experiment_id,
    identity: spec.identity,
    runName: spec.runName,
  });
  log(`${reused ? 'reusing' : 'created'} MLflow run ${run.run_id} in experiment '${spec.experimentName}'`);
  try {
    const startTime = Number(run.start_time ?? Date.now());
    const logBatches = await logRunData(
      transport,
      run.run_id,
      { params: spec.params, tags: spec.tags, metrics: spec.metrics },
      Number.isSafeInteger(startTime) ? startTime : Date.now(),
    );
    const uploaded: UploadedArtifact[] = [];
    for (const artifact of spec.artifacts ?? []) {
      uploaded.push(...(await uploadArtifacts(transport, run.artifact_uri, artifact.localPath, artifact.artifactPath)));
    }
    for (const [path, content] of Object.entries(spec.artifactContents ?? {})) {
      uploaded.push(await uploadArtifactContent(transport, run.artifact_uri, path, content));
    }
    const result: TrainingRunResult = {
      experimentId: experiment.experiment_id,
      runId: run.run_id,
      artifactUri: run.artifact_uri,
      reusedRun: reused,
      logBatches,
      uploaded,
    };
    if (spec.register) {
      const { modelName, artifactPath, alias } = spec.register;
      await ensureRegisteredModel(transport, modelName);
      const { modelVersion, reused: reusedVersion } = await ensureModelVersion(transport, {
        name: modelName,
        source: `${run.artifact_uri.replace(/\/+$/, '')}/${artifactPath.replace(/^\/+/, '')}`,
        runId: run.run_id,
        description: spec.register.description,
        tags: spec.register.tags,
      });
      log(`${reusedVersion ? 'found' : 'registered'} model '${modelName}' version ${modelVersion.version}`);
      if (spec.register.waitUntilReady !== false) {
        await waitForModelVersionReady(transport, modelName, modelVersion.version, { pollMs: spec.register.pollMs });
      }
      if (alias) await setModelAlias(transport, modelName, alias, modelVersion.version);
      result.modelVersion = modelVersion.version;
      result.reusedModelVersion = reusedVersion;
    }
    if (spec.finish !== false) await setRunStatus(transport, run.run_id, 'FINISHED');
    return result;
  } catch (error) {
    await setRunStatus(transport, run.run_id, 'FAILED').catch(() => undefined);
    throw error;
  }
}
