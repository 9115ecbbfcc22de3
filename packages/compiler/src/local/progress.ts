/**
 * Shows a local run as it goes, from its events alone. On a terminal, a table of the tasks (state
 * symbol, name, state, attempt, duration) is redrawn in place; elsewhere (a log file, a pipe, CI) one
 * plain line is printed per change of a task's state. Warnings are printed once. When the run
 * finishes, a summary follows: tasks by state with durations, the outputs folder, the pipeline's
 * outputs, and each failed task's message and last log lines.
 */
import type { LocalRunEvent, LocalRunListener } from './events.js';
import { RunProgress, type TaskProgress } from './progress-state.js';
import { fitWidth, formatDuration, painter, stateSymbol, STATE_TONE, type Paint } from './progress-style.js';
import { summaryLines } from './progress-summary.js';

export interface ProgressViewOptions {
  /** Redraw a live table in place (a terminal), or print one line per change. */
  readonly tty: boolean;
  /** Colour; by default on a terminal. `NO_COLOR` (set and not empty) always turns it off. */
  readonly color?: boolean;
  /** Also print every line the tasks write, prefixed with the task. Off by default. */
  readonly logs?: boolean;
  /** How many of a failed task's last log lines the summary shows; 20 by default. */
  readonly logTailLines?: number;
  /** The clock, in milliseconds. */
  readonly now?: () => number;
}

export interface ProgressView {
  /** Receives the run's events. */
  readonly listener: LocalRunListener;
  /** Stops redrawing and restores the cursor; call it when the run ends without a `run-finished` event too. */
  close(): void;
}

/**
 * A view of a local run's progress written to `stream`: pass its `listener` to the run, and call
 * `close()` when the run is over, e.g.
 * `createProgressView(process.stderr, { tty: process.stderr.isTTY === true })`.
 */
export function createProgressView(stream: NodeJS.WritableStream, options: ProgressViewOptions): ProgressView {
  const noColor = (process.env.NO_COLOR ?? '') !== '';
  const settings: ViewSettings = {
    paint: painter(!noColor && (options.color ?? options.tty)),
    logs: options.logs ?? false,
    now: options.now ?? Date.now,
    progress: new RunProgress(options.logTailLines ?? 20),
  };
  const view = options.tty ? new LiveView(stream, settings) : new PlainView(stream, settings);
  return { listener: (event) => view.handle(event), close: () => view.close() };
}

interface ViewSettings {
  readonly paint: Paint;
  readonly logs: boolean;
  readonly now: () => number;
  readonly progress: RunProgress;
}

/** One line per change, for logs. */
class PlainView {
  private readonly warned = new Set<string>();
  private closed = false;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly s: ViewSettings,
  ) {}

  handle(event: LocalRunEvent): void {
    if (this.closed) return;
    const { progress, paint } = this.s;
    switch (event.type) {
      case 'run-started':
        progress.run = event;
        this.write(`Running pipeline ${event.pipelineName} (run ${event.runId}), outputs in ${event.outputDir}`);
        break;
      case 'task-state':
        // Every task starts out pending; only what happens to it after that is news.
        if (progress.taskState(event, this.s.now()) && event.state !== 'PENDING') {
          this.write(stateChangeLine(progress.tasks.get(event.task)!, progress, this.s.now(), paint));
        }
        break;
      case 'task-log':
        progress.taskLog(event);
        if (this.s.logs) this.write(`${paint('dim', `[${event.task}]`)} ${event.line}`);
        break;
      case 'warning':
        if (!this.warned.has(event.message)) {
          this.warned.add(event.message);
          this.write(paint('yellow', `warning: ${event.message}`));
        }
        break;
      case 'run-finished':
        for (const line of summaryLines(progress, event, this.s.now(), { paint, symbols: false })) this.write(line);
        this.closed = true;
        break;
    }
  }

  close(): void {
    this.closed = true;
  }

  private write(line: string): void {
    this.out.write(`${line}\n`);
  }
}

function stateChangeLine(task: TaskProgress, progress: RunProgress, now: number, paint: Paint): string {
  let line = `task ${task.task}: ${paint(STATE_TONE[task.state], task.state)}`;
  if (task.state === 'RUNNING' && task.attempt > 1) line += ` (attempt ${task.attempt})`;
  const duration = progress.duration(task, now);
  if (task.state !== 'RUNNING' && duration !== undefined) line += ` in ${formatDuration(duration)}`;
  // A message may carry the task's last lines after its first; those belong in the summary.
  if (task.message && (task.state === 'FAILED' || task.state === 'SKIPPED')) line += `: ${task.message.split('\n')[0]}`;
  return line;
}

/** How often the live table may be redrawn (and the spinner turns), in milliseconds. */
const FRAME_MS = 100;

const ESC = '\x1b[';
const HIDE_CURSOR = `${ESC}?25l`;
const SHOW_CURSOR = `${ESC}?25h`;
/** Up `n` lines to the first column, then clear everything below. */
const eraseLines = (n: number) => `${ESC}${n}F${ESC}J`;

