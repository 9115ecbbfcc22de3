import { ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const outputMetrics = pythonComponent({ ...golden.python('exec-output-metrics'), outputs: { metrics: t.metrics() } });

  return pipeline({ name: 'pipeline-with-metrics-outputs' }, () => {
    outputMetrics();
    ParallelFor([1, 2], () => {
      outputMetrics();
    });
  });
};
