import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';

// A containerized component: its code is built into `targetImage`, so no source is embedded. The
// Python case compiles the component on its own (a one-task pipeline named after it).
export default () => {
  const concatMessage = pythonComponent({
    functionName: 'concat_message',
    baseImage: 'registry.access.redhat.com/ubi9/python-311:latest',
    targetImage: 'kfp-image',
    inputs: { message1: t.string(), message2: t.string() },
    outputs: { Output: t.string() },
  });

  return pipeline(
    { name: 'concat-message', inputs: { message1: t.string(), message2: t.string() } },
    ({ message1, message2 }) => concatMessage({ message1, message2 }).output,
  );
};
