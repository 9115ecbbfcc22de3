import { concat, containerComponent, t } from '@kfp-ts/dsl';

export default () =>
  containerComponent({
    name: 'container_with_concat_placeholder',
    inputs: { text1: t.string() },
    outputs: { text2: t.dataset(), output_path: t.string() },
    image: 'registry.access.redhat.com/ubi9/python-311:latest',
    command: ({ inputs, outputs }) => ['my_program', concat('prefix-', inputs.text1, outputs.text2.uri)],
    args: ({ outputs }) => ['--output_path', outputs.output_path],
  });
