/** The quality-gate step's `run`, called as the runtime would: a value or a Metrics artifact against a threshold. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { qualityGateStep } from '@kfp-ts/components';
import { inputArtifact, metricsArtifact } from './step-artifacts.js';

const dir = mkdtempSync(join(tmpdir(), 'kfp-ts-gate-step-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const defaults = { metricName: 'dice', comparison: '>=', failIfNotPassed: false };

function gate(inputs: Partial<Parameters<typeof qualityGateStep.run>[0]> & { threshold: number }) {
  const gateMetrics = metricsArtifact(dir, `gate-${Math.random().toString(36).slice(2)}`);
  const result = qualityGateStep.run({ ...defaults, metricValue: undefined, metrics: undefined, ...inputs }, { gateMetrics });
  return { result: result as { passed: boolean }, gateMetrics };
}

describe('the quality-gate step', () => {
  it('passes a value at the threshold and records the decision', () => {
    const { result, gateMetrics } = gate({ metricValue: 0.85, threshold: 0.85 });
    expect(result).toEqual({ passed: true });
    expect(gateMetrics.metadata).toEqual({ dice: 0.85, dice_threshold: 0.85, passed: 1, margin: 0 });
  });

  it('reads the metric from a Metrics artifact, and compares the other way for losses', () => {
    const metrics = inputArtifact(join(dir, 'eval-metrics'), { metadata: { dice: 0.91, loss: 0.42 }, schemaTitle: 'system.Metrics' });
    expect(gate({ metrics, threshold: 0.9 }).result).toEqual({ passed: true });
    const loss = gate({ metrics, metricName: 'loss', comparison: 'lt', threshold: 0.4 });
    expect(loss.result).toEqual({ passed: false });
    expect(loss.gateMetrics.metadata).toMatchObject({ loss: 0.42, loss_threshold: 0.4, passed: 0 });
    expect(loss.gateMetrics.metadata.margin).toBeCloseTo(-0.02);
  });

  it('never passes a NaN metric, and leaves NaN out of the Metrics artifact', () => {
    const metrics = inputArtifact(join(dir, 'nan-metrics'), { metadata: { dice: 'NaN' }, schemaTitle: 'system.Metrics' });
    const { result, gateMetrics } = gate({ metrics, threshold: 0.5 });
    expect(result).toEqual({ passed: false });
    expect(gateMetrics.metadata).toEqual({ dice_threshold: 0.5, passed: 0 });
  });

  it('fails the task when asked to and the gate does not pass', () => {
    expect(() => gate({ metricValue: 0.7, threshold: 0.8, failIfNotPassed: true })).toThrow('quality gate not passed: dice = 0.7 >= 0.8: failed');
    expect(gate({ metricValue: 0.9, threshold: 0.8, failIfNotPassed: true }).result).toEqual({ passed: true });
  });

  it('names the input that is wrong', () => {
    const metrics = inputArtifact(join(dir, 'm'), { metadata: { iou: 0.5 }, schemaTitle: 'system.Metrics' });
    expect(() => gate({ metricValue: 0.9, threshold: 0.8, comparison: '=>' })).toThrow(
      "input 'comparison': comparison must be one of >=, >, <=, < (or ge, gt, le, lt), got '=>'",
    );
    expect(() => gate({ metrics, threshold: 0.8 })).toThrow("input 'metrics': metric 'dice' not found; available: iou");
    expect(() => gate({ threshold: 0.8 })).toThrow("give exactly one of the inputs 'metricValue' and 'metrics'");
    expect(() => gate({ metricValue: 0.9, metrics, threshold: 0.8 })).toThrow("give exactly one of the inputs 'metricValue' and 'metrics'");
    expect(() => gate({ metricValue: 0.9, threshold: 0.8, metricName: ' ' })).toThrow("input 'metricName' must not be empty");
  });
});
