/** Quality gate: a metric against a threshold. */
export {
  evaluateQualityGate,
  parseComparison,
  metricValue,
  type QualityGateComparison,
  type QualityGateInput,
  type QualityGateResult,
} from './quality-gate.js';
