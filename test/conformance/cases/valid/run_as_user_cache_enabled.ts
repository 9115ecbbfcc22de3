import { containerComponent } from '@kfp-ts/dsl';

// The case compiles the component on its own (a one-task pipeline named after it).
export default () =>
  containerComponent({
    name: 'echo',
    image: 'registry.access.redhat.com/ubi9/python-311:latest',
    command: ['echo'],
    args: ['hello world'],
  });
