/**
 * Python function components authored from TypeScript: the Python source of a function plus its inputs
 * and outputs declared with `t`. The container runs the function the way the Python SDK's
 * `@dsl.component` does, with the same command line.
 */
import { readFileSync } from 'node:fs';
import { callerLocation, KfpDefinitionError } from '../errors.js';
import { makeComponent, type Component } from './component.js';
import { checkComponentInterface } from './interface-checks.js';
import { DEFAULT_KFP_VERSION, pythonExecutorContainer, type PythonExecutorOptions } from './python-executor.js';

export { DEFAULT_KFP_VERSION };
import type { IODecl } from './typing.js';

/** Settings of the container command line, as in the Python SDK's `@dsl.component` (see {@link PythonExecutorOptions}). */
type CommandLineOptions = Omit<PythonExecutorOptions, 'functionName' | 'source' | 'containerized'>;

export interface PythonComponentOptions<I extends IODecl, O extends IODecl> extends CommandLineOptions {
  /** The Python function to run. */
  functionName: string;
  /**
   * The function's source (a `def` with its body), or `{ file }` to read it from a `.py` file. May be
   * omitted with `targetImage`, whose image already holds the code.
   */
  source?: string | { file: string };
  /** The component name; defaults to the function name. */
  name?: string;
  description?: string;
  /** The function's parameters (input parameters and input artifacts). */
  inputs?: I;
  /**
   * The function's outputs: `Output` for a single return value, the field names of a NamedTuple return, and
   * `Output[...]`/`OutputPath` parameters.
   */
  outputs?: O;
  /** Defaults to `python:3.11`, as in the Python SDK. */
  baseImage?: string;
  /** An image with the component's code already in it (`target_image`): no source is embedded. */
  targetImage?: string;
}

const DEFAULT_BASE_IMAGE = 'python:3.11';

/**
 * Declares a Python function component.
 *
 * @example
 * import { pythonComponent, t } from '@kfp-ts/dsl';
 *
 * export const add = pythonComponent({
 *   functionName: 'add',
 *   source: 'def add(a: int, b: int) -> int:\n    return a + b\n',
 *   inputs: { a: t.integer(), b: t.integer() },
 *   outputs: { Output: t.integer() },
 * });
 */
export function pythonComponent<I extends IODecl = {}, O extends IODecl = {}>(
  options: PythonComponentOptions<I, O>,
): Component<I, O> {
  const location = callerLocation();
  const name = options.name ?? options.functionName;
  const fail = (message: string, field: string) => new KfpDefinitionError(message, { task: name, field, location });
  if (typeof options.functionName !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.functionName)) {
    throw fail(`functionName ${JSON.stringify(options.functionName)} is not a Python identifier`, 'functionName');
  }
  const inputs = (options.inputs ?? {}) as I;
  const outputs = (options.outputs ?? {}) as O;
  checkComponentInterface(name, inputs, outputs, location);
  // The function receives its inputs and outputs as keyword arguments (or returns named fields).
  for (const key of [...Object.keys(inputs), ...Object.keys(outputs)]) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw fail(`'${key}' is not a Python identifier, but the inputs and outputs of a Python function component are its parameters`, key);
    }
  }

  let source: string;
  if (options.source === undefined && options.targetImage !== undefined) {
    source = '';
  } else if (typeof options.source === 'string') {
    source = options.source;
  } else if (options.source && typeof options.source.file === 'string') {
    try {
      source = readFileSync(options.source.file, 'utf8');
    } catch (e) {
      throw fail(`cannot read Python source file '${options.source.file}': ${(e as Error).message}`, 'source');
    }
  } else {
    throw fail('source must be the Python source text or { file: "path/to/file.py" }', 'source');
  }

  let container;
  try {
    const { name: _n, description: _d, inputs: _i, outputs: _o, baseImage: _b, targetImage, source: _s, ...commandLine } = options;
    container = pythonExecutorContainer({
      ...commandLine,
      source,
      kfpVersion: options.kfpVersion ?? DEFAULT_KFP_VERSION,
      ...(targetImage !== undefined ? { containerized: true } : {}),
    });
  } catch (e) {
    throw fail((e as Error).message, 'source');
  }

  return makeComponent<I, O>({
    name,
    ...(options.description !== undefined ? { description: options.description } : {}),
    inputs,
    outputs,
    implementation: {
      kind: 'container',
      container: {
        image: options.targetImage ?? options.baseImage ?? DEFAULT_BASE_IMAGE,
        command: container.command,
        args: container.args,
      },
    },
  });
}
