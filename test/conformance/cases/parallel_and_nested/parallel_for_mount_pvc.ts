import { ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';
import { pvcComponents } from '../../pvc-components.js';

export default (golden: Golden) => {
  const { createPvc } = pvcComponents(golden);
  const exampleComponent = pythonComponent({
    ...golden.python('exec-example-component'),
    inputs: { item: t.string() },
    outputs: { Output: t.string() },
  });

  return pipeline(
    {
      name: 'pipeline-parallel-for-mount-pvc',
      description: 'Pipeline with 1 component inside ParallelFor using mount_pvc.',
      inputs: { my_pvc_name_suffix: t.string().default('test-pvc') },
    },
    () => {
      const pvc = createPvc({
        pvc_name_suffix: '-my-pvc',
        access_modes: ['ReadWriteOnce'],
        size: '5Mi',
        storage_class_name: 'standard',
      });
      ParallelFor(['a'], (item) => {
        exampleComponent({ item }).mountPvc(pvc.outputs.name, '/data');
      });
    },
  );
};
