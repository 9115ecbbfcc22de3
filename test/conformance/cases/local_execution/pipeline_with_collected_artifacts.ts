import { Collected, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const writeArtifact = pythonComponent({
    ...golden.python('exec-write-artifact'),
    inputs: { index: t.integer() },
    outputs: { out: t.artifact() },
  });
  const readAndJoin = pythonComponent({
    ...golden.python('exec-read-and-join'),
    inputs: { artifacts: t.artifactList(t.artifact()) },
    outputs: { Output: t.string() },
  });

  return pipeline({ name: 'pipeline-with-collected-artifacts' }, () => {
    const written = ParallelFor([0, 1, 2], (i) => writeArtifact({ index: i }).outputs.out);
    const reader = readAndJoin({ artifacts: Collected(written) });
    return reader.output;
  });
};
