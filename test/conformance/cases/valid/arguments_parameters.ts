import { containerComponent, t } from '@kfp-ts/dsl';

/** A container component compiled on its own; `param1` gets its default from the compile-time parameters. */
export default () =>
  containerComponent({
    name: 'echo',
    inputs: { param1: t.string(), param2: t.string() },
    image: 'registry.access.redhat.com/ubi9/python-311:latest',
    command: ['echo'],
    args: ({ inputs }) => [`${inputs.param1}-${inputs.param2}`],
  });
