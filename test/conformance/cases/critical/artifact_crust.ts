import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const coreComp = pythonComponent({ ...golden.python('exec-core-comp'), outputs: { dataset: t.dataset() } });
  const crustComp = pythonComponent({ ...golden.python('exec-crust-comp'), inputs: { input: t.dataset() } });

  const core = pipeline({ name: 'core' }, () => {
    const task = coreComp();
    task.setCachingOptions(false);
    return task.output;
  });

  const mantle = pipeline({ name: 'mantle' }, () => {
    const dagTask = core();
    dagTask.setCachingOptions(false);
    return dagTask.output;
  });

  return pipeline({ name: 'artifact_crust-pipeline' }, () => {
    const dagTask = mantle();
    dagTask.setCachingOptions(false);
    const task = crustComp({ input: dagTask.output });
    task.setCachingOptions(false);
  });
};
