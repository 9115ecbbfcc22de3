import { pipeline, pythonComponent, t, workspacePath } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const writeToWorkspace = pythonComponent({
    ...golden.python('exec-write-to-workspace'),
    inputs: { workspace_path: t.string() },
    outputs: { Output: t.string() },
  });
  const readFromWorkspace = pythonComponent({
    ...golden.python('exec-read-from-workspace'),
    inputs: { file_path: t.string() },
    outputs: { Output: t.string() },
  });

  return pipeline(
    {
      name: 'pipeline-with-workspace',
      description: 'A pipeline that demonstrates workspace functionality',
      workspace: { size: '1Gi', pvcSpecPatch: { storageClassName: 'standard', accessModes: ['ReadWriteOnce'] } },
    },
    () => {
      const writeTask = writeToWorkspace({ workspace_path: workspacePath });
      const readTask = readFromWorkspace({ file_path: writeTask.output });
      return readTask.output;
    },
  );
};
