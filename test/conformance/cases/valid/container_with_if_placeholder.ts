import { containerComponent, ifPresent, t } from '@kfp-ts/dsl';

export default () =>
  containerComponent({
    name: 'container_with_if_placeholder',
    inputs: { optional_input: t.string().default('default') },
    outputs: { output_path: t.string(), dataset: t.dataset() },
    image: 'registry.access.redhat.com/ubi9/python-311:latest',
    command: ({ inputs, outputs }) => [
      'my_program',
      ifPresent(inputs.optional_input, [inputs.optional_input], ['bye']),
      '--dataset',
      ifPresent(inputs.optional_input, [outputs.dataset.uri], ['bye']),
    ],
    args: ({ outputs }) => ['--output_path', outputs.output_path],
  });
