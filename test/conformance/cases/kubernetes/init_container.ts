import { pipeline, pythonComponent } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const printGreeting = pythonComponent(golden.python('exec-print-greeting'));

  return pipeline({ name: 'my_pipeline' }, () => {
    printGreeting()
      .mountEmptyDir({ volumeName: 'shared-data', mountPath: '/data' })
      .addInitContainer({
        name: 'prepare-data',
        image: 'busybox:1.36',
        command: ['sh', '-c'],
        args: ['echo ready > /data/marker'],
        env: { MARKER_TEXT: 'ready' },
        volumeMounts: { 'shared-data': '/data' },
      });
  });
};
