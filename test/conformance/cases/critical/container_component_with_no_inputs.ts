import { containerComponent, pipeline } from '@kfp-ts/dsl';

export default () => {
  const helloWorldContainer = containerComponent({
    name: 'hello_world_container',
    image: 'registry.access.redhat.com/ubi9/python-311:latest',
    command: ['echo', 'hello world'],
    args: [],
  });
  return pipeline({ name: 'v2-container-component-no-input' }, () => {
    helloWorldContainer();
  });
};
