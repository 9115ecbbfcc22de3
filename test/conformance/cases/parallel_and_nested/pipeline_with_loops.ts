import { ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const argsGeneratorOp = pythonComponent({
    ...golden.python('exec-args-generator-op'),
    outputs: { Output: t.list(t.struct()) },
  });
  const printText = pythonComponent({ ...golden.python('exec-print-text'), inputs: { msg: t.string() } });
  const printStruct = pythonComponent({ ...golden.python('exec-print-struct'), inputs: { struct: t.struct() } });

  return pipeline(
    { name: 'pipeline-with-loops', inputs: { loop_parameter: t.list(t.string()).default(['a', 'b']) } },
    ({ loop_parameter }) => {
      // Items from a pipeline input.
      ParallelFor(loop_parameter, (item) => {
        printText({ msg: item });
      });

      // Items from a task output.
      const argsGenerator = argsGeneratorOp();
      ParallelFor(argsGenerator.output, (item) => {
        printStruct({ struct: item });
        printText({ msg: item.get('A_a') });
        printText({ msg: item.get('B_b') });
      });

      // Items known when the pipeline is compiled.
      const loopArgs = [
        { A_a: '1', B_b: '2' },
        { A_a: '10', B_b: '20' },
      ];
      ParallelFor(loopArgs, (item) => {
        printStruct({ struct: item });
        printText({ msg: item.get('A_a') });
        printText({ msg: item.get('B_b') });
      });
    },
  );
};
