import { ExitHandler, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const recordExit = pythonComponent({
    ...golden.python('exec-record-exit'),
    inputs: { status: t.taskFinalStatus() },
    outputs: { Output: t.string() },
  });
  const echo = pythonComponent({
    ...golden.python('exec-echo'),
    inputs: { message: t.string() },
    outputs: { Output: t.string() },
  });

  return pipeline(
    {
      name: 'pipeline_with_exit_handler',
      description:
        'Runs `echo` inside an ExitHandler.\n' +
        'On success the exit task receives a PipelineTaskFinalStatus with\n' +
        "state='SUCCEEDED'. No pipeline output — KFP's compiler rejects\n" +
        'returning a value from inside an ExitHandler.',
      inputs: { message: t.string().default('hello') },
    },
    ({ message }) => {
      const exitTask = recordExit();
      ExitHandler(exitTask, () => {
        echo({ message });
      });
    },
  );
};
