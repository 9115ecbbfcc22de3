import { containerComponent, ifPresent, importer, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const pythonArtifactPrinter = pythonComponent({
    ...golden.python('exec-python-artifact-printer'),
    inputs: { artifact: t.artifact().optionalInput() },
  });
  const customArtifactPrinter = containerComponent({
    name: 'custom_artifact_printer',
    inputs: { artifact: t.artifact().optionalInput() },
    image: 'alpine',
    command: ({ inputs }) => [ifPresent(inputs.artifact, ['echo', inputs.artifact.uri], ['echo', 'No artifact provided!'])],
  });

  const innerPipeline = pipeline({ name: 'inner-pipeline', inputs: { dataset: t.dataset().optionalInput() } }, ({ dataset }) => {
    pythonArtifactPrinter({ artifact: dataset });
  });

  return pipeline({ name: 'optional-artifact-pipeline', inputs: { dataset1: t.dataset().optionalInput() } }, ({ dataset1 }) => {
    customArtifactPrinter({ artifact: dataset1 });
    customArtifactPrinter();
    const dataset2 = importer({ artifactUri: 'gs://ml-pipeline-playground/shakespeare1.txt', artifactClass: t.dataset() });
    innerPipeline({ dataset: dataset2.output });
    innerPipeline();
  });
};
