/**
 * The Python that runs function components locally, and what it has installed. Local runs never
 * `pip install`: the packages a component asks for must already be importable by this Python.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { LocalRunError } from '../errors.js';
import type { PipRequirement } from './requirements.js';

/** The environment variable that chooses the Python of local runs. */
export const LOCAL_PYTHON_ENV = 'KFP_TS_PYTHON';

/**
 * The Python to run components with: `KFP_TS_PYTHON` when set, else `/usr/bin/python3` when it exists,
 * else `python3` from `PATH`.
 */
export function defaultLocalPython(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env[LOCAL_PYTHON_ENV]?.trim();
  if (chosen) return chosen;
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

export interface PythonEnvironmentCheck {
  /** The requirements this Python lacks (whose marker applies here). */
  readonly missing: readonly PipRequirement[];
  /** Whether the KFP SDK's executor module imports. */
  readonly hasKfp: boolean;
}

/**
 * Checks in one Python process which requirements are importable (one of their modules is found, or
 * the project is installed under its name) and whether KFP is. Environment markers are evaluated with
 * the `packaging` library pip carries; a marker it cannot evaluate counts as applying.
 */
const CHECK_SCRIPT = `
import importlib, importlib.util, json, os, sys
try:
    import importlib.metadata as metadata
except ImportError:
    metadata = None
request = json.loads(sys.argv[1])

def marker_applies(marker):
    if not marker:
        return True
    for module in ('pip._vendor.packaging.markers', 'packaging.markers'):
        try:
            return importlib.import_module(module).Marker(marker).evaluate()
        except ImportError:
            continue
        except Exception:
            return True
    return True

def module_found(name):
    try:
        return importlib.util.find_spec(name) is not None
    except Exception:
        return False

def project_installed(name):
    if metadata is None:
        return False
    try:
        metadata.distribution(name)
        return True
    except Exception:
        return False

def kfp_importable():
    os.environ['_KFP_RUNTIME'] = 'true'
    try:
        import kfp.dsl.executor_main
        return True
    except Exception:
        return False

missing = [
    index for index, r in enumerate(request)
    if marker_applies(r.get('marker'))
    and not any(module_found(m) for m in r['modules'])
    and not project_installed(r['name'])
]
print(json.dumps({'missing': missing, 'kfp': kfp_importable()}))
`;

const checks = new Map<string, PythonEnvironmentCheck>();

/**
 * What `python` has of `requirements` (cached per interpreter, requirement list and `PYTHONPATH`).
 *
 * @throws LocalRunError when the interpreter cannot be started.
 */
export function checkPythonEnvironment(
  python: string,
  requirements: readonly PipRequirement[],
  task: string,
): PythonEnvironmentCheck {
  const request = requirements.map((r) => ({ name: r.name, modules: r.modules, ...(r.marker ? { marker: r.marker } : {}) }));
  const key = JSON.stringify([python, request, process.env.PYTHONPATH ?? '']);
  const cached = checks.get(key);
  if (cached) return cached;

  const run = spawnSync(python, ['-c', CHECK_SCRIPT, JSON.stringify(request)], { encoding: 'utf8', timeout: 60_000 });
  if (run.error) {
    const reason = (run.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : run.error.message;
    throw new LocalRunError(`Python interpreter '${python}' ${reason}; set ${LOCAL_PYTHON_ENV} to a python3 executable`, task);
  }
  const lastLine = (text: string) => text.trim().split('\n').pop() ?? '';
  if (run.status !== 0) {
    throw new LocalRunError(`'${python}' could not check the component's packages: ${lastLine(run.stderr) || `exit code ${run.status}`}`, task);
  }
  const answer = JSON.parse(lastLine(run.stdout)) as { missing: number[]; kfp: boolean };
  const result = { missing: answer.missing.map((i) => requirements[i]), hasKfp: answer.kfp };
  checks.set(key, result);
  return result;
}
