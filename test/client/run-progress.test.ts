/** The progress display of `kfp-ts run --watch`: redrawn in place on a terminal, change lines otherwise. */
import { describe, expect, it } from 'vitest';
import { progressDisplay } from '../../packages/compiler/src/cli/run-progress.js';
import type { KfpRun } from '@kfp-ts/compiler';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { out: { isTTY, write: (s: string) => chunks.push(s) } as unknown as NodeJS.WriteStream, chunks };
}

const running: KfpRun = { run_id: 'r1', display_name: 'nightly', state: 'RUNNING', run_details: { task_details: [{ display_name: 'prepare', state: 'RUNNING' }] } };
const done: KfpRun = {
  ...running,
  state: 'SUCCEEDED',
  run_details: { task_details: [{ display_name: 'prepare', state: 'SUCCEEDED' }, { display_name: 'train', state: 'SUCCEEDED' }] },
};

describe('run progress', () => {
  it('redraws a table of task states on a terminal', () => {
    const { out, chunks } = stream(true);
    const display = progressDisplay(out);
    display.update(running);
    display.update(done);
    expect(chunks).toEqual([
      'run nightly: RUNNING\n  prepare  RUNNING\n',
      '\x1b[2F\x1b[J',
      'run nightly: SUCCEEDED\n  prepare  SUCCEEDED\n  train    SUCCEEDED\n',
    ]);
  });

  it('prints one line per change elsewhere', () => {
    const { out, chunks } = stream(false);
    const display = progressDisplay(out);
    display.update(running);
    display.update(running);
    display.update(done);
    expect(chunks.join('')).toBe('task prepare: RUNNING\nrun nightly: RUNNING\ntask prepare: SUCCEEDED\ntask train: SUCCEEDED\nrun nightly: SUCCEEDED\n');
  });
});
