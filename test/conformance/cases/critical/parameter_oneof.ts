import { If, OneOf, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const flipCoin = pythonComponent({ ...golden.python('exec-flip-coin'), outputs: { Output: t.string() } });
  const coreComp = pythonComponent({
    ...golden.python('exec-core-comp'),
    inputs: { input: t.string() },
    outputs: { Output: t.string() },
  });
  const coreOutputComp = pythonComponent({
    ...golden.python('exec-core-output-comp'),
    inputs: { input: t.string() },
    outputs: { output_key: t.string() },
  });
  const crustComp = pythonComponent({ ...golden.python('exec-crust-comp'), inputs: { input: t.string() } });

  const core = pipeline({ name: 'core' }, () => {
    const flipCoinTask = flipCoin().setCachingOptions(false);
    const {
      results: [t1, t2],
    } = If(flipCoinTask.output.eq('heads'), () => coreComp({ input: 'Got heads!' }).setCachingOptions(false))
      .Else(() => coreOutputComp({ input: 'Got tails!' }).setCachingOptions(false));
    return OneOf(t1.output, t2.outputs.output_key);
  });

  const mantle = pipeline({ name: 'mantle' }, () => {
    const dagTask = core().setCachingOptions(false);
    return dagTask.output;
  });

  // The Python source names this pipeline after its file: 'parameter_oneof' + '-pipeline'.
  return pipeline({ name: 'parameter_oneof-pipeline' }, () => {
    const dagTask = mantle().setCachingOptions(false);
    crustComp({ input: dagTask.output }).setCachingOptions(false);
  });
};
