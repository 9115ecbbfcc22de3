import { loadComponentFromText, pipeline, pythonComponent } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

// The component sets ENV1 and ENV2; the task overrides ENV2 and adds ENV3.
const printEnv2Op = loadComponentFromText(`
name: Print env
implementation:
  container:
    image: alpine
    command:
    - sh
    - -c
    - |
      set -e -x
      echo "$ENV1"
      echo "$ENV2"
      echo "$ENV3"
    env:
      ENV1: val0
      ENV2: val0
`);

export default (golden: Golden) => {
  const printEnvOp = pythonComponent({ ...golden.python('exec-print-env-op') });

  return pipeline({ name: 'pipeline-with-env' }, () => {
    printEnvOp().setEnvVariable('ENV1', 'val1');
    printEnv2Op().setEnvVariable('ENV2', 'val2').setEnvVariable('ENV3', 'val3');
  });
};
