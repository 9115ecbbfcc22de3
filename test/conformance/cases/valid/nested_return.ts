import { pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) =>
  pythonComponent({ ...golden.python('exec-nested-return'), outputs: { Output: t.list() } });
