import { importer, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

const DEFAULT_ARTIFACT_URI = 'gs://ml-pipeline-playground/shakespeare1.txt';
const DEFAULT_IMAGE_URI = 'us-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-5:latest';

export default (golden: Golden) => {
  const makeName = pythonComponent({
    ...golden.python('exec-make-name'),
    inputs: { name: t.string() },
    outputs: { Output: t.string() },
  });

  return pipeline(
    {
      name: 'pipeline-with-importer',
      inputs: {
        name: t.string().default('default-name'),
        int_input: t.integer().default(1),
        pipeline_input_artifact_uri: t.string().default(DEFAULT_ARTIFACT_URI),
        pipeline_input_image_uri: t.string().default(DEFAULT_IMAGE_URI),
      },
    },
    ({ name, int_input, pipeline_input_artifact_uri, pipeline_input_image_uri }) => {
      importer({
        artifactUri: pipeline_input_artifact_uri,
        artifactClass: t.dataset(),
        reimport: false,
        metadata: {
          name: [name, 'alias-name'],
          containerSpec: { imageUri: pipeline_input_image_uri },
        },
      });

      const makeNameOp = makeName({ name: 'a-different-name' });

      importer({
        artifactUri: DEFAULT_ARTIFACT_URI,
        artifactClass: t.dataset(),
        reimport: false,
        metadata: {
          name: `prefix-${makeNameOp.output}`,
          'list-of-data': [makeNameOp.output, name, int_input],
          [`${makeNameOp.output}`]: makeNameOp.output,
          [`${name}`]: DEFAULT_IMAGE_URI,
          containerSpec: { imageUri: DEFAULT_IMAGE_URI },
        },
      });
    },
  );
};
