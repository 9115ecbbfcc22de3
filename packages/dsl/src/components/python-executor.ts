/**
 * Container `command`/`args` for Python function components.
 *
 * The KFP Python SDK turns a `@dsl.component`-decorated function into a container whose command
 * installs packages with pip, writes the function's source into a temporary module and runs it
 * through `kfp.dsl.executor_main`. KFP backends and caches compare these strings verbatim, so the
 * output here must be identical, character for character, to what the Python SDK emits for the
 * same function and decorator arguments (the reference is the SDK that reports version 2.15.2 and
 * compiled the conformance corpus).
 *
 * @module
 */

/** Default KFP SDK version pinned in the `pip install kfp==<version>` step. */
export const DEFAULT_KFP_VERSION = '2.15.2';

/** Module that runs a component function inside the container. */
export const PYTHON_EXECUTOR_MODULE = 'kfp.dsl.executor_main';

/** Placeholder the backend replaces with the JSON-encoded executor input. */
const EXECUTOR_INPUT_PLACEHOLDER = '{{$}}';

/** An archive embedded into the program (what `embedded_artifact_path` produces in Python). */
export interface EmbeddedArtifactArchive {
  /** Base64 of the gzip-compressed tar archive holding the embedded file or directory. */
  archiveBase64: string;
  /**
   * Name of the embedded file when a single file (not a directory) was archived; the program then
   * also defines `__KFP_EMBEDDED_ASSET_FILE` pointing at it.
   */
  fileName?: string;
}

/**
 * Options of a Python function component, mirroring the arguments of KFP's `@dsl.component`
 * decorator that change the container command or args.
 */
export interface PythonExecutorOptions {
  /** Name of the Python function to execute (`--function_to_execute`). */
  functionName: string;
  /**
   * The function's Python source as the user wrote it: a `def` with its body, optionally preceded
   * by decorator lines and indented as a whole. It is normalised the way the Python SDK treats
   * `inspect.getsource` output (see {@link pythonFunctionDefinition}). The source should contain
   * only this function; any other top-level code after it would be embedded as well.
   *
   * Not embedded for containerized components; there it is only checked when non-empty.
   */
  source: string;
  /** `packages_to_install`: pip requirement specifiers installed before the function runs. */
  packagesToInstall?: string[];
  /**
   * `pip_index_urls`: the first becomes `--index-url`, the rest `--extra-index-url`. Applied to
   * every pip install of the component, including the one that installs KFP.
   */
  pipIndexUrls?: string[];
  /**
   * `pip_trusted_hosts`: each becomes `--trusted-host <host>`, only when `pipIndexUrls` is
   * non-empty. When omitted no `--trusted-host` is emitted: the reference SDK does not derive
   * trusted hosts from the index URLs (the `sdk-2.15.2` release tag still did; the compiler that
   * produced the corpus, also reporting 2.15.2, no longer does).
   */
  pipTrustedHosts?: string[];
  /**
   * `install_kfp_package` (default `true`): install the KFP SDK at runtime. Ignored for
   * containerized components, and skipped when any of `packagesToInstall` starts with `kfp`
   * (the user is taken to have pinned KFP themselves; note this also matches e.g. `kfp-kubernetes`).
   */
  installKfpPackage?: boolean;
  /** `kfp_package_path`: pip-installable location of KFP, used instead of `kfp==<kfpVersion>`. */
  kfpPackagePath?: string;
  /**
   * Whether `'--no-deps'` follows `kfpPackagePath`. Defaults to `true` when the path contains
   * `@refs/pull/` (a GitHub pull-request ref), as the Python SDK does. The Python SDK also adds it
   * when the path exists on the compiling machine's file system; set `true` for such local paths.
   */
  kfpPackagePathNoDeps?: boolean;
  /** KFP SDK version installed at runtime (`kfp==<version>`); defaults to {@link DEFAULT_KFP_VERSION}. */
  kfpVersion?: string;
  /**
   * `use_venv`: create and activate a virtual environment (inheriting system site packages) right
   * before KFP is installed. Like the Python SDK, this only takes effect when KFP is installed at
   * runtime; user packages listed in `packagesToInstall` are installed before it, outside the venv.
   */
  useVenv?: boolean;
  /**
   * `target_image` mode: the function is baked into the image, so the command runs the executor
   * module directly instead of embedding the source. KFP is not installed at runtime, but
   * `packagesToInstall` still is.
   */
  containerized?: boolean;
  /**
   * `additional_funcs`: sources of helper functions embedded before the main function, in order.
   * Each is normalised like `source`.
   */
  additionalFunctions?: string[];
  /**
   * Dotted names the function's annotations need imported: custom (non-KFP) artifact classes and
   * pydantic models, e.g. `aiplatform` → `import aiplatform`, `aiplatform.VertexModel` →
   * `from aiplatform import VertexModel`. The Python SDK derives them from the annotations; list
   * each once, in the order the parameters (then the return annotation) reference them.
   */
  typeImports?: string[];
  /** `embedded_artifact_path`, given as the already-built archive. Excludes `helperSource`. */
  embeddedArtifact?: EmbeddedArtifactArchive;
  /**
   * Verbatim helper code placed between the imports and the function, as the Python SDK does for
   * notebook components (its notebook runner template). Excludes `embeddedArtifact`.
   */
  helperSource?: string;
}

