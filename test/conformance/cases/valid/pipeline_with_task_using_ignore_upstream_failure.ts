import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const failOp = pythonComponent({
    ...golden.python('exec-fail-op'),
    inputs: { message: t.string() },
    outputs: { Output: t.string() },
  });
  const printOp = pythonComponent({ ...golden.python('exec-print-op'), inputs: { message: t.string().default('default') } });

  return pipeline({ name: 'my_pipeline', inputs: { sample_input: t.string().default('message') } }, ({ sample_input }) => {
    const task = failOp({ message: sample_input });
    printOp({ message: task.output }).ignoreUpstreamFailure();
  });
};
