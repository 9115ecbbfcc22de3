import { Collected, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const splitIds = pythonComponent({
    ...golden.python('exec-split-ids'),
    inputs: { ids: t.string() },
    outputs: { Output: t.list() },
  });
  const prependId = pythonComponent({
    ...golden.python('exec-prepend-id'),
    inputs: { content: t.string() },
    outputs: { Output: t.string() },
  });
  const consumeIds = pythonComponent({
    ...golden.python('exec-consume-ids'),
    inputs: { ids: t.list() },
    outputs: { Output: t.string() },
  });
  const consumeSingleId = pythonComponent({
    ...golden.python('exec-consume-single-id'),
    inputs: { id: t.string() },
    outputs: { Output: t.string() },
  });

  const collectingParameters = pipeline(
    { name: 'collecting-parameters', inputs: { model_ids: t.string().default('') } },
    ({ model_ids }) => {
      const idsSplit = splitIds({ ids: model_ids });
      const prepended = ParallelFor(idsSplit.output, (modelId) => {
        const prepend = prependId({ content: modelId }).setCachingOptions(false);
        consumeSingleId({ id: prepend.output }).setCachingOptions(false);
        return prepend.output;
      });
      consumeIds({ ids: Collected(prepended) }).setCachingOptions(false);
      return Collected(prepended);
    },
  );

  return pipeline({ name: 'collected-param-pipeline' }, () => {
    const modelIds = 's1,s2,s3';
    const dag = collectingParameters({ model_ids: modelIds }).setCachingOptions(false);
    consumeIds({ ids: dag.output }).setCachingOptions(false);
  });
};
