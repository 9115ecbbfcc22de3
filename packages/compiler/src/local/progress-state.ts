/**
 * What the progress view knows about a run: its tasks in the order they first appeared, each with its
 * state, attempt, timing, last message and the tail of its log, folded from the run's events.
 */
import type { LocalRunEvent, LocalTaskState } from './events.js';

export interface TaskProgress {
  readonly task: string;
  state: LocalTaskState;
  attempt: number;
  /** When the task first started running (any attempt). */
  startedAt?: number;
  /** When it reached its final state, while it is in one. */
  finishedAt?: number;
  message?: string;
  /** Its last log lines, stdout and stderr as they came. */
  readonly logTail: string[];
}

const FINAL_STATES: ReadonlySet<LocalTaskState> = new Set(['SUCCEEDED', 'FAILED', 'SKIPPED', 'CACHED']);

export class RunProgress {
  run?: { runId: string; pipelineName: string; outputDir: string };
  readonly tasks = new Map<string, TaskProgress>();

  constructor(private readonly logTailLines: number) {}

  /** Applies a task's new state; returns whether its state or attempt changed. */
  taskState(event: Extract<LocalRunEvent, { type: 'task-state' }>, now: number): boolean {
    let task = this.tasks.get(event.task);
    if (!task) {
      task = { task: event.task, state: event.state, attempt: event.attempt ?? 1, logTail: [] };
      this.tasks.set(event.task, task);
    } else if (task.state === event.state && task.attempt === (event.attempt ?? task.attempt)) {
      if (event.message !== undefined) task.message = event.message;
      return false;
    }
    const attempt = event.attempt ?? task.attempt;
    // A new attempt's log is what explains how it ends.
    if (attempt !== task.attempt) task.logTail.length = 0;
    task.state = event.state;
    task.attempt = attempt;
    if (event.message !== undefined) task.message = event.message;
    if (event.state === 'RUNNING') {
      task.startedAt ??= now;
      task.finishedAt = undefined;
    } else if (FINAL_STATES.has(event.state)) {
      task.finishedAt = now;
    }
    return true;
  }

  taskLog(event: Extract<LocalRunEvent, { type: 'task-log' }>): void {
    let task = this.tasks.get(event.task);
    if (!task) {
      task = { task: event.task, state: 'RUNNING', attempt: 1, logTail: [] };
      this.tasks.set(event.task, task);
    }
    task.logTail.push(event.line);
    if (task.logTail.length > this.logTailLines) task.logTail.splice(0, task.logTail.length - this.logTailLines);
  }

  /** How long the task has run (until now while it runs), or `undefined` when it never ran. */
  duration(task: TaskProgress, now: number): number | undefined {
    if (task.startedAt === undefined) return undefined;
    return (task.finishedAt ?? now) - task.startedAt;
  }

  countByState(): Map<LocalTaskState, number> {
    const counts = new Map<LocalTaskState, number>();
    for (const task of this.tasks.values()) counts.set(task.state, (counts.get(task.state) ?? 0) + 1);
    return counts;
  }
}
