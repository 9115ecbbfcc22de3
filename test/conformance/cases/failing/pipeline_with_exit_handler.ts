import { ExitHandler, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const printOp = pythonComponent({ ...golden.python('exec-print-op'), inputs: { message: t.string() } });
  const failOp = pythonComponent({ ...golden.python('exec-fail-op'), inputs: { message: t.string() } });

  return pipeline(
    { name: 'pipeline-with-exit-handler', inputs: { message: t.string().default('Hello World!') } },
    ({ message }) => {
      const exitTask = printOp({ message: 'Exit handler has worked!' });
      ExitHandler(exitTask, () => {
        printOp({ message });
        failOp({ message: 'Task failed.' });
      });
    },
  );
};
