import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const coreComp = pythonComponent({
    ...golden.python('exec-core-comp'),
    outputs: { val1: t.string(), val2: t.string() },
  });
  const crustComp = pythonComponent({
    ...golden.python('exec-crust-comp'),
    inputs: { val1: t.string(), val2: t.string() },
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

  return pipeline({ name: 'multiple_parameters_namedtuple-pipeline' }, () => {
    const dagTask = mantle();
    dagTask.setCachingOptions(false);
    const task = crustComp({ val1: dagTask.outputs.val1, val2: dagTask.outputs.val2 });
    task.setCachingOptions(false);
  });
};
