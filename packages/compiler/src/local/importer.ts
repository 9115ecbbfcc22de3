/**
 * Importer tasks, which the KFP backend performs without a container: the output artifact is the given URI
 * (a constant, or the `uri` input), with the importer's metadata, input placeholders filled in. Locally a
 * relative path or a `file://` URI becomes an absolute path; a remote URI is kept, with a warning, since
 * local tasks read only local files.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IrComponentSpec } from '../ir/types.js';
import { parameterText } from './parameters.js';
import type { ResolvedInputs } from './resolve-inputs.js';
import { InputError } from './resolve-inputs.js';
import type { RunContext, TaskOutcome } from './run-context.js';

const INPUT_PLACEHOLDER = /\{\{\$\.inputs\.parameters\[['"]([^'"\]]+)['"]\]\}\}/g;

/** A value of the importer's metadata with `{{$.inputs.parameters['x']}}` replaced (a whole placeholder keeps its value's type). */
function fillPlaceholders(value: unknown, parameters: Readonly<Record<string, unknown>>): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{\$\.inputs\.parameters\[['"]([^'"\]]+)['"]\]\}\}$/.exec(value);
    if (whole) return parameters[whole[1]] ?? null;
    return value.replace(INPUT_PLACEHOLDER, (_, name: string) => parameterText(parameters[name]));
  }
  if (Array.isArray(value)) return value.map((v) => fillPlaceholders(v, parameters));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [String(fillPlaceholders(k, parameters)), fillPlaceholders(v, parameters)]),
    );
  }
  return value;
}

/** The importer's URI as a local run uses it. */
function localUri(uri: string): { uri: string; remote: boolean } {
  if (uri.startsWith('file://')) return { uri: fileURLToPath(uri), remote: false };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) return { uri, remote: true };
  return { uri: isAbsolute(uri) ? uri : resolve(uri), remote: false };
}

export function runImporter(ctx: RunContext, path: string, importer: Record<string, unknown>, component: IrComponentSpec, inputs: ResolvedInputs): TaskOutcome {
  const artifactUri = (importer.artifactUri ?? {}) as { constant?: unknown; runtimeParameter?: string };
  let uri: unknown;
  if (artifactUri.runtimeParameter !== undefined) uri = inputs.parameters[artifactUri.runtimeParameter];
  else uri = typeof artifactUri.constant === 'object' && artifactUri.constant !== null ? (artifactUri.constant as { stringValue?: unknown }).stringValue : artifactUri.constant;
  if (typeof uri !== 'string' || uri === '') throw new InputError("the importer's artifact URI has no value");

  const local = localUri(uri);
  if (local.remote) {
    ctx.emit({ type: 'warning', message: `task '${path}' imports ${uri}: a local run reads local files only, so tasks given this artifact cannot open it` });
  }
  const schema = (importer.typeSchema ?? {}) as { schemaTitle?: string; schemaVersion?: string };
  const outputName = Object.keys(component.outputDefinitions?.artifacts ?? {})[0] ?? 'artifact';
  const metadata = fillPlaceholders(importer.metadata ?? {}, inputs.parameters) as Record<string, unknown>;
  return {
    state: 'SUCCEEDED',
    parameters: {},
    artifacts: {
      [outputName]: [
        {
          name: outputName,
          uri: local.uri,
          type: { schemaTitle: schema.schemaTitle ?? 'system.Artifact', ...(schema.schemaVersion ? { schemaVersion: schema.schemaVersion } : {}) },
          metadata,
        },
      ],
    },
  };
}
