import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';
import { pvcComponents } from '../../pvc-components.js';

export default (golden: Golden) => {
  const { createPvc, deletePvc } = pvcComponents(golden);
  const comp = pythonComponent(golden.python('exec-comp'));
  const getPvcName = pythonComponent({ ...golden.python('exec-get-pvc-name'), outputs: { Output: t.string() } });

  return pipeline({ name: 'my_pipeline' }, () => {
    const nameTask = getPvcName();

    const pvc1 = createPvc({
      pvc_name: nameTask.output,
      access_modes: ['ReadWriteOnce'],
      size: '5Gi',
      storage_class_name: 'standard',
    });
    const task1 = comp().mountPvc(pvc1.outputs.name, '/data');

    deletePvc({ pvc_name: nameTask.output }).after(task1);
  });
};
