import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const componentOutputArtifact = pythonComponent({
    ...golden.python('exec-component-output-artifact'),
    outputs: { out_dataset: t.dataset() },
  });
  const validateInputArtifact = pythonComponent({
    ...golden.python('exec-validate-input-artifact'),
    inputs: { in_dataset: t.dataset() },
    outputs: { Output: t.boolean() },
  });

  return pipeline(
    { name: 'pipeline_with_custom_path_artifact', description: 'pipeline with artifact with custom path' },
    () => {
      // Generate an artifact, set a custom path and validate the path.
      const taskOutputArtifact = componentOutputArtifact().setCachingOptions(false);
      // Take the output artifact from above as input, and validate as non-nil.
      validateInputArtifact({ in_dataset: taskOutputArtifact.outputs.out_dataset });
    },
  );
};
