import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const coreComp = pythonComponent({ ...golden.python('exec-core-comp'), outputs: { Output: t.integer() } });
  const crustComp = pythonComponent({ ...golden.python('exec-crust-comp'), inputs: { x: t.integer(), y: t.integer() } });

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

  return pipeline({ name: 'mixed_parameters-pipeline' }, () => {
    const dagTask = mantle();
    dagTask.setCachingOptions(false);
    const task = crustComp({ x: 2, y: dagTask.output });
    task.setCachingOptions(false);
  });
};
