/**
 * Reads Python function components back out of compiled goldens.
 *
 * Conformance tests take the Python sources from the goldens at test time (rather than keeping
 * copies of the corpus's Python code) and feed them to `pythonExecutorContainer`; these helpers
 * are the exact inverse of how that function composes the embedded program.
 */
import { parseAllDocuments } from 'yaml';
import {
  embeddedArtifactHelperSource,
  PYTHON_EXECUTOR_MODULE,
  type EmbeddedArtifactArchive,
} from '../../packages/dsl/src/components/python-executor.js';

/** Everything the embedded program of a lightweight Python component is made of. */
export interface PythonProgramParts {
  functionName: string;
  /** The function's source as embedded (decorators removed, dedented). */
  source: string;
  /** Dotted names behind the extra `import`/`from … import` lines after the fixed imports. */
  typeImports: string[];
  /** Sources of `additional_funcs`, in order. */
  additionalFunctions: string[];
  /** Set when the helper code is the standard embedded-artifact extractor. */
  embeddedArtifact?: EmbeddedArtifactArchive;
  /** Set when there is helper code other than the standard extractor (e.g. a notebook runner). */
  helperSource?: string;
}

interface ContainerSpec {
  image?: string;
  command?: string[];
  args?: string[];
}

const FIXED_IMPORTS = '\nimport kfp\nfrom kfp import dsl\nfrom kfp.dsl import *\nfrom typing import *';
const HELPER_START = "__KFP_EMBEDDED_ARCHIVE_B64 = '";

/** The `container` of `deploymentSpec.executors[executorLabel]` in any YAML document of the golden. */
export function goldenExecutorContainer(goldenYamlText: string, executorLabel: string): ContainerSpec {
  for (const doc of parseAllDocuments(goldenYamlText)) {
    const value = doc.toJS() as { deploymentSpec?: { executors?: Record<string, { container?: ContainerSpec }> } } | null;
    const container = value?.deploymentSpec?.executors?.[executorLabel]?.container;
    if (container) return container;
  }
  throw new Error(`Golden has no container executor ${JSON.stringify(executorLabel)}.`);
}

/** The value following `--function_to_execute` in a Python component's args. */
export function functionToExecute(container: ContainerSpec): string {
  const args = container.args ?? [];
  const at = args.indexOf('--function_to_execute');
  if (at < 0 || typeof args[at + 1] !== 'string') {
    throw new Error('Executor is not a Python function component: its args have no --function_to_execute.');
  }
  return args[at + 1];
}

/** True for `target_image` components, whose command runs the executor module instead of embedding source. */
export function isContainerizedPythonComponent(container: ContainerSpec): boolean {
  const command = container.command ?? [];
  return command.slice(-3).join(' ') === `python3 -m ${PYTHON_EXECUTOR_MODULE}` && !command.includes('-ec');
}

function parseImportLine(line: string): string | undefined {
  const plain = /^import ([\w.]+)$/u.exec(line);
  if (plain) return plain[1];
  const from = /^from ([\w.]+) import (\w+)$/u.exec(line);
  return from ? `${from[1]}.${from[2]}` : undefined;
}

