/**
 * Running a task's program on this machine: its output lines go out as `task-log` events as they come,
 * into a log file in the task's folder, and into a tail kept for the failure message. Aborting the run
 * ends the program (and what it started: it runs in its own process group).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { LocalRunListener } from '../events.js';

/** How many of the last output lines a failed task shows. */
export const LOG_TAIL_LINES = 20;
/** How long a program may take to end after SIGTERM before it is killed. */
const KILL_GRACE_MS = 5_000;

export interface ProcessRequest {
  readonly task: string;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The file the output lines are written to. */
  readonly logFile: string;
  readonly onEvent: LocalRunListener;
  readonly signal?: AbortSignal;
}

export interface ProcessResult {
  /** The exit code, or null when a signal ended the program (or it could not start). */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The program could not start (not found, not executable). */
  readonly startError?: string;
  /** The run was aborted while the program ran. */
  readonly aborted: boolean;
  /** The last output lines, both streams in the order they came. */
  readonly logTail: string;
  /** The last line of standard error that is a message (not a stack frame), for a one-line failure message. */
  readonly lastErrorLine?: string;
}

export function runProcess(request: ProcessRequest): Promise<ProcessResult> {
  const { task, argv, onEvent, signal } = request;
  mkdirSync(dirname(request.logFile), { recursive: true });
  const log = createWriteStream(request.logFile, { flags: 'a' });
  // The log file is a copy: the lines still reach the events and the tail if it cannot be written.
  log.on('error', () => {});
  const tail: string[] = [];
  let lastErrorLine: string | undefined;
  const record = (stream: 'stdout' | 'stderr', line: string) => {
    log.write(line + '\n');
    tail.push(line);
    if (tail.length > LOG_TAIL_LINES) tail.shift();
    if (stream === 'stderr' && isMessageLine(line)) lastErrorLine = line.trim();
    onEvent({ type: 'task-log', task, stream, line });
  };

  return new Promise<ProcessResult>((resolve) => {
    const finish = (result: Omit<ProcessResult, 'logTail' | 'lastErrorLine'>) => {
      log.end(() =>
        resolve({ ...result, logTail: tail.join('\n'), ...(lastErrorLine !== undefined ? { lastErrorLine } : {}) }),
      );
    };
    if (signal?.aborted) {
      finish({ code: null, signal: null, aborted: true });
      return;
    }
    const child = spawn(argv[0], argv.slice(1), { env: request.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (sig: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig);
      } catch {
        // Already gone.
      }
    };
    const onAbort = () => {
      aborted = true;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    const streamsDone = Promise.all([lines(child.stdout, (l) => record('stdout', l)), lines(child.stderr, (l) => record('stderr', l))]);
    let startError: string | undefined;
    child.on('error', (e: NodeJS.ErrnoException) => {
      startError = e.code === 'ENOENT' ? `cannot run '${argv[0]}': not found` : `cannot run '${argv[0]}': ${e.message}`;
    });
    // Programs the task started in the background end with it (as in a pod), and release its output.
    child.on('exit', () => killGroup('SIGKILL'));
    child.on('close', (code, sig) => {
      signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      void streamsDone.then(() => finish({ code, signal: sig, aborted, ...(startError ? { startError } : {}) }));
    });
  });
}

/** Calls `onLine` for each line of a stream (a last line without a newline included); resolves at its end. */
function lines(stream: Readable, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve) => {
    const reader = createInterface({ input: stream, crlfDelay: Infinity });
    reader.on('line', onLine);
    reader.on('close', resolve);
  });
}

/** A line that says something: not blank, not a frame of a stack trace, not the Node.js version after a crash. */
function isMessageLine(line: string): boolean {
  return line.trim() !== '' && !/^\s+at\s/.test(line) && !/^Node\.js v\d+/.test(line);
}
