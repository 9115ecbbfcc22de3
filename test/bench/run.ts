/**
 * Compiler benchmark: chains and fan-outs of 100, 1,000 and 5,000 container tasks and a 20-deep nested If,
 * compiled in-process (median of several runs; peak memory from a fresh process per case) and by a cold
 * `kfp-ts compile` process on a generated .ts file (median wall time and peak memory). Prints a table.
 *
 *   npm run bench                      # builds first, then runs every case
 *   npx tsx test/bench/run.ts --runs 7 --cases chain-5000,fan-out-5000
 *
 * Targets: 5,000 tasks in under 2 s (wall) and 300 MB, growing linearly with the number of tasks. CPU time is
 * shown too: it is less disturbed by other load on the machine, and it exceeds wall time when V8's helper
 * threads (garbage collection, tsx's loader thread) run in parallel.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileToYaml } from '@kfp-ts/compiler';
import { buildPipeline, CASES, caseNamed, pipelineSource, type BenchCase } from './cases.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cliBin = join(repoRoot, 'packages/compiler/bin/kfp-ts.js');
const TARGET_MS = 2_000;
const TARGET_MB = 300;

interface Options {
  runs: number;
  cases: BenchCase[];
}

function parseOptions(argv: string[]): Options {
  let runs = 5;
  let cases = CASES;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') runs = Math.max(1, Number(argv[++i]));
    else if (argv[i] === '--cases') cases = argv[++i].split(',').map(caseNamed);
    else throw new Error(`unknown option ${argv[i]} (options: --runs N, --cases a,b)`);
  }
  return { runs, cases };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Declaring the pipeline and compiling it to YAML text, timed together (a user's compile does both): wall
 * time, and the CPU time the process spent (which other load on the machine disturbs less).
 */
function timeInProcess(c: BenchCase, runs: number): { ms: number; cpuMs: number; bytes: number } {
  const bytes = compileToYaml(buildPipeline(c)).length; // warm-up: JIT, schema compilation
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    compileToYaml(buildPipeline(c));
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { ms: median(times), cpuMs: median(cpu), bytes };
}

/** Peak resident memory of a fresh process that declares and compiles the case once. */
function peakRssInProcess(c: BenchCase): number {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/bench/measure-case.ts'), c.name], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`measuring ${c.name} failed: ${r.stderr}`);
  return (JSON.parse(r.stdout.trim().split('\n').pop()!) as { peakRssKb: number }).peakRssKb / 1024;
}

/**
 * A folder laid out like a user's project: the case's .ts file and `@kfp-ts/dsl` in node_modules (the built
 * package), so the cold CLI loads exactly what an installed kfp-ts loads.
 */
function userProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kfp-ts-bench-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench', private: true, type: 'module' }));
  mkdirSync(join(dir, 'node_modules/@kfp-ts'), { recursive: true });
  symlinkSync(join(repoRoot, 'packages/dsl'), join(dir, 'node_modules/@kfp-ts/dsl'), 'dir');
  return dir;
}

const GNU_TIME = '/usr/bin/time';
/** Fallback when GNU time is missing: the CLI process reports its own peak memory as it exits. */
const REPORT_RSS =
  "data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();" +
  "process.stderr.write('\\nmaxrss-kb='+u.maxRSS+' cpu-s='+(u.userCPUTime+u.systemCPUTime)/1e6+'\\n')})";

/** Wall time, CPU time and peak memory of cold `kfp-ts compile` processes (medians over `runs`). */
function timeCli(c: BenchCase, project: string, runs: number): { ms: number; cpuMs: number; mb: number } {
  const file = join(project, `${c.name}.ts`);
  writeFileSync(file, pipelineSource(c));
  const out = join(project, `${c.name}.yaml`);
  const useGnuTime = existsSync(GNU_TIME);
  const times: number[] = [];
  const cpu: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [cmd, args] = useGnuTime
      ? [GNU_TIME, ['-f', 'maxrss-kb=%M cpu-s=%U+%S', process.execPath, cliBin, 'compile', file, '-o', out]]
      : [process.execPath, ['--import', REPORT_RSS, cliBin, 'compile', file, '-o', out]];
    const start = performance.now();
    const r = spawnSync(cmd, args, { cwd: project, encoding: 'utf8' });
    const ms = performance.now() - start;
    if (r.status !== 0) throw new Error(`kfp-ts compile ${c.name} failed: ${r.stderr}`);
    const report = /maxrss-kb=(\d+) cpu-s=([\d.]+)(?:\+([\d.]+))?/.exec(r.stderr);
    if (!report) throw new Error(`no resource usage reported for ${c.name}: ${r.stderr}`);
    times.push(ms);
    rss.push(Number(report[1]) / 1024);
    cpu.push((Number(report[2]) + Number(report[3] ?? 0)) * 1000);
  }
  return { ms: median(times), cpuMs: median(cpu), mb: median(rss) };
}

