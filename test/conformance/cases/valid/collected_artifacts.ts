import { Collected, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const splitIds = pythonComponent({
    ...golden.python('exec-split-ids'),
    inputs: { model_ids: t.string() },
    outputs: { Output: t.list() },
  });
  const createFile = pythonComponent({
    ...golden.python('exec-create-file'),
    inputs: { content: t.string() },
    outputs: { file: t.artifact() },
  });
  const readSingleFile = pythonComponent({
    ...golden.python('exec-read-single-file'),
    inputs: { file: t.artifact() },
    outputs: { Output: t.string() },
  });
  const splitChars = pythonComponent({
    ...golden.python('exec-split-chars'),
    inputs: { model_ids: t.string() },
    outputs: { Output: t.list() },
  });
  const createDataset = pythonComponent({
    ...golden.python('exec-create-dataset'),
    inputs: { content: t.string() },
    outputs: { data: t.dataset() },
  });
  const readDatasets = pythonComponent({
    ...golden.python('exec-read-datasets'),
    inputs: { data: t.artifactList(t.dataset()) },
    outputs: { Output: t.string() },
  });
  const readSingleDatasetGenerateModel = pythonComponent({
    ...golden.python('exec-read-single-dataset-generate-model'),
    inputs: { data: t.dataset(), id: t.string() },
    outputs: { results: t.model() },
  });
  const readModels = pythonComponent({
    ...golden.python('exec-read-models'),
    inputs: { models: t.artifactList(t.model()) },
    outputs: { Output: t.string() },
  });

  const singleNodeDag = pipeline({ name: 'single-node-dag', inputs: { char: t.string() } }, ({ char }) => {
    const created = createDataset({ content: char }).setCachingOptions(false);
    return created.outputs.data;
  });

  const collectingArtifacts = pipeline(
    { name: 'collecting-artifacts', inputs: { model_ids: t.string().default(''), model_chars: t.string().default('') } },
    ({ model_ids, model_chars }) => {
      const idsSplit = splitIds({ model_ids }).setCachingOptions(false);
      const charSplit = splitChars({ model_ids: model_chars }).setCachingOptions(false);

      const models = ParallelFor(idsSplit.output, (modelId) => {
        const created = createFile({ content: modelId }).setCachingOptions(false);
        readSingleFile({ file: created.outputs.file }).setCachingOptions(false);

        const { datasets, models } = ParallelFor(charSplit.output, (modelChar) => {
          const singleDag = singleNodeDag({ char: modelChar }).setCachingOptions(false);
          const model = readSingleDatasetGenerateModel({ data: singleDag.output, id: modelId }).setCachingOptions(false);
          return { datasets: singleDag.output, models: model.outputs.results };
        });

        readModels({ models: Collected(models) }).setCachingOptions(false);
        readDatasets({ data: Collected(datasets) }).setCachingOptions(false);
        return models;
      });

      return Collected(models);
    },
  );

  return pipeline({ name: 'collected-artifact-pipeline' }, () => {
    const modelIds = 's1,s2,s3';
    const modelChars = 'x,y,z';
    const dag = collectingArtifacts({ model_ids: modelIds, model_chars: modelChars }).setCachingOptions(false);
    readModels({ models: dag.output }).setCachingOptions(false);
  });
};
