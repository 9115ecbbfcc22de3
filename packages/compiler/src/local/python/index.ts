/**
 * Runs Python function components with the Python of this machine instead of in their image.
 *
 * The compiled command line installs packages with pip and then runs the function through
 * `kfp.dsl.executor_main`. Locally there is no pip install (runs must work offline and must not change
 * the user's Python): the packages the component asks for must already be importable, and the KFP SDK is
 * replaced by a small stand-in shipped with the compiler when it is not installed.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { LocalRunError } from '../errors.js';
import { parsePythonComponentCommand, PYTHON_EXECUTOR_MODULE } from './command-line.js';
import { checkPythonEnvironment, defaultLocalPython, LOCAL_PYTHON_ENV } from './interpreter.js';
import { pipRequirements, type PipRequirement } from './requirements.js';
import { kfpShimPath } from './shim.js';

export { defaultLocalPython, LOCAL_PYTHON_ENV } from './interpreter.js';
export { parsePythonComponentCommand } from './command-line.js';
export type { PythonComponentCommand } from './command-line.js';
export { kfpShimPath } from './shim.js';

export interface LocalPythonOptions {
  /** The task's path in the DAG, for messages. */
  readonly task: string;
  /** The Python to use; defaults to {@link defaultLocalPython} (`KFP_TS_PYTHON`, `/usr/bin/python3`, `python3`). */
  readonly python?: string;
  /** The task's own folder; the component's module is written here. */
  readonly taskDir: string;
}

export interface LocalPythonCommand {
  /** The command to run, executable first. */
  readonly argv: string[];
  /** Environment variables to add to the process's environment. */
  readonly env: Record<string, string>;
}

/** Whether `argv` is the command line of a Python function component (lightweight or containerized). */
export function isPythonComponentCommand(argv: readonly string[]): boolean {
  return parsePythonComponentCommand(argv) !== undefined;
}

/**
 * Turns the substituted command line of a lightweight Python function component into one that runs
 * the function with the local Python: the component's module is written to `<taskDir>/ephemeral_component.py`
 * and run through `kfp.dsl.executor_main` (the installed KFP SDK, else the stand-in), with the same
 * arguments (`--executor_input …  --function_to_execute …`).
 *
 * The caller runs `argv` with `env` added to its environment, e.g.
 * `spawn(argv[0], argv.slice(1), { env: { ...process.env, ...env } })`.
 *
 * @throws LocalRunError when the command is not a lightweight Python component's, when the Python cannot
 *   be started, or when packages the component installs are not importable.
 */
export function localPythonCommand(argv: readonly string[], options: LocalPythonOptions): LocalPythonCommand {
  const { task, taskDir } = options;
  const python = options.python ?? defaultLocalPython();
  const command = parsePythonComponentCommand(argv);
  if (command === undefined) {
    throw new LocalRunError('the command line is not that of a Python function component', task);
  }
  if (command.kind === 'containerized') {
    throw new LocalRunError(
      'a containerized Python component (target image) runs code that only its image holds; it cannot run with the local Python',
      task,
    );
  }

  const requirements = command.pipScript === undefined ? [] : pipRequirements(command.pipScript);
  // KFP itself is always present: the installed SDK or the stand-in.
  const wanted = requirements.filter((r) => r.name !== 'kfp');
  const check = checkPythonEnvironment(python, wanted, task);
  if (check.missing.length > 0) throw missingPackagesError(check.missing, python, task);

  mkdirSync(taskDir, { recursive: true });
  const modulePath = join(taskDir, 'ephemeral_component.py');
  writeFileSync(modulePath, command.program);

  const env: Record<string, string> = { _KFP_RUNTIME: 'true', PYTHONUNBUFFERED: '1' };
  if (!check.hasKfp) {
    env.PYTHONPATH = [kfpShimPath(), process.env.PYTHONPATH].filter(Boolean).join(delimiter);
    // Keeps the package folder free of __pycache__ folders.
    env.PYTHONDONTWRITEBYTECODE = '1';
  }
  return { argv: [python, '-m', PYTHON_EXECUTOR_MODULE, '--component_module_path', modulePath, ...command.args], env };
}

function missingPackagesError(missing: readonly PipRequirement[], python: string, task: string): LocalRunError {
  const names = missing.map((r) => r.specifier).join(', ');
  return new LocalRunError(
    `Python packages not installed for ${python}: ${names} (local runs do not pip install; ` +
      `install them for this Python, or set ${LOCAL_PYTHON_ENV} to a Python that has them)`,
    task,
  );
}
