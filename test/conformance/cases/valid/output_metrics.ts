import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

// The Python case compiles the component on its own (a one-task pipeline named after it).
export default (golden: Golden) => {
  const outputMetrics = pythonComponent({ ...golden.python('exec-output-metrics'), outputs: { metrics: t.metrics() } });

  return pipeline({ name: 'output-metrics' }, () => ({ metrics: outputMetrics().outputs.metrics }));
};
