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
    outputs: { data: t.artifact() },
    image: 'alpine',
    command: ['sh', '-c', 'mkdir --parents $(dirname "$1") && echo "$0" > "$1"'],
    args: ({ inputs, outputs }) => [inputs.msg, outputs.data.path],
  });

  const innerPipeline = pipeline({ name: 'inner_pipeline', inputs: { msg: t.string() } }, ({ msg }) => {
    const task1 = printOp1({ msg });
    const task2 = printOp2({ msg: task1.output });
    return { msg: task1.output, data: task2.output };
  });

  return pipeline({ name: 'pipeline-in-pipeline', inputs: { msg: t.string().default('Hello') } }, ({ msg }) => {
    printOp1({ msg });
    const task2 = innerPipeline({ msg: 'world' });
    return task2.outputs.data;
  });
};
