/**
 * The artifact objects a component's `run` receives: read-only input artifacts, and writable output
 * artifacts whose metadata (and URI) go to the executor output. Metrics, classification metrics, HTML and
 * Markdown outputs have helpers that write what the KFP UI shows.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RuntimeArtifact } from './executor-input.js';
import { localPathForUri } from './local-paths.js';

/** An input artifact: where its file is, and what the producer recorded about it. */
export interface InputArtifact {
  readonly name: string;
  readonly uri: string;
  /** The local file (or directory) the launcher downloaded the artifact to. */
  readonly path: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly schemaTitle: string;
  readonly schemaVersion: string;
}

export function inputArtifact(artifact: RuntimeArtifact, declared: { schemaTitle: string; schemaVersion: string }): InputArtifact {
  return Object.freeze({
    name: artifact.name,
    uri: artifact.uri,
    path: localPathForUri(artifact.uri, { metadata: artifact.metadata, customPath: artifact.customPath }),
    metadata: deepFreeze(artifact.metadata),
    schemaTitle: artifact.schemaTitle ?? declared.schemaTitle,
    schemaVersion: artifact.schemaVersion ?? declared.schemaVersion,
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * An output artifact. Write its file at `path`; set `metadata` entries (and, rarely, `uri`) to describe it:
 * both are sent to the launcher in the executor output.
 */
export class OutputArtifact {
  readonly name: string;
  /** The artifact's storage URI; `path` follows it. */
  uri: string;
  metadata: Record<string, unknown>;
  readonly schemaTitle: string;
  readonly schemaVersion: string;
  readonly #customPath: string | undefined;

  constructor(artifact: RuntimeArtifact, declared: { schemaTitle: string; schemaVersion: string }) {
    this.name = artifact.name;
    this.uri = artifact.uri;
    this.metadata = structuredClone(artifact.metadata);
    this.schemaTitle = artifact.schemaTitle ?? declared.schemaTitle;
    this.schemaVersion = artifact.schemaVersion ?? declared.schemaVersion;
    this.#customPath = artifact.customPath;
  }

  /** The local path the launcher uploads the artifact from once the component ends. */
  get path(): string {
    return localPathForUri(this.uri, { customPath: this.#customPath });
  }

  /** Writes text to the artifact's file, creating its directory. */
  protected async writeText(text: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await writeFile(this.path, text, 'utf8');
  }
}

function finite(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${what} must be a finite number, got ${String(value)}`);
  return value;
}

/** Scalar metrics, shown by the KFP UI (`system.Metrics`). */
export class MetricsArtifact extends OutputArtifact {
  /** Records a scalar metric (a metadata entry). */
  logMetric(name: string, value: number): void {
    this.metadata[name] = finite(value, `metric '${name}'`);
  }
}

interface ConfusionMatrix {
  annotationSpecs: { displayName: string }[];
  rows: { row: number[] }[];
}

/** ROC curves and confusion matrices, shown by the KFP UI (`system.ClassificationMetrics`). */
export class ClassificationMetricsArtifact extends OutputArtifact {
  /** Records one point of the ROC curve. */
  logRocDataPoint(fpr: number, tpr: number, threshold: number): void {
    const points = (this.metadata.confidenceMetrics ??= []) as unknown[];
    points.push({
      confidenceThreshold: finite(threshold, 'threshold'),
      recall: finite(tpr, 'true positive rate'),
      falsePositiveRate: finite(fpr, 'false positive rate'),
    });
  }

  /** Records an ROC curve: three lists of the same length. */
  logRocCurve(fpr: readonly number[], tpr: readonly number[], threshold: readonly number[]): void {
    if (fpr.length !== tpr.length || fpr.length !== threshold.length) {
      throw new Error(
        `fpr, tpr and threshold must have the same length, got ${fpr.length}, ${tpr.length} and ${threshold.length}`,
      );
    }
    fpr.forEach((_, i) => this.logRocDataPoint(fpr[i], tpr[i], threshold[i]));
  }

  /** Starts a confusion matrix over these categories, all cells zero. */
  setConfusionMatrixCategories(categories: readonly string[]): void {
    const matrix: ConfusionMatrix = {
      annotationSpecs: categories.map((displayName) => ({ displayName })),
      rows: categories.map(() => ({ row: categories.map(() => 0) })),
    };
    this.metadata.confusionMatrix = matrix;
  }

  /** Sets one row of the confusion matrix (the counts of items of `rowCategory`, by predicted category). */
  logConfusionMatrixRow(rowCategory: string, row: readonly number[]): void {
    const { matrix, index } = this.#matrix();
    if (row.length !== matrix.annotationSpecs.length) {
      throw new Error(`a confusion matrix row needs ${matrix.annotationSpecs.length} values, got ${row.length}`);
    }
    matrix.rows[index(rowCategory)] = { row: row.map((v) => finite(v, 'a confusion matrix value')) };
  }

  /** Sets one cell of the confusion matrix. */
  logConfusionMatrixCell(rowCategory: string, columnCategory: string, value: number): void {
    const { matrix, index } = this.#matrix();
    matrix.rows[index(rowCategory)].row[index(columnCategory)] = finite(value, 'a confusion matrix value');
  }

  /** Records a whole confusion matrix: `matrix[i][j]` counts items of `categories[i]` predicted as `categories[j]`. */
  logConfusionMatrix(categories: readonly string[], matrix: readonly (readonly number[])[]): void {
    if (matrix.length !== categories.length || matrix.some((row) => row.length !== categories.length)) {
      throw new Error(`a confusion matrix over ${categories.length} categories must be ${categories.length}×${categories.length}`);
    }
    this.setConfusionMatrixCategories(categories);
    categories.forEach((category, i) => this.logConfusionMatrixRow(category, matrix[i]));
  }

  #matrix(): { matrix: ConfusionMatrix; index: (category: string) => number } {
    const matrix = this.metadata.confusionMatrix as ConfusionMatrix | undefined;
    if (!matrix) throw new Error('call setConfusionMatrixCategories() before logging confusion matrix rows or cells');
    const categories = matrix.annotationSpecs.map((s) => s.displayName);
    const index = (category: string) => {
      const i = categories.indexOf(category);
      if (i < 0) throw new Error(`'${category}' is not a confusion matrix category (${categories.join(', ')})`);
      return i;
    };
    return { matrix, index };
  }
}

/** An HTML page, shown by the KFP UI (`system.HTML`). */
export class HtmlArtifact extends OutputArtifact {
  /** Writes the page to the artifact's file. */
  writeHtml(html: string): Promise<void> {
    return this.writeText(html);
  }
}

/** A Markdown document, shown by the KFP UI (`system.Markdown`). */
export class MarkdownArtifact extends OutputArtifact {
  /** Writes the document to the artifact's file. */
  writeMarkdown(markdown: string): Promise<void> {
    return this.writeText(markdown);
  }
}

const CLASSES: Readonly<Record<string, typeof OutputArtifact>> = {
  'system.Metrics': MetricsArtifact,
  'system.ClassificationMetrics': ClassificationMetricsArtifact,
  'system.HTML': HtmlArtifact,
  'system.Markdown': MarkdownArtifact,
};

/** The output artifact object for a declared output: with helpers when its type has them. */
export function outputArtifact(artifact: RuntimeArtifact, declared: { schemaTitle: string; schemaVersion: string }): OutputArtifact {
  const Class = CLASSES[declared.schemaTitle] ?? OutputArtifact;
  return new Class(artifact, declared);
}
