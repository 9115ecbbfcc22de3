import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const coreComp = pythonComponent({
    ...golden.python('exec-core-comp'),
    outputs: { ds1: t.dataset(), ds2: t.dataset() },
  });
  const crustComp = pythonComponent({
    ...golden.python('exec-crust-comp'),
    inputs: { ds1: t.dataset(), ds2: t.dataset() },
  });

  const core = pipeline({ name: 'core' }, () => {
    const task = coreComp();
    task.setCachingOptions(false);
    return task.outputs;
  });

  const mantle = pipeline({ name: 'mantle' }, () => {
    const dagTask = core();
    dagTask.setCachingOptions(false);
    return dagTask.outputs;
  });

  return pipeline({ name: 'multiple_artifacts_namedtuple-pipeline' }, () => {
    const dagTask = mantle();
    dagTask.setCachingOptions(false);
    const task = crustComp({ ds1: dagTask.outputs.ds1, ds2: dagTask.outputs.ds2 });
    task.setCachingOptions(false);
  });
};
