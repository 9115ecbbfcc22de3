/**
 * Params, metrics and tags logged with `runs/log-batch`, split into requests within MLflow's limits
 * (per request: ≤ 1000 metrics, ≤ 100 params, ≤ 100 tags, ≤ 1000 entries, ≤ 1 MB of JSON). Everything is
 * checked before the first request, so a bad key fails the step without logging half of the data.
 *
 * A batch can be sent again safely: timestamps are fixed in the request, the server drops metric entries
 * that are identical to logged ones, a param logged again with the same value is accepted, and a tag is
 * overwritten with the same value.
 */
import { posix } from 'node:path';
import { MlflowValidationError } from './errors.js';
import type { MlflowTransport } from './transport.js';
import type { KeyValue, WireMetric } from './types.js';

/** MLflow's limits of one `runs/log-batch` request and of keys and values. */
export const LOG_BATCH_LIMITS = {
  metrics: 1000,
  params: 100,
  tags: 100,
  entries: 1000,
  /** The server rejects larger request bodies; the client stays below with a margin. */
  requestBytes: 1_000_000,
  keyLength: 250,
  paramValueLength: 6000,
  /** Older servers accept 5000 characters, newer 8000: the client keeps to the smaller. */
  tagValueLength: 5000,
} as const;

/** A metric value at one step. `timestamp` is in milliseconds since the epoch. */
export interface MetricPoint {
  key: string;
  value: number;
  step?: number;
  timestamp?: number;
}

/** What to log on a run. Params and tags are converted to strings. */
export interface RunLogData {
  params?: Record<string, string | number | boolean>;
  tags?: Record<string, string>;
  /** Metric points; a plain record logs each value at step 0. */
  metrics?: MetricPoint[] | Record<string, number>;
}

/** One `runs/log-batch` body without the run id. */
export interface LogBatch {
  metrics: WireMetric[];
  params: KeyValue[];
  tags: KeyValue[];
}

/** Logs `data` on `runId` in as few requests as the limits allow. Returns the number of requests sent. */
export async function logRunData(
  transport: MlflowTransport,
  runId: string,
  data: RunLogData,
  defaultTimestamp: number = Date.now(),
): Promise<number> {
  const batches = planLogBatches(data, defaultTimestamp);
  for (const batch of batches) {
    await transport.call('POST', 'runs/log-batch', { body: { run_id: runId, ...batch } });
  }
  return batches.length;
}

/** Validates `data` and splits it into request bodies within {@link LOG_BATCH_LIMITS}. */
export function planLogBatches(data: RunLogData, defaultTimestamp: number = Date.now()): LogBatch[] {
  const params = Object.entries(data.params ?? {}).map(([key, value]) => toParam(key, value));
  const tags = Object.entries(data.tags ?? {}).map(([key, value]) => toTag(key, value));
  const metrics = metricPoints(data.metrics).map((point) => toMetric(point, defaultTimestamp));

  const batches: LogBatch[] = [];
  let current: LogBatch = emptyBatch();
  let currentBytes = BATCH_OVERHEAD_BYTES;
  const add = (kind: keyof LogBatch, entry: WireMetric | KeyValue) => {
    const bytes = Buffer.byteLength(JSON.stringify(entry)) + 1;
    const limit = kind === 'metrics' ? LOG_BATCH_LIMITS.metrics : kind === 'params' ? LOG_BATCH_LIMITS.params : LOG_BATCH_LIMITS.tags;
    const entries = current.metrics.length + current.params.length + current.tags.length;
    if (
      current[kind].length >= limit ||
      entries >= LOG_BATCH_LIMITS.entries ||
      currentBytes + bytes > REQUEST_BYTES_BUDGET
    ) {
      batches.push(current);
      current = emptyBatch();
      currentBytes = BATCH_OVERHEAD_BYTES;
    }
    (current[kind] as Array<WireMetric | KeyValue>).push(entry);
    currentBytes += bytes;
  };
  // Params first: a param conflict (same key, other value) then fails before metrics are logged.
  for (const param of params) add('params', param);
  for (const tag of tags) add('tags', tag);
  for (const metric of metrics) add('metrics', metric);
  if (current.metrics.length + current.params.length + current.tags.length > 0) batches.push(current);
  return batches;
}

/** Room for the run id and the JSON frame of a request. */
const BATCH_OVERHEAD_BYTES = 512;
/** Below the server's limit, for safety against differences in how bytes are counted. */
const REQUEST_BYTES_BUDGET = Math.floor(LOG_BATCH_LIMITS.requestBytes * 0.9);

function emptyBatch(): LogBatch {
  return { metrics: [], params: [], tags: [] };
}

function metricPoints(metrics: RunLogData['metrics']): MetricPoint[] {
  if (!metrics) return [];
  if (Array.isArray(metrics)) return metrics;
  return Object.entries(metrics).map(([key, value]) => ({ key, value }));
}

function toParam(key: string, value: string | number | boolean): KeyValue {
  checkKey('param', key);
  const text = String(value);
  if (text.length > LOG_BATCH_LIMITS.paramValueLength) {
    throw new MlflowValidationError(
      `param '${key}' has a value of ${text.length} characters; MLflow accepts at most ${LOG_BATCH_LIMITS.paramValueLength}`,
    );
  }
  return { key, value: text };
}

function toTag(key: string, value: string): KeyValue {
  checkKey('tag', key);
  const text = String(value);
  if (text.length > LOG_BATCH_LIMITS.tagValueLength) {
    throw new MlflowValidationError(
      `tag '${key}' has a value of ${text.length} characters; the client writes at most ${LOG_BATCH_LIMITS.tagValueLength}`,
    );
  }
  return { key, value: text };
}

function toMetric(point: MetricPoint, defaultTimestamp: number): WireMetric {
  checkKey('metric', point.key);
  if (typeof point.value !== 'number') {
    throw new MlflowValidationError(`metric '${point.key}' must be a number, got ${typeof point.value}`);
  }
  const step = point.step ?? 0;
  const timestamp = point.timestamp ?? defaultTimestamp;
  if (!Number.isSafeInteger(step)) throw new MlflowValidationError(`metric '${point.key}': step must be an integer, got ${step}`);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new MlflowValidationError(`metric '${point.key}': timestamp must be a non-negative integer (ms), got ${timestamp}`);
  }
  return { key: point.key, value: wireDouble(point.value), timestamp, step };
}

/** Non-finite doubles as protobuf JSON spells them. */
function wireDouble(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/** MLflow's rules for param, metric and tag keys. */
const VALID_KEY = /^[/\w.\- ]+$/;

function checkKey(kind: string, key: string): void {
  if (!key) throw new MlflowValidationError(`${kind} key must not be empty`);
  if (key.length > LOG_BATCH_LIMITS.keyLength) {
    throw new MlflowValidationError(`${kind} key '${key.slice(0, 60)}…' is longer than ${LOG_BATCH_LIMITS.keyLength} characters`);
  }
  if (!VALID_KEY.test(key)) {
    throw new MlflowValidationError(
      `${kind} key '${key}' may only contain letters, digits, underscores, dashes, periods, spaces and slashes`,
    );
  }
  // Keys can become file names on the server: they must not normalize to another name.
  const normalized = posix.normalize(key);
  if (normalized !== key || normalized === '.' || normalized.startsWith('..') || normalized.startsWith('/')) {
    throw new MlflowValidationError(`${kind} key '${key}' would resolve to another path ('${normalized}')`);
  }
}
