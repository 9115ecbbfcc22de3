import { pipeline, pythonComponent } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

// Each component carries an embedded archive (a directory, or a single file), extracted next to the
// program at run time; the embedded input is not part of the component's interface.
export default (golden: Golden) => {
  const readEmbeddedArtifactDir = pythonComponent({ ...golden.python('exec-read-embedded-artifact-dir') });
  const readEmbeddedArtifactFile = pythonComponent({ ...golden.python('exec-read-embedded-artifact-file') });

  return pipeline({ name: 'nb-simple' }, () => {
    readEmbeddedArtifactDir().setCachingOptions(false);
    readEmbeddedArtifactFile().setCachingOptions(false);
  });
};
