/**
 * Constant values in the IR: what may be a constant, and how resource quantities convert to the
 * deprecated numeric fields the Python compiler still writes next to the string ones.
 */

/** True for values the IR can hold as a constant (`google.protobuf.Value` without nulls inside). */
export function isConstantValue(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isConstantValue);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).every(isConstantValue);
  }
  return false;
}

/** CPU cores of a quantity such as `'500m'` or `'2'`. */
export function cpuToCores(cpu: string): number {
  return cpu.endsWith('m') ? Number(cpu.slice(0, -1)) / 1000 : Number(cpu);
}

const MEMORY_UNITS: Record<string, number> = {
  E: 1e18,
  P: 1e15,
  T: 1e12,
  G: 1e9,
  M: 1e6,
  K: 1e3,
  k: 1e3,
  Ei: 2 ** 60,
  Pi: 2 ** 50,
  Ti: 2 ** 40,
  Gi: 2 ** 30,
  Mi: 2 ** 20,
  Ki: 2 ** 10,
};

/** Gigabytes (10^9 bytes) of a quantity such as `'256Mi'` or `'4G'`, computed as Python does. */
export function memoryToGigabytes(memory: string): number {
  const m = /^([0-9]*\.?[0-9]+)([A-Za-z]*)$/.exec(memory);
  if (!m) return NaN;
  const unit = m[2] ? MEMORY_UNITS[m[2]] : 1;
  return (Number(m[1]) * unit) / 1e9;
}
