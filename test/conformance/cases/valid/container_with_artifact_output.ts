import { containerComponent, t } from '@kfp-ts/dsl';

export default () =>
  containerComponent({
    name: 'container_with_artifact_output',
    inputs: { num_epochs: t.integer() },
    outputs: { model: t.model(), model_config_path: t.string() },
    image: 'gcr.io/my-image',
    command: ['sh', 'run.sh'],
    args: ({ inputs, outputs }) => [
      '--epochs',
      inputs.num_epochs,
      '--model_path',
      outputs.model.uri,
      '--model_metadata',
      outputs.model.metadata,
      '--model_config_path',
      outputs.model_config_path,
    ],
  });
