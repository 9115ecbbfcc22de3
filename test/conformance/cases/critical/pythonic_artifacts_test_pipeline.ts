import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  // Pythonic artifacts: the function returns the artifact, which becomes the output `Output`.
  const genData = pythonComponent({ ...golden.python('exec-gen-data'), outputs: { Output: t.dataset() } });
  const trainModel = pythonComponent({
    ...golden.python('exec-train-model'),
    inputs: { dataset: t.dataset() },
    outputs: { Output: t.model() },
  });

  return pipeline({ name: 'pythonic-artifacts-test' }, () => {
    const t1 = genData().setCachingOptions(false);
    trainModel({ dataset: t1.output }).setCachingOptions(false);
  });
};
