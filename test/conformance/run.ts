/**
 * `npm run conformance -- [--out DIR]`: compiles every ported corpus case, writes each to
 * `DIR/<group>/<case>.yaml`, reports each case and ends with `conformance: N/M identical`, where M counts
 * every case in the corpus index.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isKfpDefinitionError } from '@kfp-ts/dsl';
import { formatDifferences } from './compare.js';
import { corpusCases } from './corpus.js';
import { hasPort, runCase } from './harness.js';
import { intendedDeviations } from './deviations.js';
import { isDeepStrictEqual } from 'node:util';

const { values } = parseArgs({ options: { out: { type: 'string' }, verbose: { type: 'boolean', short: 'v' } } });
const outDir = values.out ? resolve(values.out) : undefined;

const cases = corpusCases();
let identical = 0;
for (const c of cases) {
  if (!hasPort(c)) {
    console.log(`pending    ${c.id}`);
    continue;
  }
  try {
    const { yaml, differences } = await runCase(c);
    if (outDir) {
      const file = join(outDir, c.group, `${c.name}.yaml`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, yaml);
    }
    if (differences.length === 0) {
      identical++;
      console.log(`identical  ${c.id}`);
    } else if (isDeepStrictEqual(differences, intendedDeviations[c.id]?.differences)) {
      console.log(`deviates   ${c.id} (intended: ${intendedDeviations[c.id].reason})`);
    } else {
      console.log(`differs    ${c.id} (${differences.length} differences)`);
      if (values.verbose) console.log(formatDifferences(differences));
    }
  } catch (e) {
    console.log(`error      ${c.id}: ${isKfpDefinitionError(e) ? e.describe() : (e as Error).message}`);
  }
}
console.log(`conformance: ${identical}/${cases.length} identical`);
