import { ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const splitInput = pythonComponent({
    ...golden.python('exec-split-input'),
    inputs: { input: t.string() },
    outputs: { Output: t.list() },
  });
  const createFile = pythonComponent({
    ...golden.python('exec-create-file'),
    inputs: { content: t.string() },
    outputs: { file: t.artifact() },
  });
  const readFile = pythonComponent({
    ...golden.python('exec-read-file'),
    inputs: { file: t.artifact() },
    outputs: { Output: t.string() },
  });
  const printInput = pythonComponent({ ...golden.python('exec-print-input'), inputs: { input: t.list() } });

  return pipeline({ name: 'loop-consume-upstream', displayName: 'Loop Consume Upstream' }, () => {
    const split = splitInput({ input: 'component1,component2,component3' })
      .setCachingOptions(false)
      .setDisplayName('same display name');
    ParallelFor(split.output, (modelId) => {
      const created = createFile({ content: modelId }).setCachingOptions(false).setDisplayName('same display name');
      // Consumes an output of a task in the same iteration.
      readFile({ file: created.outputs.file }).setCachingOptions(false).setDisplayName('same display name');
    });
    printInput({ input: split.output }).setCachingOptions(false).setDisplayName('same display name');
  });
};
