import { If, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const flipCoin = pythonComponent({
    ...golden.python('exec-flip-coin'),
    outputs: { Output: t.string() },
  });
  const randomNum = pythonComponent({
    ...golden.python('exec-random-num'),
    inputs: { low: t.integer(), high: t.integer() },
    outputs: { Output: t.integer() },
  });
  const printMsg = pythonComponent({ ...golden.python('exec-print-msg'), inputs: { msg: t.string() } });

  return pipeline({ name: 'conditional-execution-pipeline', description: 'Shows how to use dsl.If().' }, () => {
    const flip = flipCoin().setCachingOptions(false);
    If(flip.output.eq('heads'), () => {
      const r = randomNum({ low: 0, high: 9 }).setCachingOptions(false);
      If(r.output.gt(5), () => {
        printMsg({ msg: `heads and ${r.output} > 5!` }).setCachingOptions(false);
      });
      If(r.output.le(5), () => {
        printMsg({ msg: `heads and ${r.output} <= 5!` }).setCachingOptions(false);
      });
    });
    If(flip.output.eq('tails'), () => {
      const r = randomNum({ low: 10, high: 19 }).setCachingOptions(false);
      If(r.output.gt(15), () => {
        printMsg({ msg: `tails and ${r.output} > 15!` }).setCachingOptions(false);
      });
      If(r.output.le(15), () => {
        printMsg({ msg: `tails and ${r.output} <= 15!` }).setCachingOptions(false);
      });
    });
  });
};
