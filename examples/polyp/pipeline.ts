/**
 * Polyp segmentation, from data to serving: inspect the dataset, tune with Ray Tune, train with Ray Train on
 * GPUs, evaluate, and only when the Dice score passes the threshold, export to ONNX and roll out to KServe
 * (Triton).
 *
 *   npx kfp-ts compile examples/polyp/pipeline.ts -o examples/polyp/pipeline.yaml
 */
import { If, pipeline, t } from '@kfp-ts/dsl';
import {
  DATASET_BUCKET,
  DATASET_PREFIX,
  GPU_RESOURCE,
  IMAGE_PULL_SECRET,
  INFERENCE_SERVICE,
  KSERVE_NAMESPACE,
  KSERVE_SERVICE_ACCOUNT,
  MINIO_ENDPOINT,
  MLFLOW_EXPERIMENT,
  MLFLOW_TRACKING_URI,
  RAY_ADDRESS,
  S3_CREDENTIALS_ENV,
  S3_CREDENTIALS_SECRET,
  TRITON_MODEL_NAME,
} from './cluster.js';
import { deployToKServe, evaluateModel, exportOnnx, inspectDataset, trainModel, tuneHyperparameters } from './components.js';

/** GPUs for the training task; Ray Train runs one worker on each. */
const TRAINING_GPUS = 2;

/** Retry policy for steps that talk to shared services (Ray, MLflow, the Kubernetes API). */
const RETRY_ON_TRANSIENT_FAILURE = { maxRetryCount: 2, backoffDuration: '60s', backoffFactor: 2, backoffMaxDuration: '10m' };

export const polypSegmentation = pipeline(
  {
    name: 'polyp-segmentation',
    displayName: 'Polyp segmentation: train, evaluate, deploy',
    description: 'Ray Tune and Ray Train on the polyp dataset; deploys to KServe (Triton) when the Dice score passes.',
    // Every step pulls its image from the private registry and reads MinIO's keys from a Secret (never from
    // pipeline parameters, which the KFP UI shows).
    taskDefaults: {
      imagePullSecrets: [IMAGE_PULL_SECRET],
      secretsAsEnv: [{ name: S3_CREDENTIALS_SECRET, keyToEnv: S3_CREDENTIALS_ENV }],
      env: { AWS_ENDPOINT_URL: MINIO_ENDPOINT },
    },
    inputs: {
      datasetBucket: t.string().default(DATASET_BUCKET),
      datasetPrefix: t.string().default(DATASET_PREFIX),
      tuneSamples: t.integer().default(4).describe('Ray Tune trials.'),
      epochs: t.integer().default(30),
      diceThreshold: t.float().default(0.8).describe('Deploy only when the mean Dice score reaches this.'),
      canaryTrafficPercent: t.integer().default(10).describe('Share of traffic for the new model revision.'),
    },
  },
  ({ datasetBucket, datasetPrefix, tuneSamples, epochs, diceThreshold, canaryTrafficPercent }) => {
    // The bucket's contents change outside the pipeline: always look again.
    const inspect = inspectDataset({ bucket: datasetBucket, prefix: datasetPrefix, minioEndpoint: MINIO_ENDPOINT })
      .setDisplayName('Inspect dataset')
      .setCachingOptions(false)
      .setCpuLimit('1')
      .setMemoryLimit('1Gi');

    // Trials run on the RayCluster; this task only drives them.
    const tune = tuneHyperparameters({ dataset: inspect.outputs.dataset, rayAddress: RAY_ADDRESS, numSamples: tuneSamples })
      .setDisplayName('Ray Tune')
      .setCpuRequest('500m')
      .setCpuLimit('2')
      .setMemoryLimit('4Gi')
      .setEnvVariable('MLFLOW_TRACKING_URI', MLFLOW_TRACKING_URI)
      .setEnvVariable('MLFLOW_EXPERIMENT_NAME', MLFLOW_EXPERIMENT)
      .setRetry(RETRY_ON_TRANSIENT_FAILURE);

    const train = trainModel({ dataset: inspect.outputs.dataset, config: tune.outputs.bestConfig, epochs, numWorkers: TRAINING_GPUS })
      .setDisplayName('Ray Train')
      .setGpu(GPU_RESOURCE, TRAINING_GPUS)
      .setCpuRequest('4')
      .setCpuLimit('8')
      .setMemoryRequest('16Gi')
      .setMemoryLimit('32Gi')
      .setEnvVariable('MLFLOW_TRACKING_URI', MLFLOW_TRACKING_URI)
      .setEnvVariable('MLFLOW_EXPERIMENT_NAME', MLFLOW_EXPERIMENT)
      .setEnvVariable('NCCL_DEBUG', 'WARN')
      .setRetry(RETRY_ON_TRANSIENT_FAILURE)
      .setTimeout(12 * 3600);

    const evaluate = evaluateModel({ model: train.outputs.model, dataset: inspect.outputs.dataset, mlflowRunId: train.outputs.mlflowRunId })
      .setDisplayName('Evaluate')
      .setGpu(GPU_RESOURCE, 1)
      .setCpuLimit('4')
      .setMemoryLimit('8Gi')
      .setEnvVariable('MLFLOW_TRACKING_URI', MLFLOW_TRACKING_URI);

    If(
      evaluate.outputs.diceScore.ge(diceThreshold),
      () => {
        const onnx = exportOnnx({ model: train.outputs.model, modelName: TRITON_MODEL_NAME })
          .setDisplayName('Export ONNX')
          .setCpuLimit('2')
          .setMemoryLimit('4Gi');

        // Rolling out changes the cluster: never reuse a cached result.
        deployToKServe({
          modelRepository: onnx.outputs.modelRepository,
          serviceName: INFERENCE_SERVICE,
          namespace: KSERVE_NAMESPACE,
          serviceAccount: KSERVE_SERVICE_ACCOUNT,
          canaryTrafficPercent,
        })
          .setDisplayName('Deploy to KServe (Triton)')
          .setCachingOptions(false)
          .setCpuLimit('500m')
          .setMemoryLimit('512Mi')
          .setRetry({ maxRetryCount: 3, backoffDuration: '30s' });
      },
      'dice-score-passes',
    );
  },
);
