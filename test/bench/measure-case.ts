/**
 * Child process of the benchmark: declares and compiles one case once, then prints its time and the process's
 * peak resident memory as JSON. A process per case keeps each peak separate from the others.
 *
 *   tsx test/bench/measure-case.ts chain-5000
 */
import { compileToYaml } from '@kfp-ts/compiler';
import { buildPipeline, caseNamed } from './cases.js';

const benchCase = caseNamed(process.argv[2] ?? '');
const baselineKb = process.resourceUsage().maxRSS;
const start = performance.now();
const yaml = compileToYaml(buildPipeline(benchCase));
const ms = performance.now() - start;
process.stdout.write(
  JSON.stringify({ case: benchCase.name, ms, bytes: yaml.length, peakRssKb: process.resourceUsage().maxRSS, baselineRssKb: baselineKb }) + '\n',
);
