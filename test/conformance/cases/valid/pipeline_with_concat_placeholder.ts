import { loadComponentFromText, pipeline } from '@kfp-ts/dsl';

const componentOp = loadComponentFromText(`
name: Component with concat placeholder
inputs:
- {name: input_one, type: String}
- {name: input_two, type: String}
implementation:
  container:
    image: ghcr.io/containerd/busybox
    command:
    - sh
    - -ec
    args:
    - echo "$0" > /tmp/test && [[ "$0" == 'one+two=three' ]]
    - concat: [{inputValue: input_one}, '+', {inputValue: input_two}, '=three']
`);

export default () =>
  pipeline({ name: 'one-step-pipeline-with-concat-placeholder' }, () => {
    componentOp({ input_one: 'one', input_two: 'two' });
  });
