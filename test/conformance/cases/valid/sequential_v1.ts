import { containerComponent, pipeline, t } from '@kfp-ts/dsl';

export default () => {
  const echo = containerComponent({
    name: 'echo',
    inputs: { message: t.string() },
    image: 'registry.access.redhat.com/ubi9/python-311:latest',
    command: ['sh', '-c'],
    args: ({ inputs }) => [`echo ${inputs.message}`],
  });
  return pipeline({ name: 'sequential', inputs: { param1: t.string(), param2: t.string() } }, ({ param1, param2 }) => {
    echo({ message: param1 });
    echo({ message: param2 });
  });
};
