/**
 * The importer: brings an existing artifact (by URI) into a pipeline as a task output (`dsl.importer`).
 */
import { channelsInString, hasChannelTokens, isChannel, type Channel } from '../channels/channel.js';
import { callerLocation, KfpDefinitionError } from '../errors.js';
import type { ArtifactType } from '../types/artifacts.js';
import { string as stringType, parameterOf } from '../types/parameters.js';
import type { IOType } from '../types/index.js';
import { makeComponent } from './component.js';
import type { Task } from '../pipeline/task.js';
import type { ParameterChannel } from '../channels/channel.js';
import { InputValuePlaceholder } from './placeholders.js';

export interface ImporterOptions<S extends string> {
  /** The artifact's URI: a constant or a string parameter. */
  artifactUri: string | ParameterChannel<'STRING'>;
  /** The artifact type, e.g. `t.dataset()`. */
  artifactClass: ArtifactType<S, false, boolean>;
  /** Import again even if an artifact with this URI was imported before. */
  reimport?: boolean;
  /** Metadata for the artifact; values, keys and strings in it may hold channels. */
  metadata?: Record<string, unknown>;
  /** Download the artifact into the pipeline workspace. */
  downloadToWorkspace?: boolean;
}

/**
 * Imports an existing artifact; the task's `output` is the artifact.
 *
 * @example
 * import { containerComponent, importer, pipeline, t } from '@kfp-ts/dsl';
 * const train = containerComponent({
 *   name: 'train',
 *   inputs: { data: t.dataset() },
 *   image: 'ghcr.io/acme/train:1.0',
 *   args: ({ inputs }) => ['--data', inputs.data.path],
 * });
 *
 * export const training = pipeline({ name: 'training' }, () => {
 *   const data = importer({ artifactUri: 'gs://bucket/data.csv', artifactClass: t.dataset() });
 *   train({ data: data.output });
 * });
 */
export function importer<S extends string>(options: ImporterOptions<S>): Task<{ artifact: ArtifactType<S, false, false> }> {
  const location = callerLocation();
  const { artifactUri, artifactClass } = options;
  if (!artifactClass || artifactClass.kind !== 'artifact' || artifactClass.isList) {
    throw new KfpDefinitionError('importer needs artifactClass: a single artifact type such as t.dataset()', {
      task: 'importer',
      field: 'artifactClass',
      location,
    });
  }
  if (!(typeof artifactUri === 'string' || (isChannel(artifactUri) && artifactUri.channelKind === 'parameter'))) {
    throw new KfpDefinitionError('importer artifactUri must be a string or a string parameter', {
      task: 'importer',
      field: 'artifactUri',
      location,
    });
  }
  // The backend reads a URI either as a constant or as one input value; it does not fill in a template.
  if (typeof artifactUri === 'string' && hasChannelTokens(artifactUri)) {
    throw new KfpDefinitionError(
      'importer artifactUri cannot be a template literal with pipeline values in it; build the URI in a component and pass its output, or pass a pipeline parameter',
      { task: 'importer', field: 'artifactUri', location },
    );
  }

  // Channels in the metadata become inputs named metadata, metadata-2, … (one per distinct channel).
  const metadataInputs = new Map<Channel, string>();
  const inputs: Record<string, IOType> = { uri: stringType() };
  const args: Record<string, unknown> = { uri: artifactUri };
  const inputFor = (ch: Channel): string => {
    if (ch.channelKind !== 'parameter') {
      throw new KfpDefinitionError('importer metadata can only hold parameters, not artifacts', { task: 'importer', field: 'metadata', location });
    }
    let name = metadataInputs.get(ch);
    if (!name) {
      const taken = new Set(Object.keys(args));
      name = 'metadata';
      for (let i = 2; taken.has(name); i++) name = `metadata-${i}`;
      metadataInputs.set(ch, name);
      inputs[name] = parameterOf(ch.parameterType);
      args[name] = ch;
    }
    return new InputValuePlaceholder(name).toString();
  };
  const rewrite = (value: unknown): unknown => {
    if (isChannel(value)) return inputFor(value);
    if (typeof value === 'string') {
      let out = value;
      for (const ch of channelsInString(value)) out = out.split(ch.toString()).join(inputFor(ch));
      return out;
    }
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const key = rewrite(k) as string;
        out[key] = rewrite(v);
      }
      return out;
    }
    return value;
  };
  const metadata = options.metadata === undefined ? undefined : (rewrite(options.metadata) as Record<string, unknown>);

  const component = makeComponent<Record<string, IOType>, { artifact: ArtifactType<S, false, false> }>({
    name: 'importer',
    inputs,
    outputs: { artifact: artifactClass as unknown as IOType },
    implementation: {
      kind: 'importer',
      importer: {
        artifactUri: typeof artifactUri === 'string' ? { constant: artifactUri } : { input: 'uri' },
        schemaTitle: artifactClass.schemaTitle,
        schemaVersion: artifactClass.schemaVersion,
        reimport: options.reimport ?? false,
        ...(metadata !== undefined ? { metadata } : {}),
        ...(options.downloadToWorkspace ? { downloadToWorkspace: true } : {}),
      },
    },
  });
  return component(args as never) as Task<{ artifact: ArtifactType<S, false, false> }>;
}
