/**
 * The progress view of a local run, fed a run's events with a controlled clock: the plain text for logs
 * exactly, and on a terminal the redrawn table (cursor movement, colours unless NO_COLOR) and the summary.
 */
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LocalRunEvent } from '../../packages/compiler/src/local/events.js';
import { createProgressView, type ProgressViewOptions } from '../../packages/compiler/src/local/progress.js';

/** A stream that keeps what is written, sized like a terminal when asked. */
class Capture extends Writable {
  text = '';
  constructor(readonly columns?: number, readonly rows?: number) {
    super();
  }
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Events with the time (ms) at which each happens. */
type Timeline = readonly (readonly [number, LocalRunEvent])[];

function play(timeline: Timeline, options: Omit<ProgressViewOptions, 'now'>, out = new Capture(100, 40), close = true): string {
  let now = 0;
  const view = createProgressView(out, { ...options, now: () => now });
  for (const [at, event] of timeline) {
    now = at;
    view.listener(event);
  }
  if (close) view.close();
  return out.text;
}

const WARNING = 'no GPU on this machine: train runs on the CPU';

const failedRun: Timeline = [
  [0, { type: 'run-started', runId: 'run-1', pipelineName: 'demo', outputDir: './local_outputs/run-1' }],
  [0, { type: 'task-state', task: 'prepare', state: 'PENDING' }],
  [0, { type: 'task-state', task: 'train', state: 'PENDING' }],
  [0, { type: 'task-state', task: 'report', state: 'PENDING' }],
  [0, { type: 'task-state', task: 'data', state: 'CACHED' }],
  [100, { type: 'task-state', task: 'prepare', state: 'RUNNING', attempt: 1 }],
  [100, { type: 'task-state', task: 'prepare', state: 'RUNNING', attempt: 1 }],
  [1600, { type: 'task-state', task: 'prepare', state: 'SUCCEEDED' }],
  [1600, { type: 'task-state', task: 'train', state: 'RUNNING', attempt: 1 }],
  [1700, { type: 'warning', message: WARNING }],
  [1800, { type: 'task-log', task: 'train', stream: 'stdout', line: 'epoch 1' }],
  [2100, { type: 'task-state', task: 'train', state: 'FAILED', attempt: 1, message: 'exit code 1' }],
  [2100, { type: 'task-state', task: 'train', state: 'RUNNING', attempt: 2 }],
  [2200, { type: 'warning', message: WARNING }],
  [2300, { type: 'task-log', task: 'train', stream: 'stderr', line: 'Traceback (most recent call last):' }],
  [2400, { type: 'task-log', task: 'train', stream: 'stderr', line: 'ValueError: bad input' }],
  [4100, { type: 'task-state', task: 'train', state: 'FAILED', attempt: 2, message: 'exit code 1' }],
  [4100, { type: 'task-state', task: 'report', state: 'SKIPPED', message: 'upstream task train failed' }],
  [5000, { type: 'run-finished', state: 'FAILED', durationMs: 5000 }],
];

const succeededRun: Timeline = [
  [0, { type: 'run-started', runId: 'run-2', pipelineName: 'demo', outputDir: '/work/local_outputs/run-2' }],
  [0, { type: 'task-state', task: 'for-loop-2[0]/train', state: 'RUNNING' }],
  [0, { type: 'task-state', task: 'for-loop-2[1]/train', state: 'RUNNING' }],
  [62_000, { type: 'task-state', task: 'for-loop-2[0]/train', state: 'SUCCEEDED' }],
  [65_500, { type: 'task-state', task: 'for-loop-2[1]/train', state: 'SUCCEEDED' }],
  [
    65_600,
    {
      type: 'run-finished',
      state: 'SUCCEEDED',
      durationMs: 65_600,
      outputs: { accuracy: 0.93, model: '/work/local_outputs/run-2/train/model', tags: ['a', 'b'] },
    },
  ],
];

let savedNoColor: string | undefined;
beforeEach(() => {
  savedNoColor = process.env.NO_COLOR;
  delete process.env.NO_COLOR;
});
afterEach(() => {
  if (savedNoColor === undefined) delete process.env.NO_COLOR;
  else process.env.NO_COLOR = savedNoColor;
});

describe('plain lines (not a terminal)', () => {
  it('prints one line per change of state, each warning once, and the summary with the failed task log', () => {
    expect(play(failedRun, { tty: false })).toBe(
      [
        'Running pipeline demo (run run-1), outputs in ./local_outputs/run-1',
        'task data: CACHED',
        'task prepare: RUNNING',
        'task prepare: SUCCEEDED in 1.5s',
        'task train: RUNNING',
        `warning: ${WARNING}`,
        'task train: FAILED in 0.5s: exit code 1',
        'task train: RUNNING (attempt 2)',
        'task train: FAILED in 2.5s: exit code 1',
        'task report: SKIPPED: upstream task train failed',
        '',
        'Run FAILED in 5.0s: 1 succeeded, 1 cached, 1 failed, 1 skipped',
        '  prepare  SUCCEEDED  1.5s',
        '  train    FAILED     2.5s  (2 attempts)',
        '  report   SKIPPED    -',
        '  data     CACHED     -',
        'Outputs: ./local_outputs/run-1',
        '',
        'Task train FAILED: exit code 1',
        '  | Traceback (most recent call last):',
        '  | ValueError: bad input',
        '',
      ].join('\n'),
    );
  });

  it('lists the pipeline outputs of a successful run, and long durations in minutes', () => {
    expect(play(succeededRun, { tty: false })).toBe(
      [
        'Running pipeline demo (run run-2), outputs in /work/local_outputs/run-2',
        'task for-loop-2[0]/train: RUNNING',
        'task for-loop-2[1]/train: RUNNING',
        'task for-loop-2[0]/train: SUCCEEDED in 1m02s',
        'task for-loop-2[1]/train: SUCCEEDED in 1m05s',
        '',
        'Run SUCCEEDED in 1m05s: 2 succeeded',
        '  for-loop-2[0]/train  SUCCEEDED  1m02s',
        '  for-loop-2[1]/train  SUCCEEDED  1m05s',
        'Outputs: /work/local_outputs/run-2',
        '',
        'Pipeline outputs:',
        '  accuracy = 0.93',
        '  model = /work/local_outputs/run-2/train/model',
        '  tags = ["a","b"]',
        '',
      ].join('\n'),
    );
  });

  it('keeps a multi-line failure message to its first line, showing the rest as the log when no log lines came', () => {
    const text = play(
      [
        [0, { type: 'task-state', task: 'fit', state: 'RUNNING' }],
        [300, { type: 'task-state', task: 'fit', state: 'FAILED', message: 'exited with code 1\nloading data\nKeyError: label' }],
        [400, { type: 'run-finished', state: 'FAILED', durationMs: 400 }],
      ],
      { tty: false },
    );
    expect(text).toBe(
      [
        'task fit: RUNNING',
        'task fit: FAILED in 0.3s: exited with code 1',
        '',
        'Run FAILED in 0.4s: 1 failed',
        '  fit  FAILED     0.3s',
        '',
        'Task fit FAILED: exited with code 1',
        '  | loading data',
        '  | KeyError: label',
        '',
      ].join('\n'),
    );
  });

  it('explains a failed group by the failed task inside it, not twice', () => {
    const text = play(
      [
        [0, { type: 'task-state', task: 'exit-handler-1', state: 'RUNNING' }],
        [0, { type: 'task-state', task: 'exit-handler-1/for-loop-2[1]/fit', state: 'RUNNING' }],
        [300, { type: 'task-state', task: 'exit-handler-1/for-loop-2[1]/fit', state: 'FAILED', message: 'exited with code 1' }],
        [300, { type: 'task-state', task: 'exit-handler-1/for-loop-2', state: 'FAILED', message: "task 'exit-handler-1/for-loop-2[1]/fit' failed" }],
        [300, { type: 'task-state', task: 'exit-handler-1', state: 'FAILED', message: "task 'exit-handler-1/for-loop-2[1]/fit' failed" }],
        [400, { type: 'run-finished', state: 'FAILED', durationMs: 400 }],
      ],
      { tty: false },
    );
    const details = text.split('\n').filter((line) => line.startsWith('Task '));
    expect(details).toEqual(['Task exit-handler-1/for-loop-2[1]/fit FAILED: exited with code 1']);
    expect(text).toContain('Run FAILED in 0.4s: 3 failed');
  });

  it("prints the tasks' log lines when asked to", () => {
    const text = play(failedRun, { tty: false, logs: true });
    expect(text).toContain('task train: RUNNING\nwarning: no GPU on this machine: train runs on the CPU\n[train] epoch 1\ntask train: FAILED');
    expect(text).toContain('[train] ValueError: bad input\n');
  });

  it('uses colour only when asked to', () => {
    expect(play(failedRun, { tty: false })).not.toContain('\x1b[');
    const coloured = play(failedRun, { tty: false, color: true });
    expect(coloured).toContain('task prepare: \x1b[32mSUCCEEDED\x1b[39m in 1.5s');
    expect(coloured).toContain(`\x1b[33mwarning: ${WARNING}\x1b[39m`);
  });
});

describe('a live table (a terminal)', () => {
  const ESC = '\x1b[';

  it('hides the cursor, redraws the table in place, and ends with the coloured summary', () => {
    const text = play(failedRun, { tty: true });
    expect(text.startsWith(`${ESC}?25l`)).toBe(true);
    // Each redraw moves up over the table drawn before and clears below it.
    expect(text).toMatch(/\x1b\[\d+F\x1b\[J/);
    expect(text).toContain(`${ESC}1mRunning demo (run run-1)${ESC}22m`);
    expect(text).toContain(`  ${ESC}90m○${ESC}39m train   ${ESC}90mPENDING  ${ESC}39m\n`);
    expect(text).toContain(`  ${ESC}36m⠋${ESC}39m prepare ${ESC}36mRUNNING  ${ESC}39m            0.0s\n`);
    expect(text).toContain(`${ESC}33mwarning: ${WARNING}${ESC}39m\n`);
    expect(text.split(`warning: ${WARNING}`)).toHaveLength(2);
    const summary = text.slice(text.lastIndexOf(`${ESC}J`) + `${ESC}J`.length);
    expect(summary).toBe(
      [
        '',
        `${ESC}1m${ESC}31mRun FAILED${ESC}39m${ESC}22m in 5.0s: 1 succeeded, 1 cached, 1 failed, 1 skipped`,
        `  ${ESC}32m✔${ESC}39m prepare  ${ESC}32mSUCCEEDED${ESC}39m  1.5s`,
        `  ${ESC}31m✖${ESC}39m train    ${ESC}31mFAILED   ${ESC}39m  2.5s  (2 attempts)`,
        `  ${ESC}90m⊘${ESC}39m report   ${ESC}90mSKIPPED  ${ESC}39m  -`,
        `  ${ESC}35m↺${ESC}39m data     ${ESC}35mCACHED   ${ESC}39m  -`,
        'Outputs: ./local_outputs/run-1',
        '',
        `${ESC}31mTask train FAILED${ESC}39m: exit code 1`,
        `  ${ESC}2m│${ESC}22m Traceback (most recent call last):`,
        `  ${ESC}2m│${ESC}22m ValueError: bad input`,
        `${ESC}?25h`,
      ].join('\n'),
    );
  });

  it('has no colour codes with NO_COLOR, but still moves the cursor', () => {
    process.env.NO_COLOR = '1';
    const text = play(failedRun, { tty: true, color: true });
    expect(text).not.toMatch(/\x1b\[\d+m/);
    expect(text).toMatch(/\x1b\[\d+F\x1b\[J/);
    expect(text).toContain('\nRun FAILED in 5.0s: 1 succeeded, 1 cached, 1 failed, 1 skipped\n  ✔ prepare  SUCCEEDED  1.5s\n');
  });

  it('shows a running task with its attempt and time so far, and leaves the last table on close', () => {
    const running: Timeline = [
      [0, { type: 'run-started', runId: 'run-3', pipelineName: 'demo', outputDir: 'out' }],
      [0, { type: 'task-state', task: 'train', state: 'RUNNING', attempt: 1 }],
      [500, { type: 'task-state', task: 'train', state: 'FAILED', attempt: 1 }],
      [1000, { type: 'task-state', task: 'train', state: 'RUNNING', attempt: 3 }],
    ];
    const text = play(running, { tty: true, color: false });
    const lastTable = text.slice(text.lastIndexOf('\x1b[J') + 3);
    expect(lastTable).toBe('Running demo (run run-3)\n  ⠋ train RUNNING   attempt 3  1.0s\n\x1b[?25h');
  });

  it('folds the tasks that do not fit the terminal into one line, keeping running ones visible', () => {
    const many: Timeline = [
      [0, { type: 'run-started', runId: 'run-4', pipelineName: 'wide', outputDir: 'out' }],
      ...Array.from({ length: 12 }, (_, i) => [0, { type: 'task-state', task: `step-${i}`, state: 'SUCCEEDED' }] as const),
      [0, { type: 'task-state', task: 'step-12', state: 'RUNNING' }],
      [0, { type: 'task-state', task: 'step-13', state: 'PENDING' }],
    ];
    const text = play(many, { tty: true, color: false }, new Capture(80, 10));
    const lastTable = text.slice(text.lastIndexOf('\x1b[J') + 3);
    expect(lastTable.split('\n')).toEqual([
      'Running wide (run run-4)',
      '  ✔ step-0  SUCCEEDED',
      '  ✔ step-1  SUCCEEDED',
      '  ✔ step-2  SUCCEEDED',
      '  ✔ step-3  SUCCEEDED',
      '  ⠋ step-12 RUNNING              0.0s',
      '  ○ step-13 PENDING',
      '  … 8 more (8 succeeded)',
      '\x1b[?25h',
    ]);
  });

  it('draws changes that come too quickly on the next frame, turning the spinner', () => {
    vi.useFakeTimers();
    try {
      const out = new Capture(80, 24);
      let now = 0;
      const view = createProgressView(out, { tty: true, color: false, now: () => now });
      view.listener({ type: 'task-state', task: 'a', state: 'RUNNING' });
      view.listener({ type: 'task-state', task: 'b', state: 'RUNNING' });
      // The first change was drawn at once; the second waits for the next frame.
      expect(out.text).toBe('\x1b[?25l  ⠋ a    RUNNING              0.0s\n');
      now = 100;
      vi.advanceTimersByTime(100);
      expect(out.text.slice(out.text.lastIndexOf('\x1b[J') + 3)).toBe('  ⠙ a    RUNNING              0.1s\n  ⠙ b    RUNNING              0.1s\n');
      view.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes nothing more after close', () => {
    const out = new Capture(80, 24);
    const view = createProgressView(out, { tty: true });
    view.listener({ type: 'task-state', task: 'a', state: 'RUNNING' });
    view.close();
    const written = out.text;
    view.listener({ type: 'task-state', task: 'a', state: 'SUCCEEDED' });
    view.close();
    expect(out.text).toBe(written);
    expect(written.endsWith('\x1b[?25h')).toBe(true);
  });
});
