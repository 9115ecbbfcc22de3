/**
 * Model registry: registered models, model versions and aliases. Registering is idempotent: the version
 * created from a run's model (same run id and source) is looked up before a new one is created, on every
 * attempt, so a retried step or a lost answer does not add a second version.
 */
import { sleep } from '../http/retry.js';
import { hasErrorCode, MlflowErrorCode, MlflowValidationError } from './errors.js';
import type { MlflowTransport } from './transport.js';
import type { ModelVersion, RegisteredModel } from './types.js';

/** Returns the registered model `name`, creating it when it does not exist. */
export async function ensureRegisteredModel(
  transport: MlflowTransport,
  name: string,
  options: { description?: string; tags?: Record<string, string> } = {},
): Promise<RegisteredModel> {
  if (!name.trim()) throw new MlflowValidationError('registered model name must not be empty');
  const existing = await getRegisteredModel(transport, name);
  if (existing) return existing;
  try {
    const { registered_model } = await transport.call<{ registered_model: RegisteredModel }>('POST', 'registered-models/create', {
      body: { name, description: options.description, tags: toKeyValues(options.tags) },
    });
    return registered_model ?? { name };
  } catch (error) {
    if (!hasErrorCode(error, MlflowErrorCode.ResourceAlreadyExists)) throw error;
    return (await getRegisteredModel(transport, name)) ?? { name };
  }
}

/** The registered model `name`, or undefined. */
export async function getRegisteredModel(transport: MlflowTransport, name: string): Promise<RegisteredModel | undefined> {
  try {
    const { registered_model } = await transport.call<{ registered_model: RegisteredModel }>('GET', 'registered-models/get', {
      query: { name },
    });
    return registered_model;
  } catch (error) {
    if (hasErrorCode(error, MlflowErrorCode.ResourceDoesNotExist)) return undefined;
    throw error;
  }
}

/** Options of {@link ensureModelVersion}. */
export interface ModelVersionOptions {
  /** Registered model name. */
  name: string;
  /** Where the model's files are, e.g. `<run artifact uri>/model`. */
  source: string;
  /** The run that produced the model. */
  runId: string;
  description?: string;
  tags?: Record<string, string>;
}

/** A model version, and whether an earlier attempt had created it. */
export interface EnsuredModelVersion {
  modelVersion: ModelVersion;
  reused: boolean;
}

/** Returns the version of `name` registered from `runId` and `source`, creating it if there is none. */
export async function ensureModelVersion(transport: MlflowTransport, options: ModelVersionOptions): Promise<EnsuredModelVersion> {
  return transport.retry(
    'find or create model version',
    async () => {
      const existing = await findModelVersion(transport, options.name, options.runId, options.source, { retry: false });
      if (existing) return { modelVersion: existing, reused: true };
      const { model_version } = await transport.call<{ model_version: ModelVersion }>('POST', 'model-versions/create', {
        body: {
          name: options.name,
          source: options.source,
          run_id: options.runId,
          description: options.description,
          tags: toKeyValues(options.tags),
        },
        retry: false,
      });
      return { modelVersion: normalizeVersion(model_version), reused: false };
    },
  );
}

/** The newest usable version of `name` created from `runId` and `source`; failed registrations are skipped. */
export async function findModelVersion(
  transport: MlflowTransport,
  name: string,
  runId: string,
  source: string,
  options: { retry?: boolean } = {},
): Promise<ModelVersion | undefined> {
  // Filter by run id only: every server version supports it; name and source are compared here.
  const matches = (await searchModelVersionsByRun(transport, runId, options)).filter(
    (mv) => mv.name === name && mv.source === source && mv.status !== 'FAILED_REGISTRATION',
  );
  matches.sort((a, b) => Number(b.version) - Number(a.version));
  return matches[0];
}

