import { importer, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

/** Artifact types of the `google` namespace, declared as the Vertex SDK declares them. */
const vertexModel = () => t.customArtifact('google.VertexModel', '0.0.0');
const vertexDataset = () => t.customArtifact('google.VertexDataset', '0.0.0');

export default (golden: Golden) => {
  const packagesToInstall = ['aiplatform'];
  const modelProducer = pythonComponent({
    ...golden.python('exec-model-producer'),
    packagesToInstall,
    outputs: { model: vertexModel() },
  });
  const modelConsumer = pythonComponent({
    ...golden.python('exec-model-consumer'),
    packagesToInstall,
    inputs: { model: vertexModel(), dataset: vertexDataset() },
  });

  return pipeline({ name: 'pipeline-with-google-types' }, () => {
    const producerTask = modelProducer();
    const imported = importer({
      artifactUri: 'gs://ml-pipeline-playground/shakespeare1.txt',
      artifactClass: vertexDataset(),
      reimport: false,
      metadata: { key: 'value' },
    });
    modelConsumer({ model: producerTask.outputs.model, dataset: imported.output });
  });
};
