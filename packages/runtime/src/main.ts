/**
 * The entry point inside the container:
 * `node component.mjs --executor_input <json> --component <name>`. It loads the component's module, runs
 * the named component, and exits with 0, or with 1 and the error message on standard error.
 */
import { ExecutorError } from './errors.js';
import { execute } from './executor.js';
import { parseExecutorInput } from './executor-input.js';
import type { ComponentInterface } from './interface.js';
import { isRunning, registeredComponent, startRunning } from './registry.js';

export interface EntryOptions {
  /** The declared interface of each component this program can run, by component name. */
  readonly interfaces: Readonly<Record<string, ComponentInterface>>;
  /**
   * Loads the modules that declare the components (they register themselves as they load). Omitted when
   * the program imports them itself, after {@link reportEscapedErrors}.
   */
  readonly load?: () => Promise<unknown>;
  /** The command-line arguments; defaults to the process's. */
  readonly argv?: readonly string[];
}

/**
 * Reports errors that escape the component's code, while its modules load (the program imports them
 * statically, after calling this) and while it runs (a promise nobody awaited), then exits with 1.
 */
export function reportEscapedErrors(argv: readonly string[] = process.argv.slice(2)): void {
  process.on('uncaughtException', (e) => {
    let name: string | undefined;
    try {
      name = parseArguments(argv).component;
    } catch {
      // The missing argument is reported by main; here only the escaped error matters.
    }
    process.stderr.write(describeFailure(isRunning() ? e : new ModuleLoadError(e), name) + '\n');
    process.exit(1);
  });
}

/** Runs the component the command line names, then ends the process with its exit code. */
export async function main(options: EntryOptions): Promise<never> {
  const code = await runFromCommandLine(options);
  // Exit even if the component left timers or sockets open: the step is over once run() has settled.
  process.exit(code);
}

/** Runs the component the command line names; returns the exit code (errors are printed, not thrown). */
export async function runFromCommandLine(options: EntryOptions): Promise<number> {
  let name: string | undefined;
  try {
    const args = parseArguments(options.argv ?? process.argv.slice(2));
    name = args.component;
    const iface = options.interfaces[name];
    if (!iface) {
      const known = Object.keys(options.interfaces);
      throw new ExecutorError(`this program has no component named '${name}'` + (known.length ? ` (it has: ${known.join(', ')})` : ''));
    }
    const executorInput = parseExecutorInput(args.executorInput);
    try {
      await options.load?.();
    } catch (e) {
      throw new ModuleLoadError(e);
    }
    startRunning();
    const run = registeredComponent(name);
    process.stdout.write(`kfp-ts: running component '${name}'\n`);
    await execute(run, iface, executorInput);
    process.stdout.write(`kfp-ts: component '${name}' succeeded; executor output written to ${executorInput.outputs.outputFile}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(describeFailure(e, name) + '\n');
    return 1;
  }
}

/** The component's module threw while loading. */
class ModuleLoadError extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

function describeFailure(e: unknown, name: string | undefined): string {
  const who = name ? `component '${name}'` : 'kfp-ts runtime';
  if (e instanceof ExecutorError) return `error: ${who}: ${e.message}`;
  if (e instanceof ModuleLoadError) return `error: ${who}: loading the component's module failed: ${e.message}${stackOf(e.reason)}`;
  if (e instanceof Error) return `error: ${who} failed: ${e.message}${stackOf(e)}`;
  return `error: ${who} failed: ${typeof e === 'string' ? e : JSON.stringify(e) ?? String(e)}`;
}

/** The stack below the message line, to find where the component's code failed. */
function stackOf(e: unknown): string {
  if (!(e instanceof Error) || !e.stack) return '';
  const frames = e.stack.split('\n').filter((line) => /^\s+at /.test(line));
  return frames.length ? '\n' + frames.join('\n') : '';
}

interface Arguments {
  executorInput: string;
  component: string;
}

/** `--executor_input <json> --component <name>` (or `--flag=value`); other arguments are ignored. */
export function parseArguments(argv: readonly string[]): Arguments {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(executor_input|component)(?:=(.*))?$/s.exec(argv[i]);
    if (!m) continue;
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new ExecutorError(`--${m[1]} needs a value`);
    values[m[1]] = value;
  }
  if (values.component === undefined) throw new ExecutorError('missing --component <name>: which component to run');
  if (values.executor_input === undefined) throw new ExecutorError('missing --executor_input <json>: the KFP launcher passes it');
  return { executorInput: values.executor_input, component: values.component };
}
