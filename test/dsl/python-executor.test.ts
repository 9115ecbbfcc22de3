import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import {
  pipInstallCommandPrefix,
  pythonComponentProgram,
  pythonDedent,
  pythonExecutorContainer,
  pythonFunctionDefinition,
  pythonStringRepr,
  type PythonExecutorOptions,
} from '../../packages/dsl/src/components/python-executor.js';
import {
  extractPythonFunctionSource,
  extractPythonProgramParts,
  functionToExecute,
  isContainerizedPythonComponent,
} from '../conformance/python-source.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const corpusDir = process.env.KFPTS_CORPUS ?? resolve(repoRoot, '../shared/kfp-corpus');

interface Container {
  command?: string[];
  args?: string[];
  image?: string;
}

interface PythonExecutorCase {
  /** `<file relative to the corpus>#<executor label>` */
  id: string;
  yamlText: string;
  label: string;
  container: Container;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return yamlFiles(path);
      return entry.name.endsWith('.yaml') ? [path] : [];
    })
    .sort();
}

/** Every executor of every corpus YAML whose container runs a Python function (`--function_to_execute`). */
function collectPythonExecutors(dir: string): PythonExecutorCase[] {
  const cases: PythonExecutorCase[] = [];
  for (const file of yamlFiles(dir)) {
    const yamlText = readFileSync(file, 'utf8');
    for (const doc of parseAllDocuments(yamlText)) {
      const value = doc.toJS() as { deploymentSpec?: { executors?: Record<string, { container?: Container }> } } | null;
      for (const [label, executor] of Object.entries(value?.deploymentSpec?.executors ?? {})) {
        const container = executor.container;
        if (!container?.args?.includes('--function_to_execute')) continue;
        cases.push({ id: `${relative(dir, file)}#${label}`, yamlText, label, container });
      }
    }
  }
  return cases;
}

/** Parses a space-separated run of Python string literals, as written by `repr()`. */
function parsePythonStringLiterals(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const quote = text[i];
    if (quote !== "'" && quote !== '"') throw new Error(`Expected a Python string literal at ${JSON.stringify(text.slice(i))}`);
    let value = '';
    i++;
    while (text[i] !== quote) {
      if (i >= text.length) throw new Error(`Unterminated Python string literal in ${JSON.stringify(text)}`);
      if (text[i] !== '\\') {
        value += text[i++];
        continue;
      }
      const esc = text[i + 1];
      const hexLength = { x: 2, u: 4, U: 8 }[esc as 'x' | 'u' | 'U'];
      if (hexLength) {
        value += String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + hexLength), 16));
        i += 2 + hexLength;
      } else {
        value += { n: '\n', t: '\t', r: '\r' }[esc as 'n' | 't' | 'r'] ?? esc;
        i += 2;
      }
    }
    out.push(value);
    i++;
    if (text[i] === ' ') i++;
  }
  return out;
}

interface PipInstall {
  indexUrls: string[];
  trustedHosts: string[];
  parts: string[];
}

function parsePipInstall(command: string): PipInstall {
  const prefix = 'python3 -m pip install --quiet --no-warn-script-location ';
  if (!command.startsWith(prefix)) throw new Error(`Not a pip install command: ${JSON.stringify(command)}`);
  let rest = command.slice(prefix.length);
  const result: PipInstall = { indexUrls: [], trustedHosts: [], parts: [] };
  for (;;) {
    const option = /^--(index-url|extra-index-url|trusted-host) (\S+) /.exec(rest);
    if (!option) break;
    (option[1] === 'trusted-host' ? result.trustedHosts : result.indexUrls).push(option[2]);
    rest = rest.slice(option[0].length);
  }
  result.parts = parsePythonStringLiterals(rest);
  return result;
}

const isInjectedKfpInstall = (parts: string[]) =>
  parts.length === 3 && /^kfp==\S+$/.test(parts[0]) && parts[1] === '--no-deps' && parts[2].startsWith('typing-extensions');

type Inferred = { options: Omit<PythonExecutorOptions, 'functionName' | 'source'> } | { unsupported: string };

