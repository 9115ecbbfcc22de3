/**
 * Start-up benchmark of the prebuilt steps' image: writes the build context of the steps module (as
 * `kfp-ts component build packages/components/src/steps/index.ts` does), then runs steps from it under the
 * simulated launcher and times each process (median of several runs after one warm-up):
 *
 * - the quality gate, a whole task that needs no npm package;
 * - inspect-dataset stopped by input validation (an empty bucket), i.e. the step's start-up before it
 *   reaches S3;
 * - for reference, a bare Node.js process and one that only imports each npm package the steps use, from
 *   the context folder: what a step pays when it loads that package.
 *
 *   npm run bench:steps
 *   npx tsx test/bench/step-startup.ts --runs 9
 *
 * CPU time (user + system, from GNU time when present) is shown beside wall time: other load on the
 * machine disturbs it less.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { compileToYaml, IMAGE_ENTRY, writeBuildContext } from '@kfp-ts/compiler';
import { isTsComponent, type TsComponent } from '@kfp-ts/dsl';
import { inspectDatasetStep, POLYP_COMPONENTS_IMAGE, qualityGateStep } from '@kfp-ts/components';
import * as stepsModule from '../../packages/components/src/steps/index.js';
import { cleanUpLaunches, launch, type LaunchRequest } from '../runtime/launcher.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GNU_TIME = '/usr/bin/time';
const CPU_REPORT = /\n?cpu-s=([\d.]+)\+([\d.]+)\n?$/;

function parseRuns(argv: string[]): number {
  if (argv.length === 0) return 5;
  if (argv[0] === '--runs' && argv.length === 2 && Number(argv[1]) >= 1) return Math.floor(Number(argv[1]));
  throw new Error('usage: step-startup.ts [--runs N]');
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

interface Timing {
  ms: number;
  cpuMs?: number;
}

type Outcome = { code: number | null; stderr: string };

/** Prefixes a command with GNU time (when installed), which appends the CPU time to stderr. */
function withCpuReport(command: readonly string[]): string[] {
  return existsSync(GNU_TIME) ? [GNU_TIME, '-f', 'cpu-s=%U+%S', ...command] : [...command];
}

/** Splits GNU time's report off stderr. */
function cpuReport(stderr: string): { stderr: string; cpuMs?: number } {
  const report = CPU_REPORT.exec(stderr);
  if (!report) return { stderr };
  return { stderr: stderr.slice(0, report.index), cpuMs: (Number(report[1]) + Number(report[2])) * 1000 };
}

/** Median wall and CPU time over `runs`, after one warm-up run (file cache). */
function measure(runs: number, once: () => Timing): Timing {
  once();
  const timings = Array.from({ length: runs }, once);
  const cpu = timings.flatMap((t) => (t.cpuMs === undefined ? [] : [t.cpuMs]));
  return { ms: median(timings.map((t) => t.ms)), ...(cpu.length ? { cpuMs: median(cpu) } : {}) };
}

/** One process run in `cwd`; `check` sees its exit code and stderr. */
function timeCommand(cwd: string, command: readonly string[], check: (r: Outcome) => void): Timing {
  const argv = withCpuReport(command);
  const start = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, encoding: 'utf8' });
  const ms = performance.now() - start;
  const { stderr, cpuMs } = cpuReport(r.stderr);
  check({ code: r.status, stderr });
  return { ms, ...(cpuMs === undefined ? {} : { cpuMs }) };
}

/**
 * One task of a step under the launcher, its entry point run from the context folder. The wall time
 * includes the launcher's own work (a temporary folder, the executor input), a millisecond or two.
 */
function timeStep(entry: string, request: Omit<LaunchRequest, 'rewriteCommand'>, check: (r: Outcome) => void): Timing {
  const start = performance.now();
  const r = launch({ ...request, rewriteCommand: (command) => withCpuReport(command.map((part) => (part === IMAGE_ENTRY ? entry : part))) });
  const ms = performance.now() - start;
  const { stderr, cpuMs } = cpuReport(r.stderr);
  check({ code: r.code, stderr });
  return { ms, ...(cpuMs === undefined ? {} : { cpuMs }) };
}

