import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const rayFn = pythonComponent({
    ...golden.python('exec-ray-fn'),
    packagesToInstall: ['codeflare-sdk==0.32.2'],
    baseImage: 'registry.access.redhat.com/ubi9/python-311:latest',
    outputs: { Output: t.integer() },
  });

  return pipeline({ name: 'Ray Integration Test', description: 'Ray Integration Test' }, () => {
    rayFn().setCachingOptions(false);
  });
};
