import { If, OneOf, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const flipThreeSidedDie = pythonComponent({
    ...golden.python('exec-flip-three-sided-die'),
    outputs: { Output: t.string() },
  });
  const printAndReturn = pythonComponent({
    ...golden.python('exec-print-and-return'),
    inputs: { text: t.string() },
    outputs: { Output: t.string() },
  });
  const specialPrintAndReturn = pythonComponent({
    ...golden.python('exec-special-print-and-return'),
    inputs: { text: t.string() },
    outputs: { output_key: t.string() },
  });

  const rollDiePipeline = pipeline({ name: 'roll-die-pipeline' }, () => {
    const flipCoinTask = flipThreeSidedDie();
    const {
      results: [t1, t2, t3],
    } = If(flipCoinTask.output.eq('heads'), () => printAndReturn({ text: 'Got heads!' }))
      .Elif(flipCoinTask.output.eq('tails'), () => printAndReturn({ text: 'Got tails!' }))
      .Else(() => specialPrintAndReturn({ text: 'Draw!' }));
    return OneOf(t1.output, t2.output, t3.outputs.output_key);
  });

  return pipeline({ name: 'outer-pipeline' }, () => {
    const flipCoinTask = rollDiePipeline();
    return printAndReturn({ text: flipCoinTask.output }).output;
  });
};
