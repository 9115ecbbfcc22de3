/**
 * How the progress view and the run summary look: colours (ANSI SGR codes, only when asked for), the
 * symbol of each task state, and durations.
 */
import type { LocalTaskState } from './events.js';

const SGR = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  gray: [90, 39],
} as const;

export type Tone = keyof typeof SGR;

/** Wraps text in a colour or weight, or returns it as it is when colour is off. */
export type Paint = (tone: Tone, text: string) => string;

export function painter(color: boolean): Paint {
  return color ? (tone, text) => `\x1b[${SGR[tone][0]}m${text}\x1b[${SGR[tone][1]}m` : (_tone, text) => text;
}

export const STATE_TONE: Readonly<Record<LocalTaskState, Tone>> = {
  PENDING: 'gray',
  RUNNING: 'cyan',
  SUCCEEDED: 'green',
  FAILED: 'red',
  SKIPPED: 'gray',
  CACHED: 'magenta',
};

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const SYMBOLS: Readonly<Record<Exclude<LocalTaskState, 'RUNNING'>, string>> = {
  PENDING: '○',
  SUCCEEDED: '✔',
  FAILED: '✖',
  SKIPPED: '⊘',
  CACHED: '↺',
};

/** A state's symbol; a running task's is a spinner, turned by `frame`. */
export function stateSymbol(state: LocalTaskState, frame = 0): string {
  return state === 'RUNNING' ? SPINNER[frame % SPINNER.length] : SYMBOLS[state];
}

/** `0.4s`, `12.0s`, `3m05s`, `2h07m`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const wholeSeconds = Math.floor(seconds);
  if (wholeSeconds < 3600) return `${Math.floor(wholeSeconds / 60)}m${String(wholeSeconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(wholeSeconds / 3600)}h${String(Math.floor((wholeSeconds % 3600) / 60)).padStart(2, '0')}m`;
}

/** Cuts text to `width` columns, marking the cut with `…`. */
export function fitWidth(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : chars.slice(0, Math.max(0, width - 1)).join('') + '…';
}
