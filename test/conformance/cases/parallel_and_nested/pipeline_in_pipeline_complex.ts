import { containerComponent, If, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
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
  const printOp3 = containerComponent({
    name: 'Print Op',
    inputs: { msg: t.string() },
    image: 'alpine',
    command: ({ inputs }) => ['echo', inputs.msg],
  });

  const graphComponent = pipeline({ name: 'inner-pipeline', inputs: { msg: t.string() } }, ({ msg }) => {
    const task = printOp1({ msg });
    If(task.output.eq('Hello'), () => {
      printOp2({ msg: 'world' });
    });
    If(task.output.ne('Hello'), () => {
      printOp3({ msg: 'Bye!' });
    });
  });

  // Declared but never compiled: declaring a pipeline does not change the one that uses the same component.
  pipeline({ name: 'pipeline-not-used' }, () => {
    graphComponent({ msg: 'abc' });
  });

  return pipeline({ name: 'pipeline-in-pipeline-complex', inputs: { msg: t.string().default('Hello') } }, ({ msg }) => {
    printOp1({ msg });
    ParallelFor(['Hello', 'world!'], (item) => {
      graphComponent({ msg: item });
    });
  });
};
