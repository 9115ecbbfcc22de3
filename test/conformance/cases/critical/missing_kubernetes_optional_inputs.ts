import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const logMessage = pythonComponent({ ...golden.python('exec-log-message'), inputs: { message: t.string() } });

  return pipeline(
    {
      name: 'missing_kubernetes_optional_inputs_pipeline',
      inputs: {
        optional_affinity: t.struct().optionalInput(),
        optional_selector: t.struct().optionalInput(),
        optional_secret_name: t.string().optionalInput(),
        optional_config_map_name: t.string().optionalInput(),
        optional_image_pull_secret_name: t.string().optionalInput(),
        optional_tolerations: t.list().optionalInput(),
      },
    },
    (p) => {
      logMessage({ message: 'baseline task' })
        .setCachingOptions(false)
        .setNodeAffinityJson(p.optional_affinity)
        .setNodeSelectorJson(p.optional_selector)
        .useSecretAsEnv(p.optional_secret_name, { password: 'PASSWORD' }, { optional: true })
        .useSecretAsVolume(p.optional_secret_name, '/mnt/secret', { optional: true })
        .useConfigMapAsEnv(p.optional_config_map_name, { setting: 'SETTING' }, { optional: true })
        .useConfigMapAsVolume(p.optional_config_map_name, '/mnt/config', { optional: true })
        .setImagePullSecrets([p.optional_image_pull_secret_name])
        .addTolerationJson(p.optional_tolerations);
    },
  );
};
