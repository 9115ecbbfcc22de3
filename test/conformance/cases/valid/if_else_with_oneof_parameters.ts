import { If, OneOf, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const flipCoin = pythonComponent({ ...golden.python('exec-flip-coin'), outputs: { Output: t.string() } });
  const printAndReturn = pythonComponent({
    ...golden.python('exec-print-and-return'),
    inputs: { text: t.string() },
    outputs: { Output: t.string() },
  });

  return pipeline({ name: 'flip-coin-pipeline' }, () => {
    const flipCoinTask = flipCoin();
    const { results } = If(flipCoinTask.output.eq('heads'), () => printAndReturn({ text: 'Got heads!' }))
      .Else(() => printAndReturn({ text: 'Got tails!' }));
    const [printTask1, printTask2] = results;
    const x = OneOf(printTask1.output, printTask2.output);
    printAndReturn({ text: x });
    return x;
  });
};
