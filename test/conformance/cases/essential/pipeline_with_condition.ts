import { If, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const flipCoinOp = pythonComponent({ ...golden.python('exec-flip-coin-op'), outputs: { Output: t.string() } });
  const printOp = pythonComponent({ ...golden.python('exec-print-op'), inputs: { msg: t.string() } });

  return pipeline(
    { name: 'single-condition-pipeline', inputs: { text: t.string().default('condition test') } },
    ({ text }) => {
      const flip1 = flipCoinOp().setCachingOptions(false);
      printOp({ msg: flip1.output });

      If(flip1.output.eq('heads'), () => {
        const flip2 = flipCoinOp().setCachingOptions(false);
        printOp({ msg: flip2.output });
        printOp({ msg: text });
      });
    },
  );
};
