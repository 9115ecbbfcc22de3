import { ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const printOp = pythonComponent({
    ...golden.python('exec-print-op'),
    inputs: { text: t.string() },
    outputs: { Output: t.string() },
  });
  const printOp2 = pythonComponent({
    ...golden.python('exec-print-op2'),
    inputs: { text1: t.string(), text2: t.string() },
    outputs: { Output: t.string() },
  });

  return pipeline(
    { name: 'pipeline-with-pipelineparam-containing-format', inputs: { name: t.string().default('KFP') } },
    ({ name }) => {
      const printTask = printOp({ text: `Hello ${name}` });
      printOp({ text: `${printTask.output}, again.` });

      const newValue = ` and ${name}.`;
      ParallelFor(['1', '2'], (item) => {
        printOp2({ text1: item, text2: newValue });
      });
    },
  );
};
