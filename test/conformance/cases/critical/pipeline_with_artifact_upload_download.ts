import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const downloadDatasetAndUploadAsArtifact = pythonComponent({
    ...golden.python('exec-download-dataset-and-upload-as-artifact'),
    packagesToInstall: ['datasets==4.0.0'],
    inputs: { dataset_repo: t.string(), dataset_name: t.string() },
    outputs: { output_dataset: t.dataset() },
  });
  const printDatasetInfo = pythonComponent({
    ...golden.python('exec-print-dataset-info'),
    inputs: { dataset: t.dataset() },
  });

  return pipeline(
    {
      name: 'pipeline-with-datasets',
      description: 'Download Hugging Face Data Set, upload it as an artifact and print its metadata',
      inputs: {
        dataset_repo: t.string().default('google/frames-benchmark'),
        dataset_name: t.string().default(''),
      },
    },
    ({ dataset_repo, dataset_name }) => {
      const downloaded = downloadDatasetAndUploadAsArtifact({ dataset_repo, dataset_name });
      printDatasetInfo({ dataset: downloaded.output });
    },
  );
};
