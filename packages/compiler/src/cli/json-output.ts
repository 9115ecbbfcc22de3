/**
 * `--json`: the result of a command as one JSON object on standard output, for scripts. The shapes of those
 * objects are defined here (and documented in docs/cli.md); a command opts in with `jsonOption()`, reports
 * warnings with `warn` and its outcome with `reportResult`, and failures reach `reportFailure`.
 *
 * Under --json, standard output holds exactly that one object: anything else written to it (messages for
 * people, a `console.log` in the user's pipeline file) is sent to standard error instead. Exit codes are
 * the same with or without --json.
 */
import { Option, type Command } from 'commander';
import { errorForTerminal, describeError } from './errors.js';
import { wantsColor } from './code-frame.js';

// ---------------------------------------------------------------------------------------------------------------
// Result shapes
// ---------------------------------------------------------------------------------------------------------------

/** A 1-based position in a file: the user's .ts source, or a YAML file. */
export interface JsonLocation {
  file: string;
  line: number;
  column: number;
}

/** What went wrong. `message` is the error's own text; the context fields say where, when known. */
export interface JsonError {
  message: string;
  pipeline?: string;
  task?: string;
  field?: string;
  location?: JsonLocation;
  /** The HTTP status of a failed KFP API call. */
  httpStatus?: number;
}

/** Fields every result has. `ok` is true exactly when the exit code is 0; then `error` is absent. */
interface ResultBase {
  ok: boolean;
  /** The command that ran, e.g. `compile` or `component build`. */
  command: string;
  /** Warnings, as printed on standard error. */
  warnings: string[];
  error?: JsonError;
}

/** Any command that failed before it had a result of its own (bad input, an error in the pipeline file, an API error). */
export interface FailureResult extends ResultBase {
  ok: false;
  error: JsonError;
}

/** `compile`: the pipeline compiled, and where its YAML went (`output`), or the YAML itself when there was no -o. */
export interface CompileResult extends ResultBase {
  ok: true;
  command: 'compile';
  /** The pipeline's name. */
  pipeline: string;
  output?: string;
  yaml?: string;
}

/** `validate`: one entry per file, in the order given; `ok` is false when any file is invalid or unreadable. */
export interface ValidateResult extends ResultBase {
  command: 'validate';
  files: ValidatedFile[];
}

export interface ValidatedFile {
  file: string;
  valid: boolean;
  issues: ValidationIssue[];
}

/** One problem in a file: a schema issue (document and field path), invalid YAML, or an unreadable file. */
export interface ValidationIssue {
  message: string;
  document?: 'PipelineSpec' | 'PlatformSpec';
  /** The offending field, e.g. `root.dag.tasks.train.componentRef.name`. */
  path?: string;
  location?: JsonLocation;
}

/** `generate`: where the module went (`output`), or the module's text when there was no -o. */
export interface GenerateResult extends ResultBase {
  ok: true;
  command: 'generate';
  output?: string;
  module?: string;
}

/** `upload`: the pipeline (new, or existing with a new version) and the ids KFP gave. */
export interface UploadResult extends ResultBase {
  ok: true;
  command: 'upload';
  pipeline: string;
  pipelineId: string;
  pipelineVersionId: string;
  versionName: string;
  newPipeline: boolean;
}

/** `run`: the run started; with --watch, also its final `state` (`ok` is false unless it SUCCEEDED). */
export interface RunResult extends ResultBase {
  command: 'run';
  pipeline: string;
  pipelineId: string;
  pipelineVersionId: string;
  versionName: string;
  experiment: string;
  experimentId: string;
  runId: string;
  state?: string;
}

/** `run --local`: the run on this machine, its final `state` (`ok` is false unless it SUCCEEDED), its folder and the pipeline's outputs. */
export interface LocalRunJsonResult extends ResultBase {
  command: 'run';
  local: true;
  pipeline: string;
  runId: string;
  state: string;
  /** The run's folder (absolute). */
  runDir: string;
  /** The pipeline's outputs: parameters as values, artifacts as local paths. */
  outputs: Record<string, unknown>;
}

/** `component build`: the build context written, and what goes into the image. */
export interface ComponentBuildResult extends ResultBase {
  ok: true;
  command: 'component build';
  output: string;
  image: string;
  files: string[];
  components: string[];
}

/** `graph`: the drawing written (`output`), or its text when there was no -o; its tasks by display name. */
export interface GraphResult extends ResultBase {
  ok: true;
  command: 'graph';
  pipeline: string;
  format: 'svg' | 'html' | 'mmd';
  output?: string;
  text?: string;
  /** How many tasks (not groups) the drawing holds. */
  tasks: number;
}

/** Every object a command prints under --json. */
export type CommandResult =
  | CompileResult
  | GraphResult
  | ValidateResult
  | GenerateResult
  | UploadResult
  | RunResult
  | LocalRunJsonResult
  | ComponentBuildResult
  | FailureResult;

