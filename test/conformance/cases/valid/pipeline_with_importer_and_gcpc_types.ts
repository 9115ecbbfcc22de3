import { importer, loadComponentFromText, pipeline, t } from '@kfp-ts/dsl';

const vertexDataset = t.customArtifact('google.VertexDataset');

const consumerOp = loadComponentFromText(
  `
name: consumer_op
inputs:
  - {name: dataset, type: google.VertexDataset}
implementation:
  container:
    image: dummy
    command:
    - cmd
    args:
    - {inputPath: dataset}
`,
  { inputs: { dataset: vertexDataset } },
);

export default () =>
  pipeline({ name: 'pipeline-with-importer-and-gcpc-type' }, () => {
    const importer1 = importer({
      artifactUri: 'gs://ml-pipeline-playground/shakespeare1.txt',
      artifactClass: vertexDataset,
      reimport: false,
      metadata: { key: 'value' },
    });
    consumerOp({ dataset: importer1.output });
  });
