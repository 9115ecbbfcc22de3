/**
 * Artifact type descriptors. The schema title (`system.Dataset`, …) is kept as a literal type, so passing a
 * Dataset where a Model is expected fails to type-check.
 */

/** The artifact classes every KFP backend knows, by schema title. */
export type SystemSchemaTitle =
  | 'system.Artifact'
  | 'system.Dataset'
  | 'system.Model'
  | 'system.Metrics'
  | 'system.ClassificationMetrics'
  | 'system.SlicedClassificationMetrics'
  | 'system.HTML'
  | 'system.Markdown';

/** An artifact input or output: one artifact, or a list of them (`List[Dataset]` in Python). */
export interface ArtifactType<S extends string = string, L extends boolean = boolean, Opt extends boolean = boolean> {
  readonly kind: 'artifact';
  readonly schemaTitle: S;
  readonly schemaVersion: string;
  readonly isList: L;
  readonly optional: Opt;
  readonly description?: string;
  /** Returns a copy marked optional (an artifact input that may be omitted). */
  optionalInput(): ArtifactType<S, L, true>;
  /** Returns a copy with a description. */
  describe(text: string): ArtifactType<S, L, Opt>;
}

function makeArtifact<S extends string, L extends boolean, Opt extends boolean>(fields: {
  schemaTitle: S;
  schemaVersion: string;
  isList: L;
  optional: Opt;
  description?: string;
}): ArtifactType<S, L, Opt> {
  const self: ArtifactType<S, L, Opt> = {
    kind: 'artifact',
    schemaTitle: fields.schemaTitle,
    schemaVersion: fields.schemaVersion,
    isList: fields.isList,
    optional: fields.optional,
    ...(fields.description !== undefined ? { description: fields.description } : {}),
    optionalInput: () => makeArtifact({ ...fields, optional: true }),
    describe: (text) => makeArtifact({ ...fields, description: text }),
  };
  return Object.freeze(self);
}

const system = <S extends SystemSchemaTitle>(schemaTitle: S) => (): ArtifactType<S, false, false> =>
  makeArtifact({ schemaTitle, schemaVersion: '0.0.1', isList: false, optional: false });

/** Any artifact: a generic input accepts every artifact kind. */
export const artifact = system('system.Artifact');
export const dataset = system('system.Dataset');
export const model = system('system.Model');
export const metrics = system('system.Metrics');
export const classificationMetrics = system('system.ClassificationMetrics');
export const slicedClassificationMetrics = system('system.SlicedClassificationMetrics');
export const html = system('system.HTML');
export const markdown = system('system.Markdown');

/**
 * An artifact type of your own (or of another library, such as `google.VertexModel`).
 *
 * @example
 * import { t } from '@kfp-ts/dsl';
 * const vertexModel = t.customArtifact('google.VertexModel', '0.0.1');
 */
export const customArtifact = <S extends string>(schemaTitle: S, schemaVersion = '0.0.1'): ArtifactType<S, false, false> =>
  makeArtifact({ schemaTitle, schemaVersion, isList: false, optional: false });

/** A list of artifacts of one kind (`List[Dataset]` / `Input[List[Dataset]]` in Python). */
export const artifactList = <S extends string>(item: ArtifactType<S, false, boolean>): ArtifactType<S, true, false> =>
  makeArtifact({ schemaTitle: item.schemaTitle, schemaVersion: item.schemaVersion, isList: true, optional: false });
