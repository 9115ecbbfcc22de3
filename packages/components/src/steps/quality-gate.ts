/**
 * The quality gate of the polyp pipeline as a TypeScript step: a metric against a threshold, for a
 * pipeline condition (`If(gate.outputs.passed.eq(true), …)`) or, with `failIfNotPassed`, to stop the run.
 */
import { t, tsComponent } from '@kfp-ts/dsl';
import { evaluateQualityGate, metricValue, parseComparison } from '../gate/quality-gate.js';
import { POLYP_COMPONENTS_IMAGE } from './image.js';

/**
 * Compares a metric with a threshold. The metric is either given as `metricValue` or read by `metricName`
 * from a Metrics artifact (`metrics`); exactly one of the two must be given.
 *
 * @example
 * const gate = qualityGateStep({ metrics: evaluate.outputs.metrics, metricName: 'dice', threshold: 0.8 });
 * If(gate.outputs.passed.eq(true), () => { ... });
 */
export const qualityGateStep = tsComponent({
  name: 'quality-gate',
  description: 'Compares a metric with a threshold and reports whether the model passes.',
  targetImage: POLYP_COMPONENTS_IMAGE,
  inputs: {
    metricName: t.string().default('dice').describe('Name of the metric: the key read from `metrics`, and its name in the gate metrics.'),
    metricValue: t.float().optionalInput().describe('The metric value; give this or `metrics`.'),
    metrics: t.metrics().optionalInput().describe('A Metrics artifact holding `metricName`; give this or `metricValue`.'),
    threshold: t.float().describe('The threshold the metric is compared with.'),
    comparison: t.string().default('>=').describe("How the metric must relate to the threshold to pass: '>=', '>', '<=', '<' (or ge, gt, le, lt)."),
    failIfNotPassed: t.boolean().default(false).describe('Fail the task when the gate does not pass, instead of reporting passed = false.'),
  },
  outputs: {
    passed: t.boolean().describe('Whether the metric passed the threshold; a NaN metric never passes.'),
    gateMetrics: t.metrics().describe('The metric value, the threshold, passed (1 or 0) and the margin (NaN values left out).'),
  },
  run(inputs, { gateMetrics }) {
    const comparison = parseInput('comparison', () => parseComparison(inputs.comparison));
    const metric = inputs.metricName.trim();
    if (!metric) throw new Error("input 'metricName' must not be empty");
    if ((inputs.metricValue === undefined) === (inputs.metrics === undefined)) {
      throw new Error("give exactly one of the inputs 'metricValue' and 'metrics'");
    }
    const value =
      inputs.metricValue ?? parseInput('metrics', () => metricValue(inputs.metrics!.metadata as Record<string, unknown>, metric));

    const result = evaluateQualityGate({ metric, value, threshold: inputs.threshold, comparison });
    console.log(result.message);
    // A Metrics artifact holds finite numbers only; a NaN metric shows as passed = 0 without its value.
    for (const [name, number] of Object.entries(result.metrics)) {
      if (Number.isFinite(number)) gateMetrics.logMetric(name, number);
    }
    if (!result.passed && inputs.failIfNotPassed) throw new Error(`quality gate not passed: ${result.message}`);
    return { passed: result.passed };
  },
});

/** Runs a parse of an input, naming the input in its error. */
function parseInput<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new Error(`input '${field}': ${(error as Error).message}`);
  }
}
