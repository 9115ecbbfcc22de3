/**
 * The dataset check of the polyp pipeline as a TypeScript step: list the dataset in S3/MinIO once, count
 * images and masks per split, and fail when the layout is broken or the training split is too small.
 */
import { writeFile } from 'node:fs/promises';
import { t, tsComponent } from '@kfp-ts/dsl';
import { createS3Client, describeS3Settings, s3SettingsFromEnv } from '../s3/config.js';
import { datasetMetrics, inspectDataset, POLYP_LAYOUT, splitLayout, type DatasetSummary, type SplitSpec } from '../s3/dataset.js';
import { POLYP_COMPONENTS_IMAGE } from './image.js';
import { requiredText } from './input-checks.js';

/**
 * Counts a segmentation dataset in S3/MinIO. Credentials come only from the environment
 * (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, e.g. from a Kubernetes Secret) and are never logged; the
 * endpoint from the `endpoint` input, else `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL` or
 * `MLFLOW_S3_ENDPOINT_URL`, else the cluster's MinIO.
 *
 * The `dataset` output is a small JSON summary; the dataset itself stays where it is, and its location is
 * in the `datasetUri` output and in the artifact's metadata (`location`). (The launcher uploads every
 * output artifact under the pipeline root, so an output cannot point at another bucket.)
 *
 * @example
 * const inspect = inspectDatasetStep({ bucket: 'dataset', prefix: 'polyp_dataset', minTrainImages: 100 });
 * // inspect.outputs.datasetUri, inspect.outputs.trainImages, inspect.outputs.metrics
 */
export const inspectDatasetStep = tsComponent({
  name: 'inspect-dataset',
  description: 'Counts images and masks per split of a segmentation dataset in S3/MinIO and checks that they pair up.',
  targetImage: POLYP_COMPONENTS_IMAGE,
  inputs: {
    bucket: t.string().default('dataset').describe('Bucket holding the dataset.'),
    prefix: t.string().default('polyp_dataset').describe('Key prefix of the dataset, without a trailing slash.'),
    endpoint: t
      .string()
      .optionalInput()
      .describe('S3 endpoint URL; default from AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL or MLFLOW_S3_ENDPOINT_URL, else the cluster MinIO.'),
    layout: t
      .string()
      .default('polyp')
      .describe("'polyp' (TrainDataset and TestDataset/<name>) or comma-separated split folders such as 'train,val,test'; the first split is the training split."),
    imagesDir: t.string().default('images').describe('Folder of the images inside a split.'),
    masksDir: t.string().default('masks').describe('Folder of the masks inside a split.'),
    minTrainImages: t.integer().default(1).describe('Fail when the training split has fewer images than this.'),
    strict: t.boolean().default(true).describe('Fail on layout problems (missing split, unpaired images or masks); otherwise only report them.'),
  },
  outputs: {
    dataset: t.dataset().describe('JSON summary of the dataset; metadata holds its location and the counts per split.'),
    metrics: t.metrics().describe('Images, masks and pairs per split, and totals.'),
    datasetUri: t.string().describe('Where the dataset is: s3://<bucket>/<prefix>/.'),
    trainImages: t.integer().describe('Images in the training split.'),
    testImages: t.integer().describe('Images in all other splits.'),
    problems: t.integer().describe('Layout problems found (0 unless strict is false).'),
  },
  async run(inputs, { dataset, metrics }) {
    const bucket = requiredText('bucket', inputs.bucket);
    const prefix = inputs.prefix.trim().replace(/^\/+|\/+$/g, '');
    const splits = parseLayout(inputs.layout);
    const imagesDir = requiredText('imagesDir', inputs.imagesDir);
    const masksDir = requiredText('masksDir', inputs.masksDir);
    if (!Number.isInteger(inputs.minTrainImages) || inputs.minTrainImages < 0) {
      throw new Error(`input 'minTrainImages' must be a non-negative integer, got ${inputs.minTrainImages}`);
    }
    const endpoint = inputs.endpoint?.trim() || undefined;
    const settings = s3SettingsFromEnv(process.env, endpoint ? { endpoint } : {});
    const location = `s3://${bucket}/${prefix ? `${prefix}/` : ''}`;
    console.log(`inspecting ${location} on ${describeS3Settings(settings)}`);

    const client = await createS3Client(settings);
    let summary: DatasetSummary;
    try {
      summary = await inspectDataset(client, { bucket, prefix, splits, imagesDir, masksDir }, { strict: inputs.strict });
    } finally {
      client.destroy();
    }
    for (const problem of summary.problems) console.log(`problem: ${problem}`);

    // A split of sub-folders is reported as one split per sub-folder, named `<split>/<sub-folder>`.
    const trainName = splits[0].name;
    const trainImages = summary.splits
      .filter((s) => s.name === trainName || s.name.startsWith(`${trainName}/`))
      .reduce((n, s) => n + s.images, 0);
    const testImages = summary.totalImages - trainImages;
    if (trainImages < inputs.minTrainImages) {
      throw new Error(`the training split '${trainName}' of ${location} has ${trainImages} images; at least ${inputs.minTrainImages} are required`);
    }

    await writeFile(dataset.path, JSON.stringify(summary, null, 2) + '\n');
    Object.assign(dataset.metadata, {
      location,
      bucket,
      prefix,
      layout: inputs.layout,
      splits: Object.fromEntries(summary.splits.map((s) => [s.name, { images: s.images, masks: s.masks, pairs: s.pairs, uri: s.uri }])),
      totalImages: summary.totalImages,
      totalMasks: summary.totalMasks,
      totalPairs: summary.totalPairs,
      problems: summary.problems,
    });
    for (const [name, value] of Object.entries(datasetMetrics(summary))) metrics.logMetric(name, value);
    console.log(`${location}: ${summary.splits.map((s) => `${s.name} ${s.images} images/${s.masks} masks`).join(', ')}`);
    return { datasetUri: location, trainImages, testImages, problems: summary.problems.length };
  },
});

/** `polyp`, or split folder names separated by commas. */
function parseLayout(layout: string): SplitSpec[] {
  const text = layout.trim();
  if (text === '' || text.toLowerCase() === 'polyp') return POLYP_LAYOUT;
  const names = text.split(',').map((name) => name.trim());
  if (names.some((name) => name === '' || name.includes('/'))) {
    throw new Error(`input 'layout' must be 'polyp' or comma-separated folder names such as 'train,val,test', got '${layout}'`);
  }
  return splitLayout(names);
}
