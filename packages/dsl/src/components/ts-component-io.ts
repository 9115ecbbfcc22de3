/**
 * What the `run` function of a TypeScript component sees, derived from its declared inputs and outputs:
 * input values by name (artifacts as `{ path, uri, metadata }`), writable output artifacts, and the output
 * parameters it returns. The container runtime (`@kfp-ts/runtime`) provides objects of these shapes.
 */
import type { ArtifactType } from '../types/artifacts.js';
import type { ParameterType, ParameterTypeName, ParameterValueOf, TaskFinalStatusValue } from '../types/parameters.js';
import type { IODecl } from './typing.js';

/** An input artifact: the local file the launcher downloaded it to, and what its producer recorded. */
export interface InputArtifact {
  readonly name: string;
  /** Its storage URI (`gs://…`, `s3://…`, `minio://…`). */
  readonly uri: string;
  /** The local file (or directory) holding its contents. */
  readonly path: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Its type as produced (`system.Dataset`, …), which for a generic `t.artifact()` input may be any type. */
  readonly schemaTitle: string;
  readonly schemaVersion: string;
}

/**
 * An output artifact: write its contents at `path`; what is in `metadata` (and `uri`, rarely changed) when
 * `run` ends is recorded with the artifact.
 */
export interface OutputArtifact {
  readonly name: string;
  uri: string;
  /** The local path the launcher uploads from when the step ends; its directory exists. */
  readonly path: string;
  metadata: Record<string, unknown>;
  readonly schemaTitle: string;
  readonly schemaVersion: string;
}

/** A `t.metrics()` output: scalar metrics the KFP UI shows. */
export interface MetricsOutput extends OutputArtifact {
  /** Records a scalar metric. */
  logMetric(name: string, value: number): void;
}

/** A `t.classificationMetrics()` output: ROC curve and confusion matrix, shown by the KFP UI. */
export interface ClassificationMetricsOutput extends OutputArtifact {
  /** Records one point of the ROC curve. */
  logRocDataPoint(fpr: number, tpr: number, threshold: number): void;
  /** Records an ROC curve: three lists of the same length. */
  logRocCurve(fpr: readonly number[], tpr: readonly number[], threshold: readonly number[]): void;
  /** Records a whole confusion matrix: `matrix[i][j]` counts items of `categories[i]` predicted as `categories[j]`. */
  logConfusionMatrix(categories: readonly string[], matrix: readonly (readonly number[])[]): void;
  /** Starts a confusion matrix over these categories, all cells zero. */
  setConfusionMatrixCategories(categories: readonly string[]): void;
  /** Sets one row of the confusion matrix. */
  logConfusionMatrixRow(rowCategory: string, row: readonly number[]): void;
  /** Sets one cell of the confusion matrix. */
  logConfusionMatrixCell(rowCategory: string, columnCategory: string, value: number): void;
}

/** A `t.html()` output: a page the KFP UI shows. */
export interface HtmlOutput extends OutputArtifact {
  /** Writes the page to the artifact's file. */
  writeHtml(html: string): Promise<void>;
}

/** A `t.markdown()` output: a document the KFP UI shows. */
export interface MarkdownOutput extends OutputArtifact {
  /** Writes the document to the artifact's file. */
  writeMarkdown(markdown: string): Promise<void>;
}

/** The output artifact object for an artifact of schema title `S`. */
export type OutputArtifactFor<S extends string> = S extends 'system.Metrics'
  ? MetricsOutput
  : S extends 'system.ClassificationMetrics'
    ? ClassificationMetricsOutput
    : S extends 'system.HTML'
      ? HtmlOutput
      : S extends 'system.Markdown'
        ? MarkdownOutput
        : OutputArtifact;

/**
 * The value `run` receives for an input of type `T`. An input with a default always has a value; an
 * optional one without a default may be `undefined`; a task final status is filled by the backend.
 */
export type RunInputValue<T> =
  T extends ParameterType<'TASK_FINAL_STATUS', boolean>
    ? TaskFinalStatusValue
    : T extends ParameterType<infer P, infer Opt>
      ? Opt extends true
        ? T extends { readonly hasDefault: true }
          ? ParameterValueOf[P]
          : ParameterValueOf[P] | undefined
        : ParameterValueOf[P]
      : T extends ArtifactType<string, infer L, infer Opt>
        ? L extends true
          ? readonly InputArtifact[]
          : InputArtifact | (Opt extends true ? undefined : never)
        : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The first argument of `run`: every input's value, by name. */
export type RunInputs<I extends IODecl> = Simplify<{ readonly [K in keyof I]: RunInputValue<I[K]> }>;

/** The names of the parameter outputs (which `run` returns). */
export type ParameterOutputNames<O extends IODecl> = { [K in keyof O]: O[K] extends ParameterType ? K : never }[keyof O] & string;

/** The names of the artifact outputs (which `run` writes). */
export type ArtifactOutputNames<O extends IODecl> = { [K in keyof O]: O[K] extends ArtifactType ? K : never }[keyof O] & string;

/** The second argument of `run`: the output artifacts to write, by name. */
export type RunOutputs<O extends IODecl> = Simplify<{
  readonly [K in ArtifactOutputNames<O>]: O[K] extends ArtifactType<infer S, boolean, boolean> ? OutputArtifactFor<S> : never;
}>;

type ParameterValueOfType<T> = T extends ParameterType<infer P extends ParameterTypeName, boolean> ? ParameterValueOf[P] : never;

/** What `run` returns: the output parameters by name, or nothing when there are none. */
export type RunResult<O extends IODecl> = [ParameterOutputNames<O>] extends [never]
  ? void
  : Simplify<{ [K in ParameterOutputNames<O>]: ParameterValueOfType<O[K]> }>;

/** A TypeScript component's code. */
export type RunFunction<I extends IODecl, O extends IODecl> = (
  inputs: RunInputs<I>,
  outputs: RunOutputs<O>,
) => RunResult<O> | Promise<RunResult<O>>;
