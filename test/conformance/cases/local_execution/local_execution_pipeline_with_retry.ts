import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const flaky = pythonComponent({
    ...golden.python('exec-flaky'),
    inputs: { counter_path: t.string() },
    outputs: { Output: t.string() },
  });

  return pipeline({ name: 'pipeline_with_retry', inputs: { counter_path: t.string() } }, ({ counter_path }) => {
    const task = flaky({ counter_path });
    task.setRetry({ maxRetryCount: 3, backoffDuration: '0s', backoffFactor: 1.0 });
    return task.output;
  });
};
