import { If, OneOf, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const flipCoin = pythonComponent({ ...golden.python('exec-flip-coin'), outputs: { Output: t.string() } });
  const paramToArtifact = pythonComponent({
    ...golden.python('exec-param-to-artifact'),
    inputs: { val: t.string() },
    outputs: { a: t.artifact() },
  });
  const printArtifact = pythonComponent({ ...golden.python('exec-print-artifact'), inputs: { a: t.artifact() } });

  const flipCoinPipeline = pipeline({ name: 'flip-coin-pipeline' }, () => {
    const flipCoinTask = flipCoin();
    const {
      results: [t1, t2],
    } = If(flipCoinTask.output.eq('heads'), () => paramToArtifact({ val: flipCoinTask.output }))
      .Else(() => paramToArtifact({ val: flipCoinTask.output }));
    const oneof = OneOf(t1.outputs.a, t2.outputs.a);
    printArtifact({ a: oneof });
    return oneof;
  });

  return pipeline({ name: 'outer-pipeline' }, () => {
    const flipCoinTask = flipCoinPipeline();
    printArtifact({ a: flipCoinTask.output });
  });
};
