/**
 * S3/MinIO access for the polyp components: settings from the environment and dataset inspection.
 */
export {
  DEFAULT_S3_ENDPOINT,
  s3SettingsFromEnv,
  createS3Client,
  describeS3Settings,
  type S3Settings,
  type S3SettingsOverrides,
  type S3ClientOptions,
} from './config.js';
export { loadS3Sdk, type S3SdkModule } from './load-sdk.js';
export { listObjects, describeS3Error, S3AccessError, type ListedObject, type S3ListOptions } from './list.js';
export { parseS3Uri, s3Uri, readObjectText, downloadObject, downloadPrefix, type S3Location, type DownloadedFile } from './objects.js';
export {
  inspectDataset,
  summarizeKeys,
  datasetMetrics,
  splitLayout,
  POLYP_LAYOUT,
  IMAGE_EXTENSIONS,
  DatasetLayoutError,
  type DatasetLocation,
  type DatasetSummary,
  type SplitSpec,
  type SplitSummary,
} from './dataset.js';
