import { If, OneOf, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const branchA = pythonComponent({ ...golden.python('exec-branch-a'), outputs: { Output: t.string() } });
  const branchB = pythonComponent({ ...golden.python('exec-branch-b'), outputs: { Output: t.string() } });
  const tagSelected = pythonComponent({
    ...golden.python('exec-tag-selected'),
    inputs: { value: t.string() },
    outputs: { Output: t.string() },
  });

  return pipeline({ name: 'pipeline-with-oneof', inputs: { pick_a: t.boolean().default(true) } }, ({ pick_a }) => {
    const {
      results: [a, b],
    } = If(pick_a.eq(true), () => branchA()).Else(() => branchB());
    const tagged = tagSelected({ value: OneOf(a.output, b.output) });
    return tagged.output;
  });
};
