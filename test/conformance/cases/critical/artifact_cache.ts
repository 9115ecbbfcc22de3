import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const coreComp = pythonComponent({ ...golden.python('exec-core-comp'), outputs: { dataset: t.dataset() } });
  const crustComp = pythonComponent({ ...golden.python('exec-crust-comp'), inputs: { input: t.dataset() } });

  const core = pipeline({ name: 'core' }, () => coreComp().output);
  const mantle = pipeline({ name: 'mantle' }, () => core().output);

  return pipeline({ name: 'artifact_cache-pipeline' }, () => {
    const dagTask = mantle();
    crustComp({ input: dagTask.output });
  });
};
