import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const comp = pythonComponent(golden.python('exec-comp'));
  const generateSecretName = pythonComponent({
    ...golden.python('exec-generate-secret-name'),
    outputs: { some_output: t.string() },
  });

  return pipeline(
    { name: 'pipeline_secret_env', inputs: { secret_parm: t.string().default('test-secret-1') } },
    ({ secret_parm }) => {
      const task = comp()
        .useSecretAsEnv(secret_parm, { username: 'USER_NAME' })
        .useSecretAsEnv('test-secret-2', { password: 'PASSWORD_VAR1' });
      const task2 = generateSecretName();
      task.useSecretAsEnv(task2.output, { password: 'PASSWORD_VAR2' });
    },
  );
};
