/**
 * Validation of resource quantities as the KFP backend accepts them. Errors are raised when a task is
 * configured, so they point at the offending line.
 */

/** CPU: an integer or decimal number of cores, or an integer of millicores (`500m`). */
export const CPU_PATTERN = /^(?:[0-9]*\.?[0-9]+|[0-9]+m)$/;

/** Memory: a number with an optional decimal (`E`, `P`, `T`, `G`, `M`, `K`) or binary (`Ei` … `Ki`) suffix. */
export const MEMORY_PATTERN = /^(?:[0-9]*\.?[0-9]+)(?:E|Ei|P|Pi|T|Ti|G|Gi|M|Mi|K|Ki|k)?$/;

/** Durations of retry back-off: a number of seconds, minutes or hours (`30s`, `5m`, `1h`). */
export const DURATION_PATTERN = /^[0-9]+(?:\.[0-9]+)?(?:s|m|h)$/;

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