function parseEmbeddedArchive(helper: string): EmbeddedArtifactArchive | undefined {
  const archiveBase64 = /^__KFP_EMBEDDED_ARCHIVE_B64 = '([A-Za-z0-9+/=]*)'\n/.exec(helper)?.[1];
  if (archiveBase64 === undefined) return undefined;
  const fileName = /\n__KFP_EMBEDDED_ASSET_FILE = __kfp_os\.path\.join\(__KFP_EMBEDDED_ASSET_DIR, '([^'\n]+)'\)\n/.exec(
    helper,
  )?.[1];
  const archive: EmbeddedArtifactArchive = fileName === undefined ? { archiveBase64 } : { archiveBase64, fileName };
  try {
    return embeddedArtifactHelperSource(archive) === helper ? archive : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Splits the program embedded in a lightweight Python component of a golden into its parts.
 *
 * The program is `\n<imports>[\n\n<additional functions>][\n\n<helper>\n]\n\n<function>\n`.
 *
 * @throws Error when the executor is not a lightweight Python component or its program does not
 *   have that shape.
 */
export function extractPythonProgramParts(goldenYamlText: string, executorLabel: string): PythonProgramParts {
  const container = goldenExecutorContainer(goldenYamlText, executorLabel);
  const functionName = functionToExecute(container);
  if (isContainerizedPythonComponent(container)) {
    throw new Error(`Executor ${executorLabel} is a containerized Python component: its source is not embedded.`);
  }
  const command = container.command ?? [];
  const runnerAt = command.lastIndexOf('-ec');
  if (runnerAt < 0 || runnerAt !== command.length - 3) {
    throw new Error(`Executor ${executorLabel} has no \`sh -ec <runner> <program>\` command tail.`);
  }
  const program = command[command.length - 1];
  if (!program.startsWith(FIXED_IMPORTS) || !program.endsWith('\n')) {
    throw new Error(`Executor ${executorLabel}: embedded program does not start with the standard KFP imports.`);
  }

  let rest = program.slice(FIXED_IMPORTS.length);
  const typeImports: string[] = [];
  for (;;) {
    const line = /^\n([^\n]*)/.exec(rest)?.[1];
    const item = line === undefined ? undefined : parseImportLine(line);
    if (item === undefined) break;
    typeImports.push(item);
    rest = rest.slice(1 + (line as string).length);
  }

  const functionAt = rest.indexOf(`\n\ndef ${functionName}(`);
  if (functionAt < 0) {
    throw new Error(`Executor ${executorLabel}: embedded program has no \`def ${functionName}(\` after a blank line.`);
  }
  const source = rest.slice(functionAt + 2, -1);
  let middle = rest.slice(0, functionAt);

  // The helper block is `\n\n<helper>\n`; after additional functions (each newline-terminated) it
  // therefore starts three newlines after the last function's text.
  let helper: string | undefined;
  let helperAt = middle.startsWith(`\n\n${HELPER_START}`) ? 0 : -1;
  if (helperAt < 0) {
    const at = middle.indexOf(`\n\n\n${HELPER_START}`);
    if (at >= 0) helperAt = at + 1;
  }
  if (helperAt >= 0) {
    if (!middle.endsWith('\n')) throw new Error(`Executor ${executorLabel}: helper code is not newline-terminated.`);
    helper = middle.slice(helperAt + 2, -1);
    middle = middle.slice(0, helperAt);
  }

  const additionalFunctions: string[] = [];
  if (middle !== '') {
    if (!middle.startsWith('\n\ndef ') || !middle.endsWith('\n')) {
      throw new Error(
        `Executor ${executorLabel}: unexpected text between the imports and the function: ${JSON.stringify(middle.slice(0, 80))}.`,
      );
    }
    // Each function ends with a newline and they are joined by a blank line, so a new one starts
    // wherever a top-level `def` follows two newlines that themselves follow a line end.
    additionalFunctions.push(...middle.slice(2).split(/(?<=\n)\n\n(?=def )/));
  }

  const parts: PythonProgramParts = { functionName, source, typeImports, additionalFunctions };
  if (helper !== undefined) {
    const archive = parseEmbeddedArchive(helper);
    if (archive) parts.embeddedArtifact = archive;
    else parts.helperSource = helper;
  }
  return parts;
}

/**
 * The function name and the `source` that, given to `pythonExecutorContainer` with the matching
 * options, reproduces the executor's command byte for byte.
 */
export function extractPythonFunctionSource(
  goldenYamlText: string,
  executorLabel: string,
): { functionName: string; source: string } {
  const { functionName, source } = extractPythonProgramParts(goldenYamlText, executorLabel);
  return { functionName, source };
}
