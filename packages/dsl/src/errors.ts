/**
 * Errors raised while authoring a pipeline. Every error names where it happened (pipeline, task, field) and,
 * when known, the user's source line, so the CLI can print one clear message instead of a stack trace.
 */

/** A position in the user's source file. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** Context attached to an error: which pipeline, task and field it concerns. */
export interface ErrorContext {
  pipeline?: string;
  task?: string;
  field?: string;
  location?: SourceLocation;
}

/** An error in a pipeline definition (as opposed to a bug in kfp-ts). */
export class KfpDefinitionError extends Error {
  readonly context: ErrorContext;
  constructor(message: string, context: ErrorContext = {}) {
    super(message);
    this.name = 'KfpDefinitionError';
    this.context = context;
  }

  /** The message prefixed with its context, e.g. `pipeline 'p', task 'train', field 'cpuLimit': …`. */
  describe(): string {
    const where: string[] = [];
    if (this.context.pipeline) where.push(`pipeline '${this.context.pipeline}'`);
    if (this.context.task) where.push(`task '${this.context.task}'`);
    if (this.context.field) where.push(`field '${this.context.field}'`);
    const loc = this.context.location;
    const at = loc ? ` (at ${loc.file}:${loc.line}:${loc.column})` : '';
    return (where.length ? `${where.join(', ')}: ` : '') + this.message + at;
  }
}

/** Recognizes definition errors across copies of this module (ESM and CJS builds can both be loaded). */
export function isKfpDefinitionError(e: unknown): e is KfpDefinitionError {
  return e instanceof Error && e.name === 'KfpDefinitionError' && 'context' in e;
}

const OWN_FRAMES = /[\\/](packages[\\/](dsl|compiler)[\\/](src|dist)|node_modules[\\/]@kfp-ts[\\/])|node:internal|node_modules[\\/](tsx|vitest|@vitest)/;

/**
 * The first stack frame outside kfp-ts: where the user called into the DSL. Returns undefined when the
 * stack has no such frame.
 */
export function callerLocation(): SourceLocation | undefined {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 25;
  Error.captureStackTrace(holder, callerLocation);
  Error.stackTraceLimit = limit;
  for (const line of (holder.stack ?? '').split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m || OWN_FRAMES.test(m[1])) continue;
    return { file: m[1].replace(/^file:\/\//, ''), line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}
