import { containerComponent, pipeline, t } from '@kfp-ts/dsl';

export default () => {
  const download = containerComponent({
    name: 'download',
    inputs: { url: t.string() },
    outputs: { downloaded: t.string() },
    image: 'google/cloud-sdk',
    command: ['sh', '-c'],
    args: ({ inputs, outputs }) => [`gsutil cp ${inputs.url} ${outputs.downloaded}`],
  });
  const echo = containerComponent({
    name: 'echo',
    inputs: { downloaded: t.string() },
    image: 'library/bash',
    command: ['sh', '-c'],
    args: ({ inputs }) => [`echo ${inputs.downloaded}`],
  });
  return pipeline({ name: 'sequential', inputs: { url: t.string() } }, ({ url }) => {
    echo({ downloaded: download({ url }).outputs.downloaded });
  });
};
