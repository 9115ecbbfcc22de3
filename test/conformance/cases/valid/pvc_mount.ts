import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const producer = pythonComponent({ ...golden.python('exec-producer'), outputs: { Output: t.string() } });
  const consumer = pythonComponent(golden.python('exec-consumer'));

  return pipeline({ name: 'pvc-mount-pipeline', inputs: { pvc_name: t.string() } }, ({ pvc_name }) => {
    const p = producer();
    const c = consumer().after(p);
    // Both tasks see the given PVC at /data.
    p.mountPvc(pvc_name, '/data');
    c.mountPvc(pvc_name, '/data');
  });
};
