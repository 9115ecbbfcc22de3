import { If, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const flipCoinOp = pythonComponent({ ...golden.python('exec-flip-coin-op'), outputs: { Output: t.string() } });
  const printOp = pythonComponent({ ...golden.python('exec-print-op'), inputs: { msg: t.string() } });

  return pipeline({ name: 'nested-conditions-pipeline' }, () => {
    const flip1 = flipCoinOp();
    printOp({ msg: flip1.output });
    const flip2 = flipCoinOp();
    printOp({ msg: flip2.output });

    // Always true: the nested condition is what this pipeline shows.
    If(flip1.output.ne('no-such-result'), () => {
      const flip3 = flipCoinOp();
      printOp({ msg: flip3.output });

      If(flip2.output.eq(flip3.output), () => {
        const flip4 = flipCoinOp();
        printOp({ msg: flip4.output });
      });
    });
  });
};
