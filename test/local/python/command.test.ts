/**
 * How a compiled Python component's command line becomes a local command: which shapes are recognised,
 * which packages it needs (read back from its pip script) and how a missing one is reported, which
 * Python runs it, and when the installed KFP SDK is used instead of the stand-in.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { containerComponent, pythonComponent, t } from '@kfp-ts/dsl';
import { pipInstallCommandPrefix } from '../../../packages/dsl/src/components/python-executor.js';
import { LocalRunError } from '../../../packages/compiler/src/local/errors.js';
import {
  defaultLocalPython,
  isPythonComponentCommand,
  kfpShimPath,
  localPythonCommand,
} from '../../../packages/compiler/src/local/python/index.js';
import { pipRequirements, parseRequirement } from '../../../packages/compiler/src/local/python/requirements.js';
import { cleanUpRuns, newRunFolder, PYTHON, runExecutor, specOf } from './harness.js';

afterAll(cleanUpRuns);

const root = newRunFolder();
const commandOf = (spec: Record<string, any>, label: string): string[] => {
  const c = spec.deploymentSpec.executors[label].container;
  return [...c.command, ...c.args];
};
const localError = (run: () => unknown): LocalRunError => {
  try {
    run();
  } catch (error) {
    if (error instanceof LocalRunError) return error;
    throw error;
  }
  throw new Error('expected a LocalRunError');
};

const versionSource = (modules: string[]) => `
def versions() -> str:
    import importlib
    return ','.join(importlib.import_module(m).__name__ for m in ${JSON.stringify(modules)})
`;

describe('packages the component installs', () => {
  it('runs without pip when they are installed, mapping project names to the modules they provide', () => {
    const comp = pythonComponent({
      functionName: 'versions',
      source: versionSource(['numpy', 'yaml', 'dateutil']),
      packagesToInstall: ['numpy>=1.20', 'PyYAML', 'python_dateutil[extra]==2.*'],
      outputs: { Output: t.string() },
    });
    const run = runExecutor(specOf(comp), 'exec-versions', { root });
    expect(run.stderr).toBe('');
    expect(run.outputParameters).toEqual({ Output: 'numpy,yaml,dateutil' });
  });

  it('names the task and the missing packages in one line, before anything runs', () => {
    const comp = pythonComponent({
      functionName: 'versions',
      source: versionSource([]),
      packagesToInstall: ['numpy', 'no-such-package-kfpts==1.0', 'another_missing_kfpts'],
      pipIndexUrls: ['https://pypi.example.com/simple'],
    });
    const taskDir = join(root, 'missing');
    const error = localError(() => localPythonCommand(commandOf(specOf(comp), 'exec-versions'), { task: 'train', python: PYTHON, taskDir }));
    expect(error.task).toBe('train');
    expect(error.message).toBe(
      `task 'train': Python packages not installed for ${PYTHON}: no-such-package-kfpts==1.0, another_missing_kfpts ` +
        '(local runs do not pip install; install them for this Python, or set KFP_TS_PYTHON to a Python that has them)',
    );
    expect(error.message).not.toContain('\n');
  });

  it('skips packages whose environment marker does not apply to this Python, and KFP itself', () => {
    const comp = pythonComponent({
      functionName: 'versions',
      source: versionSource(['numpy']),
      packagesToInstall: ['kfp==2.7.0', 'no-such-package-kfpts; python_version < "3"', 'numpy; python_version >= "3"'],
      outputs: { Output: t.string() },
    });
    const run = runExecutor(specOf(comp), 'exec-versions', { root });
    expect(run.outputParameters).toEqual({ Output: 'numpy' });
    // KFP is not installed here, so the stand-in runs the function.
    expect(run.env.PYTHONPATH?.split(':')[0]).toBe(kfpShimPath());
  });

  it('accepts every pip script shape: venv, index URLs, a KFP package path, no KFP install', () => {
    const variants = [
      { useVenv: true, packagesToInstall: ['numpy'] },
      { useVenv: true, pipIndexUrls: ['https://a.example/simple', 'https://b.example/simple'], pipTrustedHosts: ['a.example'] },
      { kfpPackagePath: 'git+https://github.com/kubeflow/pipelines.git@refs/pull/1/head#subdirectory=sdk/python' },
      { installKfpPackage: false, packagesToInstall: ['numpy'] },
      { installKfpPackage: false },
    ];
    for (const options of variants) {
      const comp = pythonComponent({ functionName: 'versions', source: versionSource(['numpy']), outputs: { Output: t.string() }, ...options });
      const run = runExecutor(specOf(comp), 'exec-versions', { root });
      expect({ options, code: run.code, stderr: run.stderr }).toEqual({ options, code: 0, stderr: '' });
    }
  });
});

describe('reading requirements back from the pip script', () => {
  it('undoes the Python quoting of each specifier and drops options', () => {
    const [, , script] = pipInstallCommandPrefix({
      packagesToInstall: ["pkg-a>=1; python_version != '2.7'", 'tab\there', 'pkg @ https://host/pkg.tar.gz ; sys_platform == "linux"'],
      pipIndexUrls: ['https://a.example/simple'],
      pipTrustedHosts: ['a.example'],
    });
    expect(pipRequirements(script).map((r) => [r.specifier, r.name, r.marker ?? null])).toEqual([
      ["pkg-a>=1; python_version != '2.7'", 'pkg-a', "python_version != '2.7'"],
      ['tab\there', 'tab', null],
      ['pkg @ https://host/pkg.tar.gz ; sys_platform == "linux"', 'pkg', 'sys_platform == "linux"'],
      ['kfp==2.15.2', 'kfp', null],
      ['typing-extensions>=3.7.4,<5; python_version<"3.9"', 'typing-extensions', 'python_version<"3.9"'],
    ]);
  });

  it('names projects behind URLs only when the URL says which project it is', () => {
    expect(parseRequirement('git+https://github.com/org/repo.git#egg=My_Tool')?.name).toBe('my-tool');
    expect(parseRequirement('https://files.example/torch-2.1.0-cp311-cp311-linux_x86_64.whl')?.name).toBe('torch');
    expect(parseRequirement('git+https://github.com/org/repo.git')).toBeUndefined();
    expect(parseRequirement('--no-deps')).toBeUndefined();
    expect(parseRequirement('Scikit_Learn>=1.2')?.modules).toEqual(['sklearn']);
    expect(parseRequirement('some.dotted-name')?.modules).toEqual(['some_dotted_name']);
  });
});

describe('the command line', () => {
  const hello = pythonComponent({ functionName: 'hello', source: 'def hello():\n    pass\n' });

  it('writes the function module into the task folder and runs it through the executor module', () => {
    const command = commandOf(specOf(hello), 'exec-hello');
    const taskDir = join(root, 'hello');
    const { argv, env } = localPythonCommand(command, { task: 'hello', python: PYTHON, taskDir });
    const modulePath = join(taskDir, 'ephemeral_component.py');
    expect(argv).toEqual([PYTHON, '-m', 'kfp.dsl.executor_main', '--component_module_path', modulePath, '--executor_input', '{{$}}', '--function_to_execute', 'hello']);
    expect(readFileSync(modulePath, 'utf8')).toBe(command[command.indexOf('sh', 3) + 3]);
    expect(env).toEqual({ _KFP_RUNTIME: 'true', PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: expect.stringMatching(/kfp_local_shim/) });
  });

  it('refuses containerized Python components, whose code is only in their image', () => {
    const containerized = pythonComponent({ functionName: 'hello', source: '', targetImage: 'registry.example/hello:1' });
    const command = commandOf(specOf(containerized), 'exec-hello');
    expect(isPythonComponentCommand(command)).toBe(true);
    const error = localError(() => localPythonCommand(command, { task: 'hello', python: PYTHON, taskDir: join(root, 'c') }));
    expect(error.message).toBe(
      "task 'hello': a containerized Python component (target image) runs code that only its image holds; it cannot run with the local Python",
    );
  });

  it('refuses other command lines', () => {
    const echo = containerComponent({ name: 'echo', image: 'alpine', command: ['sh', '-ec', 'echo "$0"'], args: ['hi'] });
    const command = commandOf(specOf(echo), 'exec-echo');
    expect(isPythonComponentCommand(command)).toBe(false);
    expect(localError(() => localPythonCommand(command, { task: 'echo', taskDir: join(root, 'e') })).message).toBe(
      "task 'echo': the command line is not that of a Python function component",
    );
  });

  it('reports a Python that cannot be started', () => {
    const command = commandOf(specOf(hello), 'exec-hello');
    const error = localError(() => localPythonCommand(command, { task: 'hello', python: '/no/such/python3', taskDir: join(root, 'p') }));
    expect(error.message).toBe("task 'hello': Python interpreter '/no/such/python3' not found; set KFP_TS_PYTHON to a python3 executable");
  });

  it('chooses KFP_TS_PYTHON, else /usr/bin/python3, as the Python', () => {
    expect(defaultLocalPython({ KFP_TS_PYTHON: '/opt/py/bin/python3' })).toBe('/opt/py/bin/python3');
    expect(defaultLocalPython({})).toBe('/usr/bin/python3');
  });
});

describe('an installed KFP SDK', () => {
  const saved = process.env.PYTHONPATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.PYTHONPATH;
    else process.env.PYTHONPATH = saved;
  });

  it('is used instead of the stand-in when `kfp.dsl.executor_main` imports', () => {
    // A package that stands for the real SDK and says so when it runs.
    const site = join(root, 'site-packages');
    mkdirSync(join(site, 'kfp/dsl'), { recursive: true });
    writeFileSync(join(site, 'kfp/__init__.py'), '');
    writeFileSync(join(site, 'kfp/dsl/__init__.py'), '');
    writeFileSync(join(site, 'kfp/dsl/executor_main.py'), 'import sys\nprint("installed executor", sys.argv[1:3])\n');
    process.env.PYTHONPATH = site;

    const hello = pythonComponent({ functionName: 'hello', source: 'def hello():\n    pass\n' });
    const run = runExecutor(specOf(hello), 'exec-hello', { root });
    expect(run.env).toEqual({ _KFP_RUNTIME: 'true', PYTHONUNBUFFERED: '1' });
    expect(run.stdout).toBe(`installed executor ['--component_module_path', '${join(run.taskDir, 'ephemeral_component.py')}']\n`);
  });
});
