/**
 * Lightweight components with npm packages installed at start-up: the packages stay out of the bundle, and
 * the command installs them next to it before running it. A stand-in `npm` on the PATH records its
 * arguments and "installs" from this repository's node_modules, so the real command line runs offline.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileToYaml, validateDocuments } from '@kfp-ts/compiler';
import { dumpYaml } from './fixtures/with-packages.js';
import { cleanUpLaunches, launch } from './launcher.js';

const binDir = mkdtempSync(join(tmpdir(), 'kfp-ts-fake-npm-'));
afterAll(() => {
  cleanUpLaunches();
  rmSync(binDir, { recursive: true, force: true });
});

const FAKE_NPM = `#!/bin/sh
printf '%s\\n' "$@" > "$FAKE_NPM_LOG"
prefix=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    *) shift ;;
  esac
done
mkdir -p "$prefix/node_modules"
ln -s "$FAKE_NPM_SOURCE/yaml" "$prefix/node_modules/yaml"
`;

describe('a lightweight component with packagesToInstall', () => {
  const spec = parse(compileToYaml(dumpYaml));
  const container = spec.deploymentSpec.executors['exec-dump-yaml'].container;

  it('runs in its base image and installs the packages before running the bundle', () => {
    expect(validateDocuments(spec)).toEqual([]);
    expect(container.image).toBe('node:22-alpine');
    expect(container.command[2]).toBe(
      'program_path=$(mktemp -d)\n' +
        'printf "%s" "$0" > "$program_path/component.mjs"\n' +
        `npm install --prefix "$program_path" --cache "$program_path/.npm" --no-save --no-package-lock --no-audit --no-fund --loglevel=error --registry 'https://registry.example.com/npm/' 'yaml@^2.0.0'\n` +
        'exec node "$program_path/component.mjs" "$@"\n',
    );
  });

  it('leaves the packages out of the bundle', () => {
    const bundle: string = container.command[3];
    expect(bundle).toMatch(/import \w+ from"yaml"/);
    expect(bundle).not.toContain('class Document');
  });

  it('runs with the installed package', () => {
    const npm = join(binDir, 'npm');
    writeFileSync(npm, FAKE_NPM);
    chmodSync(npm, 0o755);
    const log = join(binDir, 'npm.log');
    const r = launch({
      spec,
      executor: 'exec-dump-yaml',
      parameters: { value: { name: 'kfp', tags: ['a', 'b'] } },
      env: { PATH: `${binDir}:${process.env.PATH}`, FAKE_NPM_LOG: log, FAKE_NPM_SOURCE: resolve('node_modules') },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.outputParameters).toEqual({ text: 'name: kfp\ntags:\n  - a\n  - b\n' });
    const args = readFileSync(log, 'utf8').trim().split('\n');
    expect(args[0]).toBe('install');
    expect(args.slice(-3)).toEqual(['--registry', 'https://registry.example.com/npm/', 'yaml@^2.0.0']);
  });
});
