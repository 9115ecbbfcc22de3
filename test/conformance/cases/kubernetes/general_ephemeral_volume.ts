import { pipeline, pythonComponent } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const comp = pythonComponent(golden.python('exec-comp'));

  return pipeline({ name: 'my_pipeline' }, () => {
    comp().addEphemeralVolume({
      volumeName: 'pvc-name',
      mountPath: 'path',
      accessModes: ['ReadWriteOnce'],
      size: '5Gi',
      annotations: { annotation1: 'a1' },
    });
  });
};
