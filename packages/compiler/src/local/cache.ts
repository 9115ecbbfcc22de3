/**
 * Task output caching, keyed as the KFP backend keys it: a SHA-256 of the task's input parameter values,
 * its input artifacts (by URI: a new upstream execution makes new artifacts), the names, types and metadata
 * of its output artifacts, the types of its output parameters, and its container (image, command and
 * arguments before substitution, environment). A task's own `cachingOptions.cacheKey`, when set, replaces
 * all of that (combined with the component, so two components never share an entry).
 *
 * Entries are JSON files under the output root, one folder per pipeline name (the backend also scopes its
 * cache by pipeline). An entry whose artifact files are gone is a miss.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { ExecutorInput, IrContainerSpec, RuntimeArtifact } from './launch-types.js';

export interface CacheKeyParts {
  /** The task's `componentRef.name`. */
  readonly componentRef: string;
  /** The task's `cachingOptions.cacheKey`, if any. */
  readonly customKey?: string;
  readonly executorInput: ExecutorInput;
  /** Output parameter name → IR type. */
  readonly outputParameterTypes: Readonly<Record<string, string>>;
  readonly container: IrContainerSpec;
}

/** JSON with object keys sorted, so that equal values give equal text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The task's cache key (a hex SHA-256). */
export function cacheKey(parts: CacheKeyParts): string {
  if (parts.customKey) return sha256(`${parts.componentRef}\0${parts.customKey}`);
  const { inputs, outputs } = parts.executorInput;
  const key = {
    inputArtifactNames: Object.fromEntries(
      Object.entries(inputs.artifacts ?? {}).map(([name, list]) => [name, { artifactNames: list.artifacts.map((a) => a.uri) }]),
    ),
    inputParameterValues: inputs.parameterValues ?? {},
    outputArtifactsSpec: Object.fromEntries(
      Object.entries(outputs.artifacts ?? {})
        .filter(([, list]) => list.artifacts.length > 0)
        .map(([name, list]) => {
          const a = list.artifacts[0];
          return [name, { name: a.name, type: a.type, metadata: a.metadata ?? {} }];
        }),
    ),
    outputParametersSpec: parts.outputParameterTypes,
    containerSpec: {
      image: parts.container.image,
      cmdArgs: [...(parts.container.command ?? []), ...(parts.container.args ?? [])],
      env: parts.container.env ?? [],
    },
  };
  return sha256(stableJson(key));
}

/** What a cache entry holds: the outputs of the task execution it recorded. */
export interface CachedOutputs {
  readonly outputParameters: Record<string, unknown>;
  readonly outputArtifacts: Record<string, RuntimeArtifact[]>;
  /** The run and task that produced them. */
  readonly runId: string;
  readonly task: string;
  /** The artifact files that existed when the entry was written. */
  readonly files?: readonly string[];
}

/** The cache entries of one pipeline, in a folder. */
export class TaskCache {
  constructor(private readonly dir: string) {}

  private entryPath(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  /** The outputs recorded under `key`, or undefined on a miss (no entry, a broken entry, a missing artifact). */
  get(key: string): CachedOutputs | undefined {
    let entry: CachedOutputs;
    try {
      entry = JSON.parse(readFileSync(this.entryPath(key), 'utf8')) as CachedOutputs;
    } catch {
      return undefined;
    }
    if (!entry || typeof entry !== 'object' || typeof entry.outputParameters !== 'object' || typeof entry.outputArtifacts !== 'object') return undefined;
    // Artifacts that existed when the entry was written must still exist.
    if (Array.isArray(entry.files) && entry.files.some((file) => !existsSync(file))) return undefined;
    return entry;
  }

  /** Records a successful execution's outputs (atomically: a reader never sees half an entry). */
  put(key: string, outputs: CachedOutputs): void {
    mkdirSync(this.dir, { recursive: true });
    const path = this.entryPath(key);
    const files = Object.values(outputs.outputArtifacts)
      .flat()
      .map((a) => a.uri)
      .filter((uri) => isAbsolute(uri) && existsSync(uri));
    const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temporary, JSON.stringify({ ...outputs, files }, null, 2));
    renameSync(temporary, path);
  }
}
