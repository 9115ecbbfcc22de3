import { containerComponent, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const printOp1 = pythonComponent({
    ...golden.python('exec-print-op1'),
    inputs: { msg: t.string() },
    outputs: { Output: t.string() },
  });
  const printOp2 = containerComponent({
    name: 'print_op2',
    inputs: { msg: t.string() },
    image: 'alpine',
    command: ({ inputs }) => ['echo', inputs.msg],
  });

  const innerPipeline = pipeline({ name: 'inner_pipeline', inputs: { msg: t.string() } }, ({ msg }) => {
    const task = printOp1({ msg });
    printOp2({ msg: task.output });
  });

  return pipeline({ name: 'pipeline-in-pipeline' }, () => {
    printOp1({ msg: 'Hello' });
    innerPipeline({ msg: 'world' });
  });
};
