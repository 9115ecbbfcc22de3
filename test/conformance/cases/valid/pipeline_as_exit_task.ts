import { ExitHandler, If, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const printOp = pythonComponent({ ...golden.python('exec-print-op'), inputs: { message: t.string() } });
  const failOp = pythonComponent({ ...golden.python('exec-fail-op'), inputs: { message: t.string() } });
  const getRunState = pythonComponent({
    ...golden.python('exec-get-run-state'),
    inputs: { status: t.struct() },
    outputs: { Output: t.string() },
  });

  /** Checks pipeline run status. */
  const exitOp = pipeline(
    { name: 'conditional-notification', description: 'Checks pipeline run status.', inputs: { status: t.taskFinalStatus() } },
    ({ status }) => {
      If(getRunState({ status }).output.eq('FAILED'), () => {
        printOp({ message: 'notify task failure.' });
      });
    },
  );

  return pipeline(
    { name: 'pipeline-with-task-final-status-conditional', inputs: { message: t.string().default('Hello World!') } },
    ({ message }) => {
      const exitTask = exitOp();
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
