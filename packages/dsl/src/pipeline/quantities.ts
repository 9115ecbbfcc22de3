/**
 * Validation of resource quantities as the KFP backend accepts them. Errors are raised when a task is
 * configured, so they point at the offending line.
 */

/** CPU: an integer or decimal number of cores, or an integer of millicores (`500m`). */
export const CPU_PATTERN = /^(?:[0-9]*\.?[0-9]+|[0-9]+m)$/;

/** Memory: a number with an optional decimal (`E`, `P`, `T`, `G`, `M`, `K`) or binary (`Ei` … `Ki`) suffix. */
export const MEMORY_PATTERN = /^(?:[0-9]*\.?[0-9]+)(?:E|Ei|P|Pi|T|Ti|G|Gi|M|Mi|K|Ki|k)?$/;

/** Seconds per duration unit, by the unit's first letter (as the Python SDK reads units). */
const SECONDS_PER_UNIT: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800 };

/** The unit words a duration may use; each is read by its first letter. */
const DURATION_UNITS = new Set([
  's', 'sec', 'secs', 'second', 'seconds',
  'm', 'min', 'mins', 'minute', 'minutes',
  'h', 'hr', 'hrs', 'hour', 'hours',
  'd', 'day', 'days',
  'w', 'wk', 'wks', 'week', 'weeks',
]);

/**
 * Seconds of a retry back-off duration: a whole number and a unit, spaces ignored (`'30s'`, `'5m'`,
 * `'1 hour'`, `'2 days'`, `'1w'`), or undefined when the text is not such a duration. The Python SDK reads any
 * unit by its first letter (so `'10ms'` would mean ten minutes); only unit words are accepted here.
 */
export function durationSeconds(duration: string): number | undefined {
  const m = /^([0-9]+)([a-z]+)$/.exec(duration.replace(/ /g, ''));
  if (!m || !DURATION_UNITS.has(m[2])) return undefined;
  return Number(m[1]) * SECONDS_PER_UNIT[m[2][0]];
}

export function durationProblem(value: string): string | undefined {
  return durationSeconds(value) !== undefined
    ? undefined
    : `'${value}' is not a duration: use a whole number and a unit of seconds, minutes, hours, days or weeks ('30s', '5m', '1 hour', '2d')`;
}

export function cpuProblem(value: string): string | undefined {
  return CPU_PATTERN.test(value)
    ? undefined
    : `'${value}' is not a CPU quantity: use a number of cores ('2', '0.5') or millicores ('500m')`;
}

export function memoryProblem(value: string): string | undefined {
  return MEMORY_PATTERN.test(value)
    ? undefined
    : `'${value}' is not a memory quantity: use a number with an optional suffix E, P, T, G, M, K or Ei, Pi, Ti, Gi, Mi, Ki ('512Mi', '4G')`;
}

export function acceleratorCountProblem(value: string | number): string | undefined {
  const text = String(value);
  if (!/^[0-9]+$/.test(text) || Number(text) < 1) {
    return `'${text}' is not an accelerator count: use a whole number of at least 1`;
  }
  return undefined;
}
