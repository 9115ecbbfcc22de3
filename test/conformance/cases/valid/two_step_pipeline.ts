import { loadComponentFromText, pipeline, t } from '@kfp-ts/dsl';

const writeToGcs = loadComponentFromText(
  `
name: Write to GCS
inputs:
- {name: text, type: String, description: 'Content to be written to GCS'}
outputs:
- {name: output_gcs_path, type: GCSPath, description: 'GCS file path'}
implementation:
  container:
    image: google/cloud-sdk:slim
    command:
    - sh
    - -c
    - |
      set -e -x
      echo "$0" | gsutil cp - "$1"
    - {inputValue: text}
    - {outputUri: output_gcs_path}
`,
  { inputs: { text: t.string() }, outputs: { output_gcs_path: t.artifact() } },
);

const readFromGcs = loadComponentFromText(
  `
name: Read from GCS
inputs:
- {name: input_gcs_path, type: GCSPath, description: 'GCS file path'}
implementation:
  container:
    image: google/cloud-sdk:slim
    command:
    - sh
    - -c
    - |
      set -e -x
      gsutil cat "$0"
    - {inputUri: input_gcs_path}
`,
  { inputs: { input_gcs_path: t.artifact() } },
);

export default () =>
  pipeline({ name: 'simple-two-step-pipeline', inputs: { text: t.string().default('Hello world!') } }, ({ text }) => {
    const producer = writeToGcs({ text }).setDisplayName('Producer');
    const consumer = readFromGcs({ input_gcs_path: producer.outputs.output_gcs_path });
    consumer.setDisplayName('Consumer');
  });
