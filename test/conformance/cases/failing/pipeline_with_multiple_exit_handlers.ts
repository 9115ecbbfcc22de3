import { ExitHandler, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const printOp = pythonComponent({ ...golden.python('exec-print-op'), inputs: { message: t.string() } });
  const failOp = pythonComponent({ ...golden.python('exec-fail-op'), inputs: { message: t.string() } });

  return pipeline(
    { name: 'pipeline-with-multiple-exit-handlers', inputs: { message: t.string().default('Hello World!') } },
    ({ message }) => {
      const firstExitTask = printOp({ message: 'First exit handler has worked!' });
      ExitHandler(firstExitTask, () => {
        printOp({ message });
        failOp({ message: 'Task failed.' });
      });

      const secondExitTask = printOp({ message: 'Second exit handler has worked!' });
      ExitHandler(secondExitTask, () => {
        printOp({ message });
      });

      const thirdExitTask = printOp({ message: 'Third exit handler has worked!' });
      ExitHandler(thirdExitTask, () => {
        printOp({ message });
      });
    },
  );
};
