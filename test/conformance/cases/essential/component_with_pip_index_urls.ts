import { pipeline, pythonComponent } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const componentOp = pythonComponent({
    ...golden.python('exec-component-op'),
    pipIndexUrls: ['https://pypi.org/simple'],
    packagesToInstall: ['yapf'],
  });

  return pipeline({ name: 'v2-component-pip-index-urls' }, () => {
    componentOp();
  });
};