/** A table redrawn in place, for terminals. */
class LiveView {
  private readonly warned = new Set<string>();
  /** Lines of the live table now on the screen, below which the cursor sits. */
  private drawnLines = 0;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private dirty = false;
  private frame = 0;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly s: ViewSettings,
  ) {}

  handle(event: LocalRunEvent): void {
    if (this.closed) return;
    const { progress, paint } = this.s;
    switch (event.type) {
      case 'run-started':
        progress.run = event;
        this.changed();
        break;
      case 'task-state':
        if (progress.taskState(event, this.s.now())) this.changed();
        break;
      case 'task-log':
        progress.taskLog(event);
        if (this.s.logs) this.printAbove(`${paint('dim', `[${event.task}]`)} ${event.line}`);
        break;
      case 'warning':
        if (!this.warned.has(event.message)) {
          this.warned.add(event.message);
          this.printAbove(paint('yellow', `warning: ${event.message}`));
        }
        break;
      case 'run-finished': {
        this.stopTimer();
        const summary = summaryLines(progress, event, this.s.now(), { paint, symbols: true });
        this.out.write(this.erase() + summary.map((line) => `${line}\n`).join('') + SHOW_CURSOR);
        this.drawnLines = 0;
        this.closed = true;
        break;
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.stopTimer();
    // The last table stays on the screen.
    if (this.dirty || this.drawnLines > 0) this.draw();
    this.out.write(SHOW_CURSOR);
    this.closed = true;
  }

  /** Redraws now, unless the last redraw was too recent: then the timer redraws soon. */
  private changed(): void {
    this.startTimer();
    if (this.s.now() - this.lastDraw >= FRAME_MS) this.draw();
    else this.dirty = true;
  }

  private startTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.frame++;
      const running = [...this.s.progress.tasks.values()].some((t) => t.state === 'RUNNING');
      if (this.dirty || running) this.draw();
    }, FRAME_MS);
    // The view never keeps the process alive.
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private printAbove(line: string): void {
    this.out.write(`${this.erase()}${line}\n`);
    this.drawnLines = 0;
    this.draw();
  }

  private erase(): string {
    return this.drawnLines > 0 ? eraseLines(this.drawnLines) : '';
  }

  private draw(): void {
    const lines = this.render();
    const prefix = this.lastDraw === Number.NEGATIVE_INFINITY ? HIDE_CURSOR : '';
    this.out.write(prefix + this.erase() + lines.map((line) => `${line}\n`).join(''));
    this.drawnLines = lines.length;
    this.lastDraw = this.s.now();
    this.dirty = false;
  }

  private render(): string[] {
    const { progress, paint } = this.s;
    const terminal = this.out as Partial<NodeJS.WriteStream>;
    const width = Math.max(40, (terminal.columns ?? 80) - 1);
    const maxRows = Math.max(5, (terminal.rows ?? 24) - 3);
    const now = this.s.now();
    const lines: string[] = [];
    if (progress.run) lines.push(paint('bold', fitWidth(`Running ${progress.run.pipelineName} (run ${progress.run.runId})`, width)));

    const tasks = [...progress.tasks.values()];
    const shown = visibleTasks(tasks, maxRows);
    // Fixed columns: symbol (2), state (11), attempt (12), duration (8), indent (2).
    const nameWidth = Math.min(Math.max(4, ...tasks.map((t) => t.task.length)), width - 35);
    for (const task of tasks.filter((t) => shown.has(t))) {
      const duration = progress.duration(task, now);
      const attempt = task.attempt > 1 ? `attempt ${task.attempt}` : '';
      lines.push(
        [
          `  ${paint(STATE_TONE[task.state], stateSymbol(task.state, this.frame))}`,
          fitWidth(task.task, nameWidth).padEnd(nameWidth),
          paint(STATE_TONE[task.state], task.state.padEnd(9)),
          attempt.padEnd(10),
          duration === undefined ? '' : formatDuration(duration),
        ]
          .join(' ')
          .trimEnd(),
      );
    }
    const hidden = tasks.filter((t) => !shown.has(t));
    if (hidden.length > 0) {
      const counts = new Map<string, number>();
      for (const t of hidden) counts.set(t.state.toLowerCase(), (counts.get(t.state.toLowerCase()) ?? 0) + 1);
      const detail = [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
      lines.push(paint('dim', fitWidth(`  … ${hidden.length} more (${detail})`, width)));
    }
    return lines;
  }
}

/** The rows that fit, running and failed tasks first, then pending ones, then finished ones. */
function visibleTasks(tasks: readonly TaskProgress[], maxRows: number): Set<TaskProgress> {
  if (tasks.length <= maxRows) return new Set(tasks);
  const priority = (t: TaskProgress) => ({ RUNNING: 0, FAILED: 1, PENDING: 2 })[t.state as string] ?? 3;
  return new Set([...tasks].sort((a, b) => priority(a) - priority(b)).slice(0, maxRows - 1));
}
