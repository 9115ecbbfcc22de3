import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';
import { pvcComponents } from '../../pvc-components.js';

export default (golden: Golden) => {
  const { createPvc, deletePvc } = pvcComponents(golden);
  const producer = pythonComponent({ ...golden.python('exec-producer'), outputs: { Output: t.string() } });
  const consumer = pythonComponent({ ...golden.python('exec-consumer'), outputs: { Output: t.string() } });

  return pipeline({ name: 'pipeline_with_volume_no_cache' }, () => {
    const pvc1 = createPvc({
      pvc_name_suffix: '-my-pvc',
      access_modes: ['ReadWriteOnce'],
      size: '5Mi',
      storage_class_name: 'standard',
    }).setCachingOptions(false);

    const task1 = producer();
    const task2 = consumer().after(task1);

    task1.mountPvc(pvc1.outputs.name, '/data');
    task2.mountPvc(pvc1.outputs.name, '/data');

    deletePvc({ pvc_name: pvc1.outputs.name }).after(task2).setCachingOptions(false);
  });
};
