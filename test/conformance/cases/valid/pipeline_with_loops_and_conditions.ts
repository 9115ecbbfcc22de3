import { If, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const argsGeneratorOp = pythonComponent({ ...golden.python('exec-args-generator-op'), outputs: { Output: t.list() } });
  const printText = pythonComponent({
    ...golden.python('exec-print-text'),
    inputs: { msg: t.string(), msg2: t.string().default(null) },
  });
  const printStruct = pythonComponent({ ...golden.python('exec-print-struct'), inputs: { struct: t.struct() } });
  const flipCoinOp = pythonComponent({ ...golden.python('exec-flip-coin-op'), outputs: { Output: t.string() } });

  const loopParameterDefault = [
    { A_a: 'heads', B_b: ['A', 'B'] },
    { A_a: 'tails', B_b: ['X', 'Y', 'Z'] },
  ];

  return pipeline(
    {
      name: 'pipeline-with-loops-and-conditions-multi-layers',
      inputs: { msg: t.string().default('hello'), loop_parameter: t.list().default(loopParameterDefault) },
    },
    ({ msg, loop_parameter }) => {
      const flip = flipCoinOp();
      const outerArgsGenerator = argsGeneratorOp();

      If(flip.output.ne('no-such-result'), () => {
        // Always true.
        const innerArgGenerator = argsGeneratorOp();

        ParallelFor(outerArgsGenerator.output, (item) => {
          printText({ msg });

          If(item.get('A_a').eq('heads'), () => {
            printText({ msg: item.get('B_b') });
          });

          If(flip.output.eq('heads'), () => {
            printText({ msg: item.get('B_b') });
          });

          If(item.get('A_a').eq('tails'), () => {
            ParallelFor([{ a: '-1' }, { a: '-2' }], (innerItem) => {
              printStruct({ struct: innerItem });
            });
          });

          ParallelFor(item.get('B_b'), (itemB) => {
            printText({ msg: itemB });
          });

          ParallelFor(loop_parameter, (pipelineItem) => {
            printText({ msg: pipelineItem });
            ParallelFor(innerArgGenerator.output, (innerItem) => {
              printText({ msg: pipelineItem, msg2: innerItem.get('A_a') });
            });
          });

          ParallelFor(['1', '2'], (staticItem) => {
            printText({ msg: staticItem });
            If(staticItem.eq('1'), () => {
              printText({ msg: '1' });
            });
          });
        });
      });

      // A loop item used two groups further down.
      ParallelFor(loop_parameter, (item) => {
        If(item.get('A_a').eq('heads'), () => {
          ParallelFor(item.get('B_b'), (itemB) => {
            printText({ msg: itemB });
          });
        });
      });
    },
  );
};
