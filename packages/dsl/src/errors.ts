/**
 * Errors raised while authoring a pipeline. Every error names where it happened (pipeline, task, field) and,
 * when known, the user's source line, so the CLI can print one clear message instead of a stack trace.
 */
import { findSourceMap } from 'node:module';

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
  const fast = sourceMappedCallerLocation();
  if (fast !== UNKNOWN) return fast;
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

const UNKNOWN = Symbol('unknown');

/** A V8 call site (the structured form of a stack frame). */
interface CallSite {
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
}

/**
 * The caller's location from structured call sites, mapping only that one frame through Node's source map
 * of its file (present when TypeScript is loaded by a transpiling loader with source maps on, as the CLI
 * does). Formatting a whole stack through source maps costs far more, and a pipeline with thousands of
 * tasks asks for thousands of locations. Returns UNKNOWN when the frame's file has no source map in Node's
 * cache (plain JavaScript, or a test runner with its own mapping): the formatted stack is right there.
 */
function sourceMappedCallerLocation(): SourceLocation | undefined | typeof UNKNOWN {
  const findSourceMap = nodeFindSourceMap();
  if (!findSourceMap) return UNKNOWN;
  const holder: { stack?: CallSite[] } = {};
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  try {
    Error.stackTraceLimit = 25;
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.captureStackTrace(holder, callerLocation);
    const sites = holder.stack;
    if (!Array.isArray(sites)) return UNKNOWN;
    for (const site of sites) {
      const name = site.getFileName();
      if (!name || OWN_FRAMES.test(name)) continue;
      const line = site.getLineNumber();
      const column = site.getColumnNumber();
      if (line === null || column === null) return UNKNOWN;
      const entry = findSourceMap(name)?.findEntry(line - 1, column - 1) as
        | { originalSource?: string; originalLine?: number; originalColumn?: number }
        | undefined;
      if (!entry?.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return UNKNOWN;
      return { file: entry.originalSource.replace(/^file:\/\//, ''), line: entry.originalLine + 1, column: entry.originalColumn + 1 };
    }
    return UNKNOWN;
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}

type FindSourceMap = (path: string) => { findEntry(line: number, column: number): object } | undefined;

/** `module.findSourceMap` when running on Node with source maps enabled (without them its cache is empty). */
function nodeFindSourceMap(): FindSourceMap | undefined {
  return process.sourceMapsEnabled ? (findSourceMap as FindSourceMap) : undefined;
}
