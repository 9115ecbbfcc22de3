import { describe, expect, it } from 'vitest';
import { evaluateQualityGate, metricValue, parseComparison } from '../../packages/components/src/gate/index.js';

describe('evaluateQualityGate', () => {
  it.each([
    ['>=', 0.85, true],
    ['>=', 0.84, false],
    ['>', 0.85, false],
    ['>', 0.86, true],
    ['<=', 0.85, true],
    ['<=', 0.86, false],
    ['<', 0.85, false],
    ['<', 0.1, true],
  ] as const)('%s with value %s against 0.85 passes: %s', (comparison, value, passed) => {
    expect(evaluateQualityGate({ metric: 'dice', value, threshold: 0.85, comparison }).passed).toBe(passed);
  });

  it('defaults to >= and reports Metrics-style scalars and a message', () => {
    const result = evaluateQualityGate({ metric: 'dice', value: 0.9, threshold: 0.85 });
    expect(result.comparison).toBe('>=');
    expect(result.margin).toBeCloseTo(0.05);
    expect(result.metrics).toEqual({ dice: 0.9, dice_threshold: 0.85, passed: 1, margin: result.margin });
    expect(result.message).toBe('dice = 0.9 >= 0.85: passed');
    const lowerIsBetter = evaluateQualityGate({ metric: 'loss', value: 0.3, threshold: 0.2, comparison: '<' });
    expect(lowerIsBetter).toMatchObject({ passed: false, metrics: { passed: 0 } });
    expect(lowerIsBetter.margin).toBeCloseTo(-0.1);
  });

  it('never passes a NaN metric and rejects a bad threshold', () => {
    for (const comparison of ['>=', '>', '<=', '<'] as const) {
      const result = evaluateQualityGate({ metric: 'dice', value: Number.NaN, threshold: 0.5, comparison });
      expect(result.passed).toBe(false);
      expect(result.message).toContain('NaN');
    }
    expect(() => evaluateQualityGate({ metric: 'dice', value: 1, threshold: Number.NaN })).toThrow(/finite/);
    expect(() => evaluateQualityGate({ metric: ' ', value: 1, threshold: 1 })).toThrow(/name/);
  });

  it('parses comparisons from component inputs and reads metrics from records', () => {
    expect(parseComparison(' GE ')).toBe('>=');
    expect(parseComparison('<')).toBe('<');
    expect(() => parseComparison('==')).toThrow(/one of/);
    expect(metricValue({ dice: 0.8, iou: '0.7' }, 'iou')).toBe(0.7);
    expect(() => metricValue({ dice: 0.8 }, 'iou')).toThrow("metric 'iou' not found; available: dice");
    expect(() => metricValue({ dice: 'high' }, 'dice')).toThrow(/not a number: "high"/);
    expect(Number.isNaN(metricValue({ dice: 'NaN' }, 'dice'))).toBe(true);
    expect(() => metricValue({ dice: null }, 'dice')).toThrow(/not a number/);
  });
});