/** Fails the benchmark when a run did not end as expected (so a broken step is not timed as a fast one). */
function expectExit(r: Outcome, code: number, firstLine: string): void {
  const line = r.stderr.split('\n')[0];
  if (r.code !== code || line !== firstLine) throw new Error(`expected exit ${code} with '${firstLine}', got exit ${r.code}: ${r.stderr}`);
}

/** Whether the bundle imports `name` at start-up (a static import), not only through `import()`. */
function importsStatically(bundle: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  // The bundle may be minified: `import{a,b}from"name";` anywhere on a line. `import(` is not matched.
  return new RegExp(`(?:^|[;}\\s])import\\s*(?:[^;()"']*?from\\s*)?["']${escaped}(?:/[^"']*)?["']`).test(bundle);
}

function printTable(rows: [string, Timing][], runs: number): void {
  const header = ['process', 'wall', 'CPU'];
  const lines = rows.map(([name, t]) => [name, `${t.ms.toFixed(0)} ms`, t.cpuMs === undefined ? 'n/a' : `${t.cpuMs.toFixed(0)} ms`]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(`Step start-up, median of ${runs} runs (Node.js ${process.version}, load average ${loadavg()[0].toFixed(1)}):\n`);
  console.log(row(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const line of lines) console.log(row(line));
}

/** A passing gate on a given metric value. */
function qualityGateRequest(): Omit<LaunchRequest, 'rewriteCommand'> {
  return { spec: parse(compileToYaml(qualityGateStep)), executor: 'exec-quality-gate', parameters: { metricValue: 0.9, threshold: 0.8 } };
}

/** An empty bucket name: the step stops at its first input check, before any S3 access. */
function inspectDatasetRequest(): Omit<LaunchRequest, 'rewriteCommand'> {
  return { spec: parse(compileToYaml(inspectDatasetStep)), executor: 'exec-inspect-dataset', parameters: { bucket: ' ' } };
}

function main(): void {
  const runs = parseRuns(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'kfp-ts-step-startup-'));
  try {
    const steps: TsComponent[] = Object.values(stepsModule as Record<string, unknown>).filter(isTsComponent);
    const contextDir = join(dir, 'context');
    const context = writeBuildContext({ components: steps.map((s) => s.spec), image: POLYP_COMPONENTS_IMAGE, outputDir: contextDir });
    // As `npm install` in the image would: the packages next to the bundle.
    symlinkSync(join(repoRoot, 'node_modules'), join(contextDir, 'node_modules'));
    const entry = join(contextDir, 'component.mjs');
    const packages = Object.keys(context.dependencies).sort();
    const bundle = readFileSync(entry, 'utf8');
    const staticImports = packages.filter((name) => importsStatically(bundle, name));

    const rows: [string, Timing][] = [];
    const gate = qualityGateRequest();
    rows.push(['quality-gate (whole task)', measure(runs, () => timeStep(entry, gate, (r) => expectExit(r, 0, '')))]);
    const inspect = inspectDatasetRequest();
    const stopped = "error: component 'inspect-dataset' failed: input 'bucket' must not be empty";
    rows.push(['inspect-dataset (stops at input validation)', measure(runs, () => timeStep(entry, inspect, (r) => expectExit(r, 1, stopped)))]);
    rows.push(['node, nothing imported', measure(runs, () => timeCommand(contextDir, [process.execPath, '-e', ''], (r) => expectExit(r, 0, '')))]);
    for (const name of packages) {
      // From the context folder, so the package resolves as it does for the bundle.
      const importIt = [process.execPath, '--input-type=module', '-e', `await import(${JSON.stringify(name)})`];
      rows.push([`node, import('${name}')`, measure(runs, () => timeCommand(contextDir, importIt, (r) => expectExit(r, 0, '')))]);
    }
    printTable(rows, runs);
    console.log(`\nnpm packages of the image: ${packages.join(', ')}`);
    console.log(`imported by every step at start-up (static imports in the bundle): ${staticImports.length ? staticImports.join(', ') : 'none'}`);
  } finally {
    cleanUpLaunches();
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