/** A result as a command reports it: the warnings are filled in from `warn`. */
export type ReportedResult = WithoutWarnings<CommandResult>;
type WithoutWarnings<R> = R extends CommandResult ? Omit<R, 'warnings'> : never;

/** Part of a result, for a command that fails after producing it (e.g. the ids of a run that then failed). */
export type PartialResult = PartialFields<CommandResult>;
type PartialFields<R> = R extends CommandResult ? Partial<Omit<R, 'ok' | 'error' | 'warnings'>> : never;

// ---------------------------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------------------------

/** The one command this process runs. */
const current = {
  json: false,
  command: '',
  warnings: [] as string[],
  /** Whether the JSON object was printed (never twice). */
  printed: false,
  /** Writes to the real standard output, while `process.stdout.write` goes to standard error. */
  writeStdout: undefined as ((text: string, done?: () => void) => void) | undefined,
};

/**
 * The `--json` option, for a command: `.addOption(jsonOption())`. The command's action then reports its
 * outcome with `reportResult` (a command that reports nothing prints `{ok, command, warnings}`).
 */
export function jsonOption(): Option {
  return new Option('--json', 'print the result as one JSON object on standard output (messages go to standard error)');
}

/** Starts the command `action` (a program's preAction hook): reads its --json flag and sets the output up. */
export function startCommand(action: Command): void {
  current.command = commandPath(action);
  current.warnings = [];
  current.printed = false;
  current.json = action.opts().json === true;
  if (current.json) sendStdoutToStderr();
}

/** True when the running command prints JSON. */
export function isJsonOutput(): boolean {
  return current.json;
}

/** Prints a warning on standard error (with or without --json) and keeps it for the JSON result. */
export function warn(message: string): void {
  current.warnings.push(message);
  process.stderr.write(`warning: ${message}\n`);
}

/** Under --json, prints the command's result. Does nothing otherwise (the command printed its own text). */
export function reportResult(result: ReportedResult): void {
  printJson({ ...result, warnings: current.warnings } as CommandResult);
}

/**
 * Reports a failure: `error: …` and a code frame of the user's source on standard error, and under --json the
 * failure object (with `fields`, for a command that fails after producing part of its result).
 */
export function reportFailure(e: unknown, fields: PartialResult = {}): void {
  process.stderr.write(errorForTerminal(e, { color: wantsColor(process.stderr) }));
  printJson({ ok: false, command: current.command, ...fields, error: describeError(e).report, warnings: current.warnings } as CommandResult);
}

/**
 * A usage error found by the argument parser (which printed it already) before any command started: under
 * --json in `args`, the failure object too.
 */
export function reportUsageError(program: Command, args: string[], message: string): void {
  const operands = args.slice(0, args.includes('--') ? args.indexOf('--') : undefined);
  if (!operands.includes('--json')) return;
  current.json = true;
  current.command = commandPathFromArgs(program, operands);
  printJson({ ok: false, command: current.command, error: { message: message.replace(/^error: /, '') }, warnings: [] });
}

/** Ends the command: under --json, a command that reported nothing gets the bare result for its exit code. */
export function finishCommand(exitCode: number): void {
  if (exitCode === 0) printJson({ ok: true, command: current.command, warnings: current.warnings } as unknown as CommandResult);
  else printJson({ ok: false, command: current.command, error: { message: `exit code ${exitCode}` }, warnings: current.warnings });
}

/** Calls `done` once everything written to standard output is flushed. */
export function afterStdoutFlushed(done: () => void): void {
  if (current.writeStdout) current.writeStdout('', done);
  else process.stdout.write('', done);
}

function printJson(result: CommandResult): void {
  if (!current.json || current.printed) return;
  current.printed = true;
  const text = `${JSON.stringify(result, null, 2)}\n`;
  if (current.writeStdout) current.writeStdout(text);
  else process.stdout.write(text);
}

/** From now on, writes to standard output go to standard error; the JSON goes to the real one. */
function sendStdoutToStderr(): void {
  if (current.writeStdout) return;
  const realWrite = process.stdout.write.bind(process.stdout) as (text: string, done?: () => void) => boolean;
  current.writeStdout = (text, done) => void realWrite(text, done);
  process.stdout.write = ((...args: Parameters<typeof process.stderr.write>) => process.stderr.write(...args)) as typeof process.stdout.write;
}

/** `compile`, or `component build` for a subcommand. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** The command that `args` name, as far as they name one (for usage errors, before any command started). */
function commandPathFromArgs(program: Command, args: string[]): string {
  const names: string[] = [];
  let command = program;
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    const sub = command.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!sub) break;
    names.push(sub.name());
    command = sub;
  }
  return names.join(' ');
}