/** Reads the decorator arguments back from the `sh -c` pip install prefix of a golden command. */
function inferInstallOptions(command: string[]): Inferred {
  if (command[0] !== 'sh' || command[1] !== '-c') return { options: { installKfpPackage: false } };
  const body = /PIP_DISABLE_PIP_VERSION_CHECK=1 ([\s\S]*) && "\$0" "\$@"\n$/.exec(command[2])?.[1];
  if (body === undefined) return { unsupported: 'unrecognised pip install prefix' };
  const venv = /\nexport PIP_DISABLE_PIP_VERSION_CHECK=1\n[\s\S]*?\/bin\/activate"\n/;
  const useVenv = venv.test(body);
  const installs = body
    .replace(venv, '')
    .split(/\s+&&\s+/)
    .map((segment) => parsePipInstall(segment.trim()));
  const options: Omit<PythonExecutorOptions, 'functionName' | 'source'> = {};
  if (useVenv) options.useVenv = true;
  if (installs[0].indexUrls.length > 0) options.pipIndexUrls = installs[0].indexUrls;
  if (installs[0].trustedHosts.length > 0) options.pipTrustedHosts = installs[0].trustedHosts;

  const last = installs[installs.length - 1];
  if (installs.length === 2 && isInjectedKfpInstall(installs[0].parts)) {
    return { unsupported: 'KFP is installed before the user packages (ordering of KFP SDKs before 2.14)' };
  }
  if (installs.length > 2) return { unsupported: `${installs.length} pip install commands` };
  if (isInjectedKfpInstall(last.parts)) {
    options.kfpVersion = last.parts[0].slice('kfp=='.length);
    if (installs.length === 2) options.packagesToInstall = installs[0].parts;
  } else if (installs.length === 2 || (useVenv && !last.parts.some((p) => p.startsWith('kfp')))) {
    // A non-standard last install is `kfp_package_path` (the venv is only created before installing KFP).
    options.kfpPackagePath = last.parts[0];
    options.kfpPackagePathNoDeps = last.parts[1] === '--no-deps';
    if (installs.length === 2) options.packagesToInstall = installs[0].parts;
  } else {
    // Only user packages: either KFP is among them or installing it was switched off.
    options.packagesToInstall = last.parts;
    if (!last.parts.some((p) => p.startsWith('kfp'))) options.installKfpPackage = false;
  }
  return { options };
}

function inferOptions(c: PythonExecutorCase): { options: PythonExecutorOptions } | { unsupported: string } {
  const command = c.container.command ?? [];
  const install = inferInstallOptions(command);
  if ('unsupported' in install) return install;
  const functionName = functionToExecute(c.container);
  if (isContainerizedPythonComponent(c.container)) {
    return { options: { ...install.options, functionName, source: '', containerized: true } };
  }
  let parts;
  try {
    parts = extractPythonProgramParts(c.yamlText, c.label);
  } catch (error) {
    return { unsupported: (error as Error).message };
  }
  const options: PythonExecutorOptions = { ...install.options, functionName, source: parts.source };
  if (parts.typeImports.length > 0) options.typeImports = parts.typeImports;
  if (parts.additionalFunctions.length > 0) options.additionalFunctions = parts.additionalFunctions;
  if (parts.embeddedArtifact) options.embeddedArtifact = parts.embeddedArtifact;
  if (parts.helperSource !== undefined) options.helperSource = parts.helperSource;
  return { options };
}

describe.skipIf(!existsSync(corpusDir))('pythonExecutorContainer against the compiled corpus', () => {
  const cases = existsSync(corpusDir) ? collectPythonExecutors(corpusDir) : [];
  const matched: string[] = [];
  const unsupported: string[] = [];
  const verbatimHelpers: string[] = [];

  afterAll(() => {
    console.info(
      `Python function executors: ${matched.length}/${cases.length} reproduced byte for byte` +
        (verbatimHelpers.length ? ` (${verbatimHelpers.length} with helper code taken verbatim: ${verbatimHelpers.join(', ')})` : '') +
        (unsupported.length ? `; not reproducible:\n  ${unsupported.join('\n  ')}` : ''),
    );
  });

  it('finds Python function components in the corpus', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (id, c) => {
    const inferred = inferOptions(c);
    if ('unsupported' in inferred) {
      // Only goldens written by other KFP SDK versions may use a different layout.
      expect(id.startsWith('yaml-only/'), `${id}: ${inferred.unsupported}`).toBe(true);
      unsupported.push(`${id}: ${inferred.unsupported}`);
      return;
    }
    const { command, args } = pythonExecutorContainer(inferred.options);
    expect(command).toEqual(c.container.command);
    expect(args).toEqual(c.container.args);
    matched.push(id);
    if (inferred.options.helperSource !== undefined) verbatimHelpers.push(id);
  });

  it('extractPythonFunctionSource returns what reproduces the program', () => {
    const c = cases.find((x) => x.id.startsWith('essential/component_with_pip_index_urls.yaml#'));
    expect(c).toBeDefined();
    const { functionName, source } = extractPythonFunctionSource(c!.yamlText, c!.label);
    expect(functionName).toBe('component_op');
    expect(source.startsWith('def component_op(')).toBe(true);
    const { command } = pythonExecutorContainer({
      functionName,
      source,
      packagesToInstall: ['yapf'],
      pipIndexUrls: ['https://pypi.org/simple'],
    });
    expect(command).toEqual(c!.container.command);
  });
});

