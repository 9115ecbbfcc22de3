import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const failAlways = pythonComponent({ ...golden.python('exec-fail-always'), outputs: { Output: t.string() } });
  const writeMarker = pythonComponent({
    ...golden.python('exec-write-marker'),
    inputs: { marker_path: t.string() },
    outputs: { Output: t.string() },
  });

  return pipeline(
    { name: 'pipeline_with_ignore_upstream_failure', inputs: { marker_path: t.string() } },
    ({ marker_path }) => {
      const upstream = failAlways();
      const cleanup = writeMarker({ marker_path });
      cleanup.after(upstream).ignoreUpstreamFailure();
    },
  );
};
