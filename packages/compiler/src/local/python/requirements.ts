/**
 * The packages a Python function component installs before it runs, read back from its `sh -c` pip
 * script. Each `python3 -m pip install --quiet --no-warn-script-location` there is followed by optional
 * index options and the requirement specifiers written as Python string literals.
 */

/** One requirement specifier of a pip install, e.g. `scikit-learn>=1.2; python_version >= "3.9"`. */
export interface PipRequirement {
  /** The specifier as the component wrote it. */
  readonly specifier: string;
  /** The project name, normalised (`Scikit_Learn` → `scikit-learn`). */
  readonly name: string;
  /** The environment marker after `;`, if any. */
  readonly marker?: string;
  /** Modules that the project provides, to check that it is importable. */
  readonly modules: readonly string[];
}

const PIP_INSTALL = 'python3 -m pip install --quiet --no-warn-script-location ';
const INDEX_OPTIONS = ['--index-url', '--extra-index-url', '--trusted-host'];

/**
 * The requirements installed by a pip script, in order. Options (`--no-deps`) are dropped, and so are
 * specifiers that name no project (a URL or path without `#egg=`): what they provide cannot be known.
 */
export function pipRequirements(script: string): PipRequirement[] {
  const requirements: PipRequirement[] = [];
  for (let at = script.indexOf(PIP_INSTALL); at >= 0; at = script.indexOf(PIP_INSTALL, at + 1)) {
    for (const specifier of installArguments(script, at + PIP_INSTALL.length)) {
      const requirement = parseRequirement(specifier);
      if (requirement) requirements.push(requirement);
    }
  }
  return requirements;
}

/** The quoted arguments of one pip install starting at `start`, index options skipped. */
function installArguments(script: string, start: number): string[] {
  const args: string[] = [];
  let i = start;
  for (;;) {
    while (script[i] === ' ') i++;
    const option = INDEX_OPTIONS.find((o) => script.startsWith(`${o} `, i));
    if (option) {
      i += option.length;
      while (script[i] === ' ') i++;
      while (i < script.length && !/\s/.test(script[i])) i++;
      continue;
    }
    if (script[i] !== "'" && script[i] !== '"') return args;
    const literal = readPythonString(script, i);
    args.push(literal.value);
    i = literal.end;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', t: '\t', n: '\n', r: '\r' };

/** A Python string literal (as `repr()` writes one) starting at `start`: its value and where it ends. */
function readPythonString(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] !== '\\') {
      value += text[i++];
      continue;
    }
    const kind = text[i + 1];
    const hexLength = kind === 'x' ? 2 : kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
    if (hexLength > 0) {
      value += String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + hexLength), 16));
      i += 2 + hexLength;
    } else if (kind in SIMPLE_ESCAPES) {
      value += SIMPLE_ESCAPES[kind];
      i += 2;
    } else {
      value += '\\';
      i += 1;
    }
  }
  return { value, end: i + 1 };
}

/** PEP 503 normalisation: lower case, runs of `-`, `_`, `.` become one `-`. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const PROJECT_NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;

/** The project a specifier names, or `undefined` for options and for URLs or paths with no name. */
export function parseRequirement(specifier: string): PipRequirement | undefined {
  const text = specifier.trim();
  if (text === '' || text.startsWith('-')) return undefined;
  // `name @ url ; marker` and `name[extra]>=1 ; marker`: the marker follows the last `;` outside the URL.
  const semicolon = text.search(/;\s*[A-Za-z_(]/);
  const body = (semicolon >= 0 ? text.slice(0, semicolon) : text).trim();
  const marker = semicolon >= 0 ? text.slice(semicolon + 1).trim() : undefined;
  let name: string | undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(body) || /^[./~]/.test(body)) {
    name = /[#&]egg=([A-Za-z0-9._-]+)/.exec(body)?.[1] ?? wheelProjectName(body);
  } else {
    name = PROJECT_NAME.exec(body)?.[1];
  }
  if (name === undefined) return undefined;
  const normalized = normalizeProjectName(name);
  return { specifier, name: normalized, ...(marker ? { marker } : {}), modules: modulesOf(normalized) };
}

/** `…/torch-2.1.0-cp311-….whl` → `torch`. */
function wheelProjectName(location: string): string | undefined {
  const file = location.split(/[/?#]/).filter(Boolean).find((part) => part.endsWith('.whl'));
  return file ? file.split('-')[0] : undefined;
}

/** Projects whose import name is not their project name with `-` → `_`. */
const MODULES_BY_PROJECT: Readonly<Record<string, readonly string[]>> = {
  'scikit-learn': ['sklearn'],
  'scikit-image': ['skimage'],
  pillow: ['PIL'],
  pyyaml: ['yaml'],
  'opencv-python': ['cv2'],
  'opencv-python-headless': ['cv2'],
  'opencv-contrib-python': ['cv2'],
  beautifulsoup4: ['bs4'],
  'python-dateutil': ['dateutil'],
  'python-dotenv': ['dotenv'],
  pyjwt: ['jwt'],
  protobuf: ['google.protobuf'],
  grpcio: ['grpc'],
  'google-api-python-client': ['googleapiclient'],
  'google-cloud-aiplatform': ['google.cloud.aiplatform'],
  'google-cloud-bigquery': ['google.cloud.bigquery'],
  'google-cloud-storage': ['google.cloud.storage'],
  'kfp-kubernetes': ['kfp.kubernetes'],
  'kfp-pipeline-spec': ['kfp.pipeline_spec'],
  'psycopg2-binary': ['psycopg2'],
  'mlflow-skinny': ['mlflow'],
  'faiss-cpu': ['faiss'],
  'faiss-gpu': ['faiss'],
  'umap-learn': ['umap'],
  'tensorflow-cpu': ['tensorflow'],
  'msgpack-python': ['msgpack'],
  attrs: ['attr', 'attrs'],
  'onnxruntime-gpu': ['onnxruntime'],
};

function modulesOf(project: string): readonly string[] {
  return MODULES_BY_PROJECT[project] ?? [project.replace(/-/g, '_')];
}