describe('pythonExecutorContainer', () => {
  const add = 'def add(a: int, b: int) -> int:\n    return a + b\n';

  it('embeds the function after the standard imports and runs it with the executor', () => {
    const { command, args } = pythonExecutorContainer({ functionName: 'add', source: add });
    expect(command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(command[2]).toContain(`'kfp==2.15.2' '--no-deps' 'typing-extensions>=3.7.4,<5; python_version<"3.9"'`);
    expect(command.slice(3, 5)).toEqual(['sh', '-ec']);
    expect(command[6]).toBe(`\nimport kfp\nfrom kfp import dsl\nfrom kfp.dsl import *\nfrom typing import *\n\n${add}\n`);
    expect(args).toEqual(['--executor_input', '{{$}}', '--function_to_execute', 'add']);
  });

  it('treats decorated, indented, CRLF, blank-padded source like inspect.getsource output', () => {
    const written = '\r\n    @dsl.component(\r\n        base_image="python:3.11",\r\n    )\r\n    def add(a: int, b: int) -> int:\r\n\r\n        return a + b\r\n\r\n   \r\n';
    const program = pythonComponentProgram({ functionName: 'add', source: written });
    expect(program.endsWith('\n\ndef add(a: int, b: int) -> int:\n\n    return a + b\n\n')).toBe(true);
    const commented = pythonFunctionDefinition('# Adds two numbers.\n  def add(a, b):\n    return a + b', 'add');
    expect(commented).toBe('def add(a, b):\n  return a + b\n');
  });

  it('omits the pip prefix when nothing is installed', () => {
    const { command } = pythonExecutorContainer({ functionName: 'add', source: add, installKfpPackage: false });
    expect(command.slice(0, 2)).toEqual(['sh', '-ec']);
  });

  it('does not install KFP when the user packages already name it', () => {
    const [, , script] = pipInstallCommandPrefix({ packagesToInstall: ['kfp-kubernetes'] });
    expect(script).toContain(`--no-warn-script-location 'kfp-kubernetes' && "$0" "$@"`);
    expect(script).not.toContain('kfp==');
  });

  it('adds trusted hosts only when asked, after the index URLs', () => {
    const [, , plain] = pipInstallCommandPrefix({ pipIndexUrls: ['https://a/simple', 'https://b/simple'] });
    expect(plain).toContain('--index-url https://a/simple --extra-index-url https://b/simple \'kfp==');
    const [, , trusted] = pipInstallCommandPrefix({ pipIndexUrls: ['https://a/simple'], pipTrustedHosts: ['a'] });
    expect(trusted).toContain('--index-url https://a/simple --trusted-host a \'kfp==');
    expect(pipInstallCommandPrefix({ pipTrustedHosts: ['a'] })[2]).not.toContain('--trusted-host');
  });

  it('installs KFP from kfpPackagePath, with --no-deps for pull-request refs', () => {
    const pr = 'git+https://github.com/kubeflow/pipelines.git@refs/pull/1/merge#subdirectory=sdk/python';
    expect(pipInstallCommandPrefix({ kfpPackagePath: pr })[2]).toContain(`'${pr}' '--no-deps' && "$0"`);
    expect(pipInstallCommandPrefix({ kfpPackagePath: 'kfp-custom' })[2]).toContain(`'kfp-custom' && "$0"`);
    expect(pipInstallCommandPrefix({ kfpPackagePath: '/w/kfp', kfpPackagePathNoDeps: true })[2]).toContain(
      `'/w/kfp' '--no-deps' && "$0"`,
    );
  });

  it('creates the venv just before installing KFP', () => {
    const [, , script] = pipInstallCommandPrefix({ useVenv: true });
    expect(script).toContain('PIP_DISABLE_PIP_VERSION_CHECK=1 \nexport PIP_DISABLE_PIP_VERSION_CHECK=1\n');
    expect(script).toContain('/bin/activate"\n python3 -m pip install');
    expect(pipInstallCommandPrefix({ useVenv: true, installKfpPackage: false })).toEqual([]);
  });

  it('runs containerized components from the image, still installing user packages', () => {
    const { command, args } = pythonExecutorContainer({
      functionName: 'add',
      source: '',
      containerized: true,
      packagesToInstall: ['pandas'],
    });
    expect(command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(command[2]).not.toContain('kfp==');
    expect(command.slice(3)).toEqual(['python3', '-m', 'kfp.dsl.executor_main']);
    expect(args).toEqual(['--executor_input', '{{$}}', '--function_to_execute', 'add']);
  });

  it('writes imports for custom types and embeds additional functions before the function', () => {
    const program = pythonComponentProgram({
      functionName: 'add',
      source: add,
      typeImports: ['aiplatform', 'google.types.VertexModel'],
      additionalFunctions: ['  @helper\n  def util():\n      pass\n'],
    });
    expect(program).toBe(
      '\nimport kfp\nfrom kfp import dsl\nfrom kfp.dsl import *\nfrom typing import *\nimport aiplatform\n' +
        `from google.types import VertexModel\n\ndef util():\n    pass\n\n\n${add}\n`,
    );
  });

  describe('rejects invalid input', () => {
    it('source without the function', () => {
      expect(() => pythonExecutorContainer({ functionName: 'add', source: 'x = 1\n' })).toThrow(/no `def add\(`/);
      expect(() => pythonExecutorContainer({ functionName: 'add', source: '   \n' })).toThrow(/empty/);
    });
    it('source whose first function is another one', () => {
      expect(() => pythonExecutorContainer({ functionName: 'add', source: 'def sub(a, b):\n    return a - b\n' })).toThrow(
        /must start with `def add\(`/,
      );
    });
    it('function nested deeper than the rest of the source', () => {
      expect(() => pythonExecutorContainer({ functionName: 'add', source: 'class A:\n    def add(self):\n        pass\n' })).toThrow(
        /no `def add\(`/,
      );
    });
    it('a function name that is not a Python identifier', () => {
      expect(() => pythonExecutorContainer({ functionName: 'my-fn', source: add })).toThrow(/identifier/);
    });
    it('conflicting or misplaced options', () => {
      const archive = { archiveBase64: 'AAAA' };
      expect(() => pythonExecutorContainer({ functionName: 'add', source: add, embeddedArtifact: archive, helperSource: 'x = 1' })).toThrow(
        /mutually exclusive/,
      );
      expect(() => pythonExecutorContainer({ functionName: 'add', source: add, containerized: true, additionalFunctions: [add] })).toThrow(
        /lightweight/,
      );
      expect(() => pythonExecutorContainer({ functionName: 'add', source: add, pipIndexUrls: ['a b'] })).toThrow(/whitespace/);
      expect(() => pythonExecutorContainer({ functionName: 'add', source: add, typeImports: ['a b'] })).toThrow(/dotted/);
      expect(() => pythonExecutorContainer({ functionName: 'add', source: add, kfpPackagePathNoDeps: true })).toThrow(
        /kfpPackagePath/,
      );
      expect(() =>
        pythonExecutorContainer({ functionName: 'add', source: add, embeddedArtifact: { archiveBase64: 'A', fileName: "a'b" } }),
      ).toThrow(/fileName/);
    });
    it('a containerized component whose given source lacks the function', () => {
      expect(() => pythonExecutorContainer({ functionName: 'add', source: 'def sub():\n  pass\n', containerized: true })).toThrow(
        /def add\(/,
      );
    });
  });
});

describe('Python text helpers', () => {
  it('pythonStringRepr quotes like repr()', () => {
    expect(pythonStringRepr('plain')).toBe("'plain'");
    expect(pythonStringRepr('a"b')).toBe(`'a"b'`);
    expect(pythonStringRepr("a'b")).toBe(`"a'b"`);
    expect(pythonStringRepr(`a'b"c`)).toBe(`'a\\'b"c'`);
    expect(pythonStringRepr('a\\b\n\t\x01\x7f\u00a0é')).toBe("'a\\\\b\\n\\t\\x01\\x7f\\xa0é'");
  });

  it('pythonDedent follows textwrap.dedent', () => {
    expect(pythonDedent('    a\n      b\n  \n    c')).toBe('a\n  b\n\nc');
    expect(pythonDedent('\ta\n  b')).toBe('\ta\n  b');
    expect(pythonDedent('  \ta\n  \t b')).toBe('a\n b');
  });

  it('pythonFunctionDefinition drops multi-line decorators', () => {
    expect(pythonFunctionDefinition('@a(\n  x=1)\n@b\ndef f():\n  pass', 'f')).toBe('def f():\n  pass\n');
  });
});
