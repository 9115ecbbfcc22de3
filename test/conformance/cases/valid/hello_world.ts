import { containerComponent, pipeline } from '@kfp-ts/dsl';

export default () => {
  const echo = containerComponent({
    name: 'echo',
    image: 'registry.access.redhat.com/ubi9/python-311:latest',
    command: ['echo'],
    args: ['hello world'],
  });
  return pipeline({ name: 'echo' }, () => {
    echo().setCachingOptions(true);
  });
};
