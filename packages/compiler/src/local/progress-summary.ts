/**
 * The end-of-run summary: the run's state and duration with task counts, a table of the tasks, where
 * the outputs are, the pipeline's outputs, and for each failed task its message and last log lines.
 */
import type { LocalRunEvent, LocalTaskState } from './events.js';
import type { RunProgress } from './progress-state.js';
import { formatDuration, stateSymbol, STATE_TONE, type Paint } from './progress-style.js';

/** The order states are counted in. */
const COUNT_ORDER: readonly LocalTaskState[] = ['SUCCEEDED', 'CACHED', 'FAILED', 'SKIPPED', 'RUNNING', 'PENDING'];

/** Longest text shown for one pipeline output value. */
const MAX_VALUE_LENGTH = 200;

export interface SummaryStyle {
  readonly paint: Paint;
  /** State symbols before task names (on a terminal). */
  readonly symbols: boolean;
}

export function summaryLines(
  progress: RunProgress,
  finished: Extract<LocalRunEvent, { type: 'run-finished' }>,
  now: number,
  { paint, symbols }: SummaryStyle,
): string[] {
  const lines: string[] = [''];
  const counts = progress.countByState();
  const countText = COUNT_ORDER.filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s.toLowerCase()}`)
    .join(', ');
  const runState = paint('bold', paint(finished.state === 'SUCCEEDED' ? 'green' : 'red', `Run ${finished.state}`));
  lines.push(`${runState} in ${formatDuration(finished.durationMs)}${countText ? `: ${countText}` : ''}`);

  const tasks = [...progress.tasks.values()];
  const nameWidth = Math.max(0, ...tasks.map((t) => t.task.length));
  for (const task of tasks) {
    const duration = progress.duration(task, now);
    const columns = [
      task.task.padEnd(nameWidth),
      paint(STATE_TONE[task.state], task.state.padEnd(9)),
      duration === undefined ? '-' : formatDuration(duration),
    ];
    if (task.attempt > 1) columns.push(`(${task.attempt} attempts)`);
    const symbol = symbols ? `${paint(STATE_TONE[task.state], stateSymbol(task.state))} ` : '';
    lines.push(`  ${symbol}${columns.join('  ')}`.trimEnd());
  }

  if (progress.run) lines.push(`Outputs: ${progress.run.outputDir}`);
  const outputs = Object.entries(finished.outputs ?? {});
  if (outputs.length > 0) {
    lines.push('', paint('bold', 'Pipeline outputs:'));
    for (const [name, value] of outputs) lines.push(`  ${name} = ${valueText(value)}`);
  }

  const failed = tasks.filter((t) => t.state === 'FAILED');
  // A group (exit handler, condition, loop, nested pipeline) fails because a task inside it failed: that
  // task's own details say why, so the group's are left out.
  const inside = (group: string, task: string) => task.startsWith(`${group}/`) || task.startsWith(`${group}[`);
  for (const task of failed.filter((t) => !failed.some((other) => inside(t.task, other.task)))) {
    // The first line of the message says why; the lines after it (if any) are the task's last output,
    // shown only when the view did not see the output itself.
    const [why, ...messageTail] = task.message?.split('\n') ?? [];
    lines.push('', `${paint('red', `Task ${task.task} FAILED`)}${why ? `: ${why}` : ''}`);
    const tail = task.logTail.length > 0 ? task.logTail : messageTail;
    for (const line of tail) lines.push(`  ${paint('dim', symbols ? '│' : '|')} ${line}`);
  }
  return lines;
}

function valueText(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}
