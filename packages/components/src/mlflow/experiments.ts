/**
 * Get-or-create of an experiment by name. Safe to repeat: a create whose answer was lost comes back as
 * `RESOURCE_ALREADY_EXISTS` on retry, and the experiment is then read by name.
 */
import { hasErrorCode, MlflowErrorCode, MlflowValidationError } from './errors.js';
import type { MlflowTransport } from './transport.js';
import type { Experiment } from './types.js';

/** MLflow's limit on experiment names. */
export const MAX_EXPERIMENT_NAME_LENGTH = 500;

/** Options of {@link getOrCreateExperiment}. */
export interface ExperimentOptions {
  /** Artifact root of a new experiment; the server's default (its artifact proxy) when omitted. */
  artifactLocation?: string;
  /** Tags of a new experiment. */
  tags?: Record<string, string>;
}

/** Returns the active experiment called `name`, creating it when it does not exist. */
export async function getOrCreateExperiment(
  transport: MlflowTransport,
  name: string,
  options: ExperimentOptions = {},
): Promise<Experiment> {
  if (!name.trim()) throw new MlflowValidationError('experiment name must not be empty');
  if (name.length > MAX_EXPERIMENT_NAME_LENGTH) {
    throw new MlflowValidationError(`experiment name is longer than ${MAX_EXPERIMENT_NAME_LENGTH} characters`);
  }
  const existing = await getExperimentByName(transport, name);
  if (existing) return existing;
  try {
    const created = await transport.call<{ experiment_id: string }>('POST', 'experiments/create', {
      body: {
        name,
        artifact_location: options.artifactLocation,
        tags: options.tags ? Object.entries(options.tags).map(([key, value]) => ({ key, value })) : undefined,
      },
    });
    return { experiment_id: String(created.experiment_id), name, lifecycle_stage: 'active' };
  } catch (error) {
    // Created meanwhile, by a concurrent task or by an attempt whose answer was lost.
    if (!hasErrorCode(error, MlflowErrorCode.ResourceAlreadyExists)) throw error;
    const found = await getExperimentByName(transport, name);
    if (!found) throw error;
    return found;
  }
}

/** The experiment called `name`, or undefined when there is none. A deleted experiment is an error. */
export async function getExperimentByName(transport: MlflowTransport, name: string): Promise<Experiment | undefined> {
  try {
    const { experiment } = await transport.call<{ experiment: Experiment }>('GET', 'experiments/get-by-name', {
      query: { experiment_name: name },
    });
    if (experiment.lifecycle_stage === 'deleted') {
      throw new MlflowValidationError(
        `experiment '${name}' (id ${experiment.experiment_id}) is deleted; restore it or choose another name`,
      );
    }
    return { ...experiment, experiment_id: String(experiment.experiment_id) };
  } catch (error) {
    if (hasErrorCode(error, MlflowErrorCode.ResourceDoesNotExist)) return undefined;
    throw error;
  }
}
