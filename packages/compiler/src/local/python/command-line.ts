/**
 * Recognises the container command line of a Python function component, as the KFP Python SDK (and
 * `pythonComponent`) compile it, after the launcher substituted its placeholders:
 *
 * - lightweight: `[sh -c <pip install script>] sh -ec <runner> <program> <args…>`, where the runner writes
 *   `<program>` (the function's module) to a file and runs it through `kfp.dsl.executor_main`;
 * - containerized (`targetImage`): `[sh -c <pip install script>] python3 -m kfp.dsl.executor_main <args…>`,
 *   the function's code being inside the image.
 *
 * `<args…>` are `--executor_input <json> --function_to_execute <name>`.
 */
/** The module that runs a component function (`python3 -m kfp.dsl.executor_main`). */
export const PYTHON_EXECUTOR_MODULE = 'kfp.dsl.executor_main';

export type PythonComponentCommand =
  | {
      readonly kind: 'lightweight';
      /** The `sh -c` script that installs packages, when there is one. */
      readonly pipScript?: string;
      /** The Python module holding the function. */
      readonly program: string;
      /** What the runner passes on to the executor module (`"$@"`). */
      readonly args: readonly string[];
    }
  | { readonly kind: 'containerized'; readonly pipScript?: string; readonly args: readonly string[] };

/** The parts of a Python function component's command line, or `undefined` for any other command. */
export function parsePythonComponentCommand(argv: readonly string[]): PythonComponentCommand | undefined {
  let rest = argv;
  let pipScript: string | undefined;
  if (rest[0] === 'sh' && rest[1] === '-c' && typeof rest[2] === 'string' && rest[2].includes(' -m pip install ')) {
    pipScript = rest[2];
    rest = rest.slice(3);
  }
  const withPip = pipScript === undefined ? {} : { pipScript };
  if (rest[0] === 'sh' && rest[1] === '-ec' && rest.length >= 4 && isExecutorRunner(rest[2])) {
    return { kind: 'lightweight', ...withPip, program: rest[3], args: rest.slice(4) };
  }
  if (/^python3?$/.test(rest[0] ?? '') && rest[1] === '-m' && rest[2] === PYTHON_EXECUTOR_MODULE) {
    return { kind: 'containerized', ...withPip, args: rest.slice(3) };
  }
  return undefined;
}

/** The shell program that writes `$0` to a module file and runs it through the executor module. */
function isExecutorRunner(script: string): boolean {
  return script.includes(`-m ${PYTHON_EXECUTOR_MODULE}`) && script.includes('--component_module_path') && script.includes('"$0"');
}
