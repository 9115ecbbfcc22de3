/**
 * The steps of the polyp-segmentation pipeline as container components. Each runs a module of the training
 * image; inputs and outputs are typed, so the pipeline that wires them is checked by the compiler.
 *
 * These definitions are stand-ins with the same interfaces as the prebuilt components that will replace them:
 * swap an import and the pipeline stays as it is.
 */
import { containerComponent, t } from '@kfp-ts/dsl';
import { DEPLOY_IMAGE, TRAINING_IMAGE } from './cluster.js';

/** Lists the dataset in MinIO, checks its layout and records what it found. */
export const inspectDataset = containerComponent({
  name: 'inspect-dataset',
  description: 'Checks the dataset layout in the bucket (TrainDataset and TestDataset/<name>, images and masks).',
  inputs: {
    bucket: t.string(),
    prefix: t.string(),
    minioEndpoint: t.string(),
  },
  outputs: {
    dataset: t.dataset().describe('Where the dataset is, with image and mask counts in its metadata.'),
    report: t.markdown().describe('Counts per split and test set, and sample keys.'),
  },
  image: TRAINING_IMAGE,
  command: ['python', '-m', 'training.steps.inspect_dataset'],
  args: ({ inputs, outputs }) => [
    '--bucket', inputs.bucket,
    '--prefix', inputs.prefix,
    '--endpoint', inputs.minioEndpoint,
    '--dataset', outputs.dataset.path,
    '--report', outputs.report.path,
  ],
});

/** Searches hyperparameters with Ray Tune on the RayCluster and keeps the best configuration. */
export const tuneHyperparameters = containerComponent({
  name: 'tune-hyperparameters',
  description: 'Ray Tune over learning rate, batch size, input size, decay rate and clipping.',
  inputs: {
    dataset: t.dataset(),
    rayAddress: t.string(),
    numSamples: t.integer().default(4),
    metric: t.string().default('best_dice_score'),
    config: t.string().default('training/configs/kube_configs.yaml'),
  },
  outputs: {
    bestConfig: t.artifact().describe('The best trial\'s configuration (YAML).'),
  },
  image: TRAINING_IMAGE,
  command: ['python', '-m', 'training.steps.tune'],
  args: ({ inputs, outputs }) => [
    '--dataset', inputs.dataset.uri,
    '--ray-address', inputs.rayAddress,
    '--num-samples', inputs.numSamples,
    '--metric', inputs.metric,
    '--config', inputs.config,
    '--best-config', outputs.bestConfig.path,
  ],
});

/** Trains the segmentation model with Ray Train, one worker per GPU of the task. */
export const trainModel = containerComponent({
  name: 'train-model',
  description: 'Ray Train (PyTorch DDP) with the tuned configuration; logs to MLflow.',
  inputs: {
    dataset: t.dataset(),
    config: t.artifact(),
    epochs: t.integer().default(30),
    numWorkers: t.integer().default(2),
  },
  outputs: {
    model: t.model().describe('The best checkpoint (PyTorch state dict).'),
    mlflowRunId: t.string(),
  },
  image: TRAINING_IMAGE,
  command: ['python', '-m', 'training.ray_main'],
  args: ({ inputs, outputs }) => [
    '--config', inputs.config.path,
    '--dataset', inputs.dataset.uri,
    '--epochs', inputs.epochs,
    '--num-workers', inputs.numWorkers,
    '--use-gpu',
    '--checkpoint', outputs.model.path,
    '--run-id-file', outputs.mlflowRunId.path,
  ],
});

/** Scores the model on every test set; the mean Dice score decides whether it ships. */
export const evaluateModel = containerComponent({
  name: 'evaluate-model',
  description: 'Dice and IoU on each TestDataset/<name>, logged to MLflow.',
  inputs: {
    model: t.model(),
    dataset: t.dataset(),
    mlflowRunId: t.string(),
  },
  outputs: {
    metrics: t.metrics(),
    diceScore: t.float().describe('Mean Dice over the test sets, 0 to 1.'),
  },
  image: TRAINING_IMAGE,
  command: ['python', '-m', 'training.steps.evaluate'],
  args: ({ inputs, outputs }) => [
    '--model', inputs.model.path,
    '--dataset', inputs.dataset.uri,
    '--mlflow-run-id', inputs.mlflowRunId,
    '--metrics', outputs.metrics.path,
    '--dice-score', outputs.diceScore.path,
  ],
});

/** Exports the checkpoint to ONNX inside a Triton model repository (config.pbtxt and 1/model.onnx). */
export const exportOnnx = containerComponent({
  name: 'export-onnx',
  description: 'ONNX export with dynamic batch, height and width; writes the Triton model repository layout.',
  inputs: {
    model: t.model(),
    modelName: t.string(),
    opset: t.integer().default(17),
    imageSize: t.integer().default(352),
  },
  outputs: {
    modelRepository: t.model().describe('A Triton model repository: <modelName>/config.pbtxt, <modelName>/1/model.onnx.'),
  },
  image: TRAINING_IMAGE,
  command: ['python', '-m', 'training.steps.export_onnx'],
  args: ({ inputs, outputs }) => [
    '--checkpoint', inputs.model.path,
    '--model-name', inputs.modelName,
    '--opset', inputs.opset,
    '--image-size', inputs.imageSize,
    '--repository', outputs.modelRepository.path,
  ],
});

/** Rolls the model repository out to a KServe InferenceService (Triton runtime), as a canary when asked. */
export const deployToKServe = containerComponent({
  name: 'deploy-to-kserve',
  description: 'Points the InferenceService at the new model repository and waits until it is Ready.',
  inputs: {
    modelRepository: t.model(),
    serviceName: t.string(),
    namespace: t.string(),
    serviceAccount: t.string(),
    canaryTrafficPercent: t.integer().default(100),
  },
  outputs: {
    url: t.string().describe('The InferenceService URL once Ready.'),
  },
  image: DEPLOY_IMAGE,
  command: ['python', '-m', 'deployment.steps.deploy_kserve'],
  args: ({ inputs, outputs }) => [
    '--storage-uri', inputs.modelRepository.uri,
    '--name', inputs.serviceName,
    '--namespace', inputs.namespace,
    '--service-account', inputs.serviceAccount,
    '--runtime', 'kserve-tritonserver',
    '--canary-traffic-percent', inputs.canaryTrafficPercent,
    '--url', outputs.url.path,
  ],
});
