/**
 * Runs the built `kfp-ts` binary the way a user does, from the repository root. The CLI tests need
 * `npm run build` first (`npm test` does it in `pretest`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = join(repoRoot, 'packages/compiler/bin/kfp-ts.js');
export const fixture = (name: string) => join('test/cli/fixtures', name);
export const corpusDir = process.env.KFPTS_CORPUS ?? resolve(repoRoot, '../shared/kfp-corpus');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function kfpTs(...args: string[]): CliResult {
  if (!existsSync(join(repoRoot, 'packages/compiler/dist/cli.js'))) {
    throw new Error('the CLI is not built: run `npm run build` (npm test does it first)');
  }
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', KFP_TS_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the CLI without blocking this process (which may serve an API the CLI talks to, or start several
 * runs at once). `env` is added to the environment, after NO_COLOR=1; a variable set to undefined is removed.
 */
export function kfpTsAsync(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  if (!existsSync(join(repoRoot, 'packages/compiler/dist/cli.js'))) {
    return Promise.reject(new Error('the CLI is not built: run `npm run build` (npm test does it first)'));
  }
  const merged: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', KFP_TS_DEBUG: '', ...env };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** A fresh empty directory for output files; `files()` lists what is in it (temporary files included). */
export function scratchDir(): { dir: string; files: () => string[]; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kfp-ts-cli-'));
  return { dir, files: () => readdirSync(dir), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** True when the text looks like a stack trace (which the CLI must never print). */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[:(]/m.test(text) || text.includes('node:internal');
}
