import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

// A notebook component: the helper code (the embedded notebook archive and its runner) comes from
// the golden; the runner needs a notebook client and a Python kernel installed at run time.
export default (golden: Golden) => {
  const runTrainNotebook = pythonComponent({
    ...golden.python('exec-run-train-notebook'),
    packagesToInstall: [
      'nbclient>=0.10,<1',
      'ipykernel>=6,<7',
      'jupyter_client>=7,<9',
      'fastjsonschema<2.22; python_version < "3.10"',
    ],
    inputs: { text: t.string() },
  });

  return pipeline({ name: 'nb-simple', inputs: { text: t.string().default('hello') } }, ({ text }) => {
    runTrainNotebook({ text }).setCachingOptions(false);
  });
};