/** The container command and args of a Python function component. */
export interface PythonExecutorContainer {
  command: string[];
  args: string[];
}

/** Imports every embedded program starts with. */
const PROGRAM_IMPORTS = ['import kfp', 'from kfp import dsl', 'from kfp.dsl import *', 'from typing import *'];

/**
 * Shell program that writes the embedded source (`$0`) to a file and runs it through the
 * executor module. The long runs of spaces come from backslash line continuations in the Python
 * SDK's template and are part of the reference output.
 */
const PROGRAM_RUNNER = [
  'program_path=$(mktemp -d)',
  '',
  'printf "%s" "$0" > "$program_path/ephemeral_component.py"',
  `_KFP_RUNTIME=true python3 -m ${PYTHON_EXECUTOR_MODULE}` +
    ' '.repeat(25) +
    '--component_module_path' +
    ' '.repeat(25) +
    '"$program_path/ephemeral_component.py"' +
    ' '.repeat(25) +
    '"$@"',
  '',
].join('\n');

/** Shell that makes sure pip exists, runs the pip commands, then execs the rest of the command. */
function pipInstallScript(pipInstallCommands: string): string {
  return [
    '',
    'if ! [ -x "$(command -v pip)" ]; then',
    '    python3 -m ensurepip || python3 -m ensurepip --user || apt-get install python3-pip',
    'fi',
    '',
    `PIP_DISABLE_PIP_VERSION_CHECK=1 ${pipInstallCommands} && "$0" "$@"`,
    '',
  ].join('\n');
}

/** Shell that creates and activates a venv in a temporary directory (inserted before the KFP install). */
const USE_VENV_SCRIPT = [
  '',
  'export PIP_DISABLE_PIP_VERSION_CHECK=1',
  'tmp=$(mktemp -d)',
  'python3 -m venv "$tmp/venv" --system-site-packages',
  '. "$tmp/venv/bin/activate"',
  '',
].join('\n');

/** Requirement specifiers that install the pinned KFP SDK without pulling its dependencies. */
function kfpInstallParts(kfpVersion: string): string[] {
  return [`kfp==${kfpVersion}`, '--no-deps', 'typing-extensions>=3.7.4,<5; python_version<"3.9"'];
}

