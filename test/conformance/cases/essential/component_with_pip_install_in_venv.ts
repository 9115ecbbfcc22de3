import { pipeline, pythonComponent } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

// The Python case compiles the component on its own (a one-task pipeline named after it).
export default (golden: Golden) => {
  const componentWithPipInstall = pythonComponent({
    ...golden.python('exec-component-with-pip-install'),
    pipIndexUrls: ['https://pypi.org/simple'],
    packagesToInstall: ['yapf'],
    useVenv: true,
  });

  return pipeline({ name: 'component-with-pip-install' }, () => {
    componentWithPipInstall();
  });
};
