/**
 * Reference samples saved next to an exported model: for each sample `<name>.input.npy` (an input batch
 * [N,3,H,W]), optionally `<name>.output.npy` (what the framework computed for it at export time) and
 * `<name>.mask.npy` (ground-truth masks [N,1,H,W] or [N,H,W], 0/1 or 0/255).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readNpy, type FloatTensor } from './npy.js';

/** One sample input with what it is checked against. */
export interface ReferenceSample {
  name: string;
  input: FloatTensor;
  /** Output of the source framework at export time. */
  expected?: FloatTensor;
  /** Ground-truth masks, for Dice/IoU. */
  mask?: FloatTensor;
}

const ROLE = /^(.+)\.(input|output|mask)\.npy$/;

/** Loads the samples of `dir`, sorted by name. */
export async function loadReferenceSamples(dir: string): Promise<ReferenceSample[]> {
  const files = (await readdir(dir)).sort();
  const byName = new Map<string, Partial<Record<'input' | 'output' | 'mask', string>>>();
  for (const file of files) {
    const match = ROLE.exec(file);
    if (!match) continue;
    const entry = byName.get(match[1]) ?? {};
    entry[match[2] as 'input' | 'output' | 'mask'] = join(dir, file);
    byName.set(match[1], entry);
  }
  if (byName.size === 0) throw new Error(`no reference samples in ${dir} (expected <name>.input.npy files)`);
  const samples: ReferenceSample[] = [];
  for (const [name, paths] of byName) {
    if (!paths.input) throw new Error(`reference sample '${name}' in ${dir} has no ${name}.input.npy`);
    samples.push({
      name,
      input: await readNpy(paths.input),
      expected: paths.output ? await readNpy(paths.output) : undefined,
      mask: paths.mask ? await readNpy(paths.mask) : undefined,
    });
  }
  return samples;
}
