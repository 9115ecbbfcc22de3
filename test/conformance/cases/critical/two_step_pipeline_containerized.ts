import { containerComponent, pipeline, t } from '@kfp-ts/dsl';

export default () => {
  const component1 = containerComponent({
    name: 'component1',
    inputs: { text: t.string() },
    outputs: { output_gcs: t.dataset() },
    image: 'alpine',
    command: ['sh', '-c', 'mkdir --parents $(dirname "$1") && echo "$0" > "$1"'],
    args: ({ inputs, outputs }) => [inputs.text, outputs.output_gcs.path],
  });
  const component2 = containerComponent({
    name: 'component2',
    inputs: { input_gcs: t.dataset() },
    image: 'alpine',
    command: ['cat'],
    args: ({ inputs }) => [inputs.input_gcs.path],
  });

  return pipeline({ name: 'containerized-two-step-pipeline', inputs: { text: t.string() } }, ({ text }) => {
    const step1 = component1({ text });
    component2({ input_gcs: step1.outputs.output_gcs });
  });
};
