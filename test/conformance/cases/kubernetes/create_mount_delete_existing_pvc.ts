import { pipeline, pythonComponent } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';
import { pvcComponents } from '../../pvc-components.js';

export default (golden: Golden) => {
  const { createPvc, deletePvc } = pvcComponents(golden);
  const comp = pythonComponent(golden.python('exec-comp'));

  return pipeline({ name: 'my_pipeline' }, () => {
    const pvc1 = createPvc({
      pvc_name: 'static-pvc-name-cmdep',
      access_modes: ['ReadWriteOnce'],
      size: '5Gi',
      storage_class_name: 'standard',
    });
    const task1 = comp().mountPvc(pvc1.outputs.name, '/data');

    deletePvc({ pvc_name: pvc1.outputs.name }).after(task1);
  });
};
