import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  // The golden's program carries the helper functions (`additionalFunctions`) next to `echo`.
  const echo = pythonComponent({ ...golden.python('exec-echo'), inputs: { msg: t.string() } });
  return pipeline(
    { name: 'pipeline-with-utils', description: 'A simple hello world pipeline', inputs: { msg: t.string().default('Hello, World!') } },
    ({ msg }) => {
      echo({ msg });
    },
  );
};
