import { containerComponent, t } from '@kfp-ts/dsl';

export default () =>
  containerComponent({
    name: 'container_with_placeholder_in_fstring',
    inputs: { text1: t.string().default('text!') },
    outputs: { output_artifact: t.artifact() },
    image: 'registry.access.redhat.com/ubi9/python-311:latest',
    command: ({ inputs, outputs }) => ['my_program', `prefix-${inputs.text1}`, `${outputs.output_artifact.uri}/0`],
  });
