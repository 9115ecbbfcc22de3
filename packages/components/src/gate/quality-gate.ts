/**
 * A quality gate: a metric compared with a threshold decides whether a model moves on (registration,
 * deployment). The result carries a boolean for the pipeline's condition and Metrics-style scalars for
 * the KFP UI.
 */

/** How the metric must relate to the threshold to pass. */
export type QualityGateComparison = '>=' | '>' | '<=' | '<';

const COMPARISONS: Record<string, QualityGateComparison> = {
  '>=': '>=',
  '>': '>',
  '<=': '<=',
  '<': '<',
  ge: '>=',
  gt: '>',
  le: '<=',
  lt: '<',
};

/** Reads a comparison from a component input: `>=`, `>`, `<=`, `<` or `ge`, `gt`, `le`, `lt`. */
export function parseComparison(text: string): QualityGateComparison {
  const comparison = COMPARISONS[text.trim().toLowerCase()];
  if (!comparison) throw new Error(`comparison must be one of >=, >, <=, < (or ge, gt, le, lt), got '${text}'`);
  return comparison;
}

/** What to compare. */
export interface QualityGateInput {
  /** Name of the metric, e.g. `dice`. */
  metric: string;
  value: number;
  threshold: number;
  /** Default `>=` (higher is better). */
  comparison?: QualityGateComparison;
}

/** The decision and what it was based on. */
export interface QualityGateResult {
  passed: boolean;
  metric: string;
  value: number;
  threshold: number;
  comparison: QualityGateComparison;
  /** How far the value is on the passing side of the threshold (negative when it fails); NaN for a NaN value. */
  margin: number;
  /** One line for logs, e.g. `dice = 0.874 >= 0.85: passed`. */
  message: string;
  /** Scalars for a Metrics artifact: the metric, the threshold, `passed` (1 or 0) and `margin`. */
  metrics: Record<string, number>;
}

/** Compares `input.value` with `input.threshold`. A NaN value never passes. */
export function evaluateQualityGate(input: QualityGateInput): QualityGateResult {
  const comparison = input.comparison ?? '>=';
  if (!(comparison in COMPARISONS)) throw new Error(`unknown comparison '${comparison}'`);
  if (!input.metric.trim()) throw new Error('quality gate metric name must not be empty');
  if (!Number.isFinite(input.threshold)) throw new Error(`quality gate threshold must be a finite number, got ${input.threshold}`);
  const { value, threshold } = input;
  const passed = compare(value, comparison, threshold);
  const margin = comparison.startsWith('>') ? value - threshold : threshold - value;
  const verdict = Number.isNaN(value) ? 'failed (the metric is NaN)' : passed ? 'passed' : 'failed';
  return {
    passed,
    metric: input.metric,
    value,
    threshold,
    comparison,
    margin,
    message: `${input.metric} = ${value} ${comparison} ${threshold}: ${verdict}`,
    metrics: {
      [input.metric]: value,
      [`${input.metric}_threshold`]: threshold,
      passed: passed ? 1 : 0,
      margin,
    },
  };
}

/** Picks `name` from a metrics record (e.g. a Metrics artifact's metadata), with a clear error when absent. */
export function metricValue(metrics: Record<string, unknown>, name: string): number {
  if (!(name in metrics)) {
    const known = Object.keys(metrics).sort().join(', ') || 'none';
    throw new Error(`metric '${name}' not found; available: ${known}`);
  }
  const value = metrics[name];
  // Metrics read from JSON may carry numbers as strings, and NaN as "NaN".
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  const garbled = typeof value === 'string' && Number.isNaN(number) && value.trim() !== 'NaN';
  if (typeof number !== 'number' || garbled) throw new Error(`metric '${name}' is not a number: ${JSON.stringify(value)}`);
  return number;
}

function compare(value: number, comparison: QualityGateComparison, threshold: number): boolean {
  switch (comparison) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
  }
}
