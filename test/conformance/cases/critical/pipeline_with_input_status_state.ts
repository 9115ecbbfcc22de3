import { ExitHandler, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const echoState = pythonComponent({ ...golden.python('exec-echo-state'), inputs: { status: t.taskFinalStatus() } });
  const someTask = pythonComponent({ ...golden.python('exec-some-task') });

  return pipeline({ name: 'status_state_pipeline' }, () => {
    const echoStateTask = echoState();
    ExitHandler(echoStateTask, () => {
      someTask();
    });
  });
};
