import { ExitHandler, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const exitOp = pythonComponent({
    ...golden.python('exec-exit-op'),
    inputs: { user_input: t.string(), status: t.taskFinalStatus() },
  });
  const printOp = pythonComponent({ ...golden.python('exec-print-op'), inputs: { message: t.string() } });
  const failOp = pythonComponent({ ...golden.python('exec-fail-op'), inputs: { message: t.string() } });

  return pipeline(
    { name: 'pipeline-with-task-final-status', inputs: { message: t.string().default('Hello World!') } },
    ({ message }) => {
      const exitTask = exitOp({ user_input: message });
      ExitHandler(
        exitTask,
        () => {
          printOp({ message });
          failOp({ message: 'Task failed.' });
        },
        'my-pipeline',
      );
    },
  );
};