const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;
const DOTTED_NAME = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*(\.[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*)*$/u;

/** Characters Python's `str.isprintable()` rejects (everything in these categories but the space). */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/**
 * Python's `repr()` of a `str`. Package specifiers are written into the pip command this way, so
 * the quoting (single quotes unless the text holds a `'` and no `"`) and escapes must match.
 */
export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) {
      const code = ch.codePointAt(0) ?? 0;
      if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += `\\U${code.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

/**
 * Python's `textwrap.dedent`: lines holding only spaces/tabs become empty, then the longest
 * whitespace prefix common to all other lines is removed. Tabs and spaces are not equivalent.
 */
export function pythonDedent(text: string): string {
  const lines = text.split('\n').map((line) => (/^[ \t]+$/.test(line) ? '' : line));
  let margin: string | undefined;
  for (const line of lines) {
    const indent = /^([ \t]*)[^ \t]/.exec(line)?.[1];
    if (indent === undefined) continue;
    if (margin === undefined || margin.startsWith(indent)) margin = indent;
    else if (!indent.startsWith(margin)) {
      let i = 0;
      while (i < margin.length && margin[i] === indent[i]) i++;
      margin = margin.slice(0, i);
    }
  }
  if (!margin) return lines.join('\n');
  const prefix = margin;
  return lines.map((line) => (line.startsWith(prefix) ? line.slice(prefix.length) : line)).join('\n');
}

/**
 * Normalises a function's source the way the Python SDK embeds it.
 *
 * First the text is shaped like `inspect.getsource` output (universal newlines; from the first
 * line that is not blank or a comment to the last non-blank one; newline-terminated), then it is dedented and everything before the first
 * line starting with `def` (decorators) is dropped, as the SDK does.
 *
 * @param functionName when given, the remaining text must start with `def <functionName>(`.
 * @throws Error when the source has no top-level `def`, or the first one is not `functionName`.
 */
export function pythonFunctionDefinition(source: string, functionName?: string): string {
  const lines = source
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  // inspect.getsource starts at the first decorator and ends with the body's last line, so blank
  // or comment lines before it and blank lines after it are not part of what gets dedented.
  while (lines.length > 0 && (lines[0].trim() === '' || lines[0].trimStart().startsWith('#'))) lines.shift();
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const expected = functionName === undefined ? '`def <name>(`' : `\`def ${functionName}(\``;
  if (lines.length === 0) throw new Error(`Python source is empty; expected a function definition ${expected}.`);
  const dedented = pythonDedent(lines.join('\n') + '\n').split('\n');
  const start = dedented.findIndex((line) => line.startsWith('def'));
  if (start < 0) {
    throw new Error(
      `Python source contains no ${expected} at its outermost indentation ` +
        '(only decorators may precede the function, and the whole function must be indented consistently).',
    );
  }
  const defLine = dedented[start];
  const name = /^def\s+([^\s([]+)\s*[([]/u.exec(defLine)?.[1];
  if (name === undefined || (functionName !== undefined && name !== functionName)) {
    throw new Error(
      `Python source must start with ${expected} (after optional decorators), found: ${JSON.stringify(defLine)}.`,
    );
  }
  return dedented.slice(start).join('\n');
}

/**
 * The helper the Python SDK places before the function when `embedded_artifact_path` is set: it
 * extracts the archive into a temporary directory and prepends it to `sys.path`.
 */
export function embeddedArtifactHelperSource(archive: EmbeddedArtifactArchive): string {
  const { archiveBase64, fileName } = archive;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(archiveBase64)) {
    throw new Error('embeddedArtifact.archiveBase64 must be standard base64 without line breaks.');
  }
  if (fileName !== undefined && (fileName === '' || /['\\\n\r/]/.test(fileName))) {
    throw new Error(
      `embeddedArtifact.fileName must be a plain file name without quotes, backslashes, slashes or newlines, got ${JSON.stringify(fileName)}.`,
    );
  }
  const fileAssignment = fileName
    ? `\n__KFP_EMBEDDED_ASSET_FILE = __kfp_os.path.join(__KFP_EMBEDDED_ASSET_DIR, '${fileName}')\n`
    : '';
  return [
    `__KFP_EMBEDDED_ARCHIVE_B64 = '${archiveBase64}'`,
    '',
    'import base64 as __kfp_b64',
    'import io as __kfp_io',
    'import os as __kfp_os',
    'import sys as __kfp_sys',
    'import tarfile as __kfp_tarfile',
    'import tempfile as __kfp_tempfile',
    '',
    '# Extract embedded archive at import time to ensure sys.path and globals are set',
    '__kfp_tmpdir = __kfp_tempfile.TemporaryDirectory()',
    '__KFP_EMBEDDED_ASSET_DIR = __kfp_tmpdir.name',
    'try:',
    "    __kfp_bytes = __kfp_b64.b64decode(__KFP_EMBEDDED_ARCHIVE_B64.encode('ascii'))",
    "    with __kfp_tarfile.open(fileobj=__kfp_io.BytesIO(__kfp_bytes), mode='r:gz') as __kfp_tar:",
    '        __kfp_tar.extractall(path=__KFP_EMBEDDED_ASSET_DIR)',
    'except Exception as __kfp_e:',
    "    raise RuntimeError(f'Failed to extract embedded archive: {__kfp_e}')",
    '',
    '# Always prepend the extracted directory to sys.path for import resolution',
    'if __KFP_EMBEDDED_ASSET_DIR not in __kfp_sys.path:',
    '    __kfp_sys.path.insert(0, __KFP_EMBEDDED_ASSET_DIR)',
    fileAssignment,
    '',
  ].join('\n');
}

/** `import x` for a bare module, `from a.b import C` for a dotted name, as the Python SDK writes them. */
function importStatement(dottedName: string): string {
  const dot = dottedName.lastIndexOf('.');
  return dot < 0 ? `import ${dottedName}` : `from ${dottedName.slice(0, dot)} import ${dottedName.slice(dot + 1)}`;
}

/**
 * The Python program embedded in a lightweight component's command: the fixed imports, type
 * imports, additional functions, helper code, then the function itself.
 */
export function pythonComponentProgram(
  opts: Pick<PythonExecutorOptions, 'functionName' | 'source' | 'additionalFunctions' | 'typeImports' | 'embeddedArtifact' | 'helperSource'>,
): string {
  for (const name of opts.typeImports ?? []) {
    if (!DOTTED_NAME.test(name)) throw new Error(`typeImports entries must be dotted Python names, got ${JSON.stringify(name)}.`);
  }
  if (opts.embeddedArtifact !== undefined && opts.helperSource !== undefined) {
    throw new Error('embeddedArtifact and helperSource are mutually exclusive: both define the helper code.');
  }
  const imports = [...PROGRAM_IMPORTS, ...(opts.typeImports ?? []).map(importStatement)];
  const functionSource = pythonFunctionDefinition(opts.source, opts.functionName);
  const additional = (opts.additionalFunctions ?? []).map((src) => pythonFunctionDefinition(src));
  const additionalBlock = additional.length > 0 ? '\n\n' + additional.join('\n\n') : '';
  const helper =
    opts.embeddedArtifact !== undefined ? embeddedArtifactHelperSource(opts.embeddedArtifact) : opts.helperSource;
  // An empty helper counts as none, as in the Python SDK.
  const helperBlock = helper ? `\n\n${helper}\n` : '';
  return `\n${imports.join('\n')}${additionalBlock}${helperBlock}\n\n${functionSource}\n`;
}

/** One `python3 -m pip install` invocation; index options are raw, package specifiers Python-quoted. */
function pipInstallCommand(installParts: string[], indexUrlOptions: string): string {
  const parts = installParts.map(pythonStringRepr).join(' ');
  return `python3 -m pip install --quiet --no-warn-script-location ${indexUrlOptions}${parts}`;
}

/** `--index-url`/`--extra-index-url`/`--trusted-host` options, with a trailing space when non-empty. */
function indexUrlOptions(pipIndexUrls: string[] | undefined, pipTrustedHosts: string[] | undefined): string {
  if (!pipIndexUrls || pipIndexUrls.length === 0) return '';
  const [indexUrl, ...extraIndexUrls] = pipIndexUrls;
  const options = [
    `--index-url ${indexUrl}`,
    ...extraIndexUrls.map((url) => `--extra-index-url ${url}`),
    ...(pipTrustedHosts ?? []).map((host) => `--trusted-host ${host}`),
  ];
  return options.join(' ') + ' ';
}

/**
 * The `sh -c` prefix that installs packages before the component runs, or `[]` when there is
 * nothing to install. User packages are installed first, then (unless disabled) KFP itself.
 */
export function pipInstallCommandPrefix(
  opts: Pick<
    PythonExecutorOptions,
    | 'packagesToInstall'
    | 'pipIndexUrls'
    | 'pipTrustedHosts'
    | 'installKfpPackage'
    | 'kfpPackagePath'
    | 'kfpPackagePathNoDeps'
    | 'kfpVersion'
    | 'useVenv'
    | 'containerized'
  >,
): string[] {
  const packages = opts.packagesToInstall ?? [];
  const kfpInUserPackages = packages.some((pkg) => pkg.startsWith('kfp'));
  const injectKfpInstall = (opts.installKfpPackage ?? true) && !opts.containerized && !kfpInUserPackages;
  if (!injectKfpInstall && packages.length === 0) return [];

  const indexOptions = indexUrlOptions(opts.pipIndexUrls, opts.pipTrustedHosts);
  const pieces: string[] = [];
  if (packages.length > 0) {
    pieces.push(pipInstallCommand(packages, indexOptions));
    if (injectKfpInstall) pieces.push(' && ');
  }
  if (injectKfpInstall) {
    if (opts.useVenv) pieces.push(USE_VENV_SCRIPT);
    const path = opts.kfpPackagePath;
    let parts: string[];
    if (path) {
      const noDeps = opts.kfpPackagePathNoDeps ?? path.includes('@refs/pull/');
      parts = noDeps ? [path, '--no-deps'] : [path];
    } else {
      parts = kfpInstallParts(opts.kfpVersion ?? DEFAULT_KFP_VERSION);
    }
    pieces.push(pipInstallCommand(parts, indexOptions));
  }
  // The pieces are joined with single spaces, which is where the doubled spaces around `&&` and
  // the space after the venv script come from.
  return ['sh', '-c', pipInstallScript(pieces.join(' '))];
}

function validateOptions(opts: PythonExecutorOptions): void {
  if (typeof opts.functionName !== 'string' || !IDENTIFIER.test(opts.functionName)) {
    throw new Error(`functionName must be a Python identifier, got ${JSON.stringify(opts.functionName)}.`);
  }
  if (typeof opts.source !== 'string') throw new Error('source must be a string holding the function\'s Python source.');
  const lists = ['packagesToInstall', 'pipIndexUrls', 'pipTrustedHosts', 'additionalFunctions', 'typeImports'] as const;
  for (const key of lists) {
    const value = opts[key];
    if (value !== undefined && (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === ''))) {
      throw new Error(`${key} must be an array of non-empty strings.`);
    }
  }
  for (const key of ['pipIndexUrls', 'pipTrustedHosts'] as const) {
    const bad = opts[key]?.find((item) => /\s/.test(item));
    // These are written into the shell command unquoted, so whitespace would split them.
    if (bad !== undefined) throw new Error(`${key} entries must not contain whitespace, got ${JSON.stringify(bad)}.`);
  }
  if (opts.kfpVersion !== undefined && (typeof opts.kfpVersion !== 'string' || opts.kfpVersion.trim() === '')) {
    throw new Error('kfpVersion must be a non-empty string.');
  }
  if (opts.kfpPackagePathNoDeps !== undefined && !opts.kfpPackagePath) {
    throw new Error('kfpPackagePathNoDeps only applies together with kfpPackagePath.');
  }
  if (opts.containerized) {
    const embedOnly = (['additionalFunctions', 'typeImports', 'embeddedArtifact', 'helperSource'] as const).filter(
      (key) => opts[key] !== undefined,
    );
    if (embedOnly.length > 0) {
      throw new Error(
        `${embedOnly.join(', ')} only apply to lightweight components: a containerized component's code lives in its image.`,
      );
    }
  }
}

/**
 * The container `command` and `args` the KFP Python SDK emits for a Python function component.
 *
 * Lightweight components: `[sh -c <pip install>]? + [sh -ec <runner> <program>]`. Containerized
 * components: `[sh -c <pip install>]? + [python3 -m kfp.dsl.executor_main]`. Both take
 * `--executor_input {{$}} --function_to_execute <functionName>` as args.
 *
 * @throws Error for invalid options or a source that does not define `functionName`.
 */
export function pythonExecutorContainer(opts: PythonExecutorOptions): PythonExecutorContainer {
  validateOptions(opts);
  const prefix = pipInstallCommandPrefix(opts);
  let command: string[];
  if (opts.containerized) {
    if (opts.source.trim() !== '') pythonFunctionDefinition(opts.source, opts.functionName);
    command = [...prefix, 'python3', '-m', PYTHON_EXECUTOR_MODULE];
  } else {
    command = [...prefix, 'sh', '-ec', PROGRAM_RUNNER, pythonComponentProgram(opts)];
  }
  const args = ['--executor_input', EXECUTOR_INPUT_PLACEHOLDER, '--function_to_execute', opts.functionName];
  return { command, args };
}