interface Row {
  c: BenchCase;
  inProcessMs: number;
  inProcessCpuMs: number;
  inProcessMb: number;
  cliMs: number;
  cliCpuMs: number;
  cliMb: number;
  yamlKb: number;
}

function printTable(rows: Row[], runs: number): void {
  const header = ['case', 'tasks', 'YAML', 'in-process wall', 'in-process CPU', 'in-process peak RSS', 'CLI cold wall', 'CLI cold CPU', 'CLI peak RSS'];
  const lines = rows.map((r) => [
    r.c.name,
    r.c.tasks.toLocaleString('en-US'),
    `${Math.round(r.yamlKb).toLocaleString('en-US')} KB`,
    `${r.inProcessMs.toFixed(0)} ms`,
    `${r.inProcessCpuMs.toFixed(0)} ms`,
    `${r.inProcessMb.toFixed(0)} MB`,
    `${r.cliMs.toFixed(0)} ms`,
    `${r.cliCpuMs.toFixed(0)} ms`,
    `${r.cliMb.toFixed(0)} MB`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(row(header));
  console.log(`|${widths.map((w, i) => (i < 1 ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|')}|`);
  for (const l of lines) console.log(row(l));
  console.log(
    `\nMedians of ${runs} runs (cold CLI: ${Math.min(runs, 5)}); node ${process.version}, ${process.platform}/${process.arch}, ` +
      `${availableParallelism()} CPUs, load average ${loadavg()[0].toFixed(1)} at the end.`,
  );
}

/** The targets, by wall time and peak memory, and linear growth: the time per task should not grow with the count. */
function printVerdict(rows: Row[]): void {
  for (const shape of ['chain', 'fan-out'] as const) {
    const small = rows.find((r) => r.c.shape === shape && r.c.tasks === 1_000);
    const large = rows.find((r) => r.c.shape === shape && r.c.tasks === 5_000);
    if (!small || !large) continue;
    const perTask = (r: Row) => `${((r.inProcessMs / r.c.tasks) * 1000).toFixed(0)} µs`;
    const meets = large.inProcessMs < TARGET_MS && large.cliMs < TARGET_MS && large.inProcessMb < TARGET_MB && large.cliMb < TARGET_MB;
    console.log(
      `${shape}: in-process ${perTask(small)} per task at 1,000 tasks and ${perTask(large)} at 5,000; ` +
        `5,000 tasks ${meets ? 'meet' : 'MISS'} the target (< ${TARGET_MS} ms wall and < ${TARGET_MB} MB, in-process and cold CLI).`,
    );
  }
}

function main(): void {
  const { runs, cases } = parseOptions(process.argv.slice(2));
  if (!existsSync(join(repoRoot, 'packages/compiler/dist/cli.js')) || !existsSync(join(repoRoot, 'packages/dsl/dist/index.js'))) {
    console.error('The benchmark runs the built CLI: run `npm run build` first (`npm run bench` does).');
    process.exit(1);
  }
  const project = userProject();
  const rows: Row[] = [];
  try {
    for (const c of cases) {
      process.stderr.write(`${c.name}: in-process…`);
      const inProcess = timeInProcess(c, runs);
      const inProcessMb = peakRssInProcess(c);
      process.stderr.write(' CLI…');
      const cli = timeCli(c, project, Math.min(runs, 5));
      process.stderr.write(' done\n');
      rows.push({
        c,
        inProcessMs: inProcess.ms,
        inProcessCpuMs: inProcess.cpuMs,
        inProcessMb,
        cliMs: cli.ms,
        cliCpuMs: cli.cpuMs,
        cliMb: cli.mb,
        yamlKb: inProcess.bytes / 1024,
      });
    }
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
  console.log('');
  printTable(rows, runs);
  printVerdict(rows);
}

main();