/** All model versions (of any registered model) created from `runId`. */
export async function searchModelVersionsByRun(
  transport: MlflowTransport,
  runId: string,
  options: { retry?: boolean } = {},
): Promise<ModelVersion[]> {
  if (!/^[A-Za-z0-9][\w-]{0,255}$/.test(runId)) throw new MlflowValidationError(`invalid run id '${runId}'`);
  const versions: ModelVersion[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_SEARCH_PAGES; page++) {
    const response = await transport.call<{ model_versions?: ModelVersion[]; next_page_token?: string }>(
      'GET',
      'model-versions/search',
      { query: { filter: `run_id = '${runId}'`, max_results: 200, page_token: pageToken }, retry: options.retry },
    );
    versions.push(...(response.model_versions ?? []).map(normalizeVersion));
    pageToken = response.next_page_token || undefined;
    if (!pageToken) return versions;
  }
  throw new Error(`model-versions/search for run ${runId} returned more than ${MAX_SEARCH_PAGES} pages`);
}

const MAX_SEARCH_PAGES = 50;

/**
 * Waits until a version leaves PENDING_REGISTRATION. Resolves with the READY version; rejects on
 * FAILED_REGISTRATION or when `timeoutMs` (default 5 minutes) passes.
 */
export async function waitForModelVersionReady(
  transport: MlflowTransport,
  name: string,
  version: string,
  options: { timeoutMs?: number; pollMs?: number } = {},
): Promise<ModelVersion> {
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  for (;;) {
    const { model_version } = await transport.call<{ model_version: ModelVersion }>('GET', 'model-versions/get', {
      query: { name, version },
    });
    const status = model_version.status ?? 'READY';
    if (status === 'READY') return normalizeVersion(model_version);
    if (status === 'FAILED_REGISTRATION') {
      throw new Error(`model '${name}' version ${version} failed to register: ${model_version.status_message ?? 'no message'}`);
    }
    if (Date.now() >= deadline) throw new Error(`model '${name}' version ${version} is still ${status} after the time limit`);
    await sleep(options.pollMs ?? 1000);
  }
}

/** Points `alias` of the registered model at `version` (moving it if it pointed elsewhere). Safe to repeat. */
export async function setModelAlias(transport: MlflowTransport, name: string, alias: string, version: string): Promise<void> {
  checkAlias(alias);
  await transport.call('POST', 'registered-models/alias', { body: { name, alias, version } });
}

/** The version that `alias` points at, or undefined. */
export async function getModelVersionByAlias(
  transport: MlflowTransport,
  name: string,
  alias: string,
): Promise<ModelVersion | undefined> {
  try {
    const { model_version } = await transport.call<{ model_version: ModelVersion }>('GET', 'registered-models/alias', {
      query: { name, alias },
    });
    return normalizeVersion(model_version);
  } catch (error) {
    if (hasErrorCode(error, MlflowErrorCode.ResourceDoesNotExist) || hasErrorCode(error, MlflowErrorCode.InvalidParameterValue)) {
      return undefined;
    }
    throw error;
  }
}

/** MLflow's rules for alias names. */
export function checkAlias(alias: string): void {
  if (!alias) throw new MlflowValidationError('alias must not be empty');
  if (alias.length > 255) throw new MlflowValidationError('alias is longer than 255 characters');
  if (!/^[\w-]+$/.test(alias)) {
    throw new MlflowValidationError(`alias '${alias}' may only contain letters, digits, underscores and dashes`);
  }
  if (alias.toLowerCase() === 'latest') throw new MlflowValidationError("alias 'latest' is reserved");
  if (/^[vV]\d+$/.test(alias)) throw new MlflowValidationError(`alias '${alias}' is reserved for version references`);
}

function toKeyValues(tags: Record<string, string> | undefined) {
  return tags ? Object.entries(tags).map(([key, value]) => ({ key, value })) : undefined;
}

function normalizeVersion(mv: ModelVersion): ModelVersion {
  return { ...mv, version: String(mv.version) };
}
