import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const comp = pythonComponent(golden.python('exec-comp'));

  return pipeline(
    { name: 'pipeline_secret_volume', inputs: { secret_param: t.string().default('test-secret-1') } },
    ({ secret_param }) => {
      comp().useSecretAsVolume(secret_param, '/mnt/my_vol');
    },
  );
};
