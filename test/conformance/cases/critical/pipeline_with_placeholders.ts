import { pipeline, pythonComponent, runtime, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const printAllPlaceholders = pythonComponent({
    ...golden.python('exec-print-all-placeholders'),
    inputs: {
      job_name: t.string(),
      job_resource_name: t.string(),
      job_id: t.string(),
      task_name: t.string(),
      task_id: t.string(),
    },
  });
  return pipeline({ name: 'pipeline-with-placeholders' }, () => {
    printAllPlaceholders({
      job_name: runtime.pipelineJobName,
      job_resource_name: runtime.pipelineJobResourceName,
      job_id: runtime.pipelineJobId,
      task_name: runtime.pipelineTaskName,
      task_id: runtime.pipelineTaskId,
    }).setCachingOptions(false);
  });
};
