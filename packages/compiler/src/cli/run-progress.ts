/**
 * Shows the progress of a run while `kfp-ts run --watch` polls it: on a terminal, a table of task states
 * redrawn in place; otherwise (a log, a pipe) one line per change of state.
 */
import type { KfpRun, KfpTaskDetail } from '../client/types.js';

export interface ProgressDisplay {
  update(run: KfpRun): void;
}

export function progressDisplay(out: NodeJS.WriteStream): ProgressDisplay {
  return out.isTTY ? new RedrawnTable(out) : new ChangeLines(out);
}

/** Tasks by display name; the latest record wins when a task appears more than once (retries). */
function taskStates(run: KfpRun): Map<string, string> {
  const states = new Map<string, string>();
  const tasks = [...(run.run_details?.task_details ?? [])].sort((a, b) => time(a) - time(b));
  for (const task of tasks) states.set(task.display_name || task.task_id || '?', task.state ?? 'PENDING');
  return states;
}

function time(task: KfpTaskDetail): number {
  return Date.parse(task.start_time ?? task.end_time ?? '') || 0;
}

class ChangeLines implements ProgressDisplay {
  private readonly seen = new Map<string, string>();
  private runState = '';
  constructor(private readonly out: NodeJS.WritableStream) {}

  update(run: KfpRun): void {
    for (const [task, state] of taskStates(run)) {
      if (this.seen.get(task) === state) continue;
      this.seen.set(task, state);
      this.out.write(`task ${task}: ${state}\n`);
    }
    const state = run.state ?? 'PENDING';
    if (state !== this.runState) {
      this.runState = state;
      this.out.write(`run ${run.display_name ?? run.run_id}: ${state}\n`);
    }
  }
}

class RedrawnTable implements ProgressDisplay {
  private drawnLines = 0;
  constructor(private readonly out: NodeJS.WriteStream) {}

  update(run: KfpRun): void {
    const tasks = taskStates(run);
    const width = Math.max(4, ...[...tasks.keys()].map((t) => t.length));
    const lines = [`run ${run.display_name ?? run.run_id}: ${run.state ?? 'PENDING'}`, ...[...tasks].map(([task, state]) => `  ${task.padEnd(width)}  ${state}`)];
    // Move back to the first line drawn last time and clear everything below before drawing again.
    if (this.drawnLines) this.out.write(`\x1b[${this.drawnLines}F\x1b[J`);
    this.out.write(lines.join('\n') + '\n');
    this.drawnLines = lines.length;
  }
}
