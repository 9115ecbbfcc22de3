/**
 * Polyp segmentation, from data to serving, built from the prebuilt steps of `@kfp-ts/components`:
 *
 *   inspect dataset → Ray Tune → Ray Train on GPU workers → evaluate (Dice gate)
 *     → if passed: export ONNX → validate with ONNX Runtime → register in MLflow → deploy to KServe (canary)
 *   and, whatever happens, record the run's final status in MLflow.
 *
 *   npx kfp-ts compile examples/polyp/pipeline.ts -o examples/polyp/pipeline.yaml
 *
 * docs/polyp-example.md shows the picture and how to point the pipeline at another cluster.
 */
import { ExitHandler, If, pipeline, t } from '@kfp-ts/dsl';
import {
  deployKServeStep,
  inspectDatasetStep,
  KFP_TASK_IDENTITY,
  mlflowFinalStatusStep,
  mlflowLogRunStep,
  mlflowRegisterModelStep,
  onnxExportComponent,
  qualityGateStep,
  rayTrainStep,
  rayTuneStep,
  validateOnnxStep,
} from '@kfp-ts/components';
import {
  DATASET_BUCKET,
  DATASET_PREFIX,
  GPU_ACCELERATOR,
  IMAGE_PULL_SECRET,
  INFERENCE_SERVICE,
  KSERVE_NAMESPACE,
  KSERVE_SERVICE_ACCOUNT,
  MINIO_ENDPOINT,
  MLFLOW_EXPERIMENT,
  MLFLOW_TRACKING_URI,
  RAY_CREDENTIALS_SECRET,
  RAY_NAMESPACE,
  REGISTERED_MODEL,
  RESULTS_BUCKET,
  S3_CREDENTIALS_ENV,
  S3_CREDENTIALS_SECRET,
  TRAINING_IMAGE,
  TRITON_MODEL_NAME,
} from './cluster.js';

/** Ray Train workers, one GPU each. */
const TRAINING_WORKERS = 2;

/** Steps that drive shared services (Ray, MLflow, the Kubernetes API) retry transient failures. */
const RETRY_ON_TRANSIENT_FAILURE = { maxRetryCount: 2, backoffDuration: '60s', backoffFactor: 2, backoffMaxDuration: '10m' };

/** What the Ray jobs of tuning and training share: where they run and how they reach MinIO. */
const RAY_JOB = {
  ...KFP_TASK_IDENTITY,
  mode: 'rayjob',
  image: TRAINING_IMAGE,
  namespace: RAY_NAMESPACE,
  imagePullSecret: IMAGE_PULL_SECRET,
  credentialsSecret: RAY_CREDENTIALS_SECRET,
  resultsBucket: RESULTS_BUCKET,
  s3Endpoint: MINIO_ENDPOINT,
  gpusPerWorker: 1,
  acceleratorType: GPU_ACCELERATOR,
  workerCpu: '4',
  workerMemory: '16Gi',
} as const;

export const polypSegmentation = pipeline(
  {
    name: 'polyp-segmentation',
    displayName: 'Polyp segmentation: train, evaluate, deploy',
    description: 'Ray Tune and Ray Train on the polyp dataset; deploys to KServe (Triton) when the Dice score passes.',
    // Every step pulls its image from the private registry and reads MinIO's keys from a Secret, never from
    // pipeline parameters (the KFP UI shows those).
    taskDefaults: {
      imagePullSecrets: [IMAGE_PULL_SECRET],
      secretsAsEnv: [{ name: S3_CREDENTIALS_SECRET, keyToEnv: S3_CREDENTIALS_ENV }],
      env: { AWS_ENDPOINT_URL: MINIO_ENDPOINT, MLFLOW_TRACKING_URI },
    },
    inputs: {
      datasetBucket: t.string().default(DATASET_BUCKET),
      datasetPrefix: t.string().default(DATASET_PREFIX),
      tuneSamples: t.integer().default(4).describe('Ray Tune trials.'),
      tuneEpochs: t.integer().default(5).describe('Epochs of each tuning trial.'),
      epochs: t.integer().default(30).describe('Epochs of the final training.'),
      diceThreshold: t.float().default(0.8).describe('Deploy only when the Dice score reaches this.'),
      canaryTrafficPercent: t.integer().default(10).describe('Share of traffic for the new model revision.'),
    },
  },
  ({ datasetBucket, datasetPrefix, tuneSamples, tuneEpochs, epochs, diceThreshold, canaryTrafficPercent }) => {
    // Runs last whatever happened, and marks this run's MLflow runs FINISHED or FAILED.
    const recordStatus = mlflowFinalStatusStep({ ...KFP_TASK_IDENTITY, trackingUri: MLFLOW_TRACKING_URI, experimentName: MLFLOW_EXPERIMENT })
      .setDisplayName('Record final status in MLflow')
      .setCachingOptions(false);

    ExitHandler(
      recordStatus,
      () => {
        // The bucket's contents change outside the pipeline: always look again.
        const inspect = inspectDatasetStep({ bucket: datasetBucket, prefix: datasetPrefix, endpoint: MINIO_ENDPOINT })
          .setDisplayName('Inspect dataset')
          .setCachingOptions(false);

        // Trials run in a RayJob's own Ray cluster; this task only drives it.
        const tune = rayTuneStep({ ...RAY_JOB, dataset: inspect.outputs.dataset, numSamples: tuneSamples, epochs: tuneEpochs, numWorkers: 1 })
          .setDisplayName('Ray Tune')
          .setRetry(RETRY_ON_TRANSIENT_FAILURE);

        const train = rayTrainStep({
          ...RAY_JOB,
          dataset: inspect.outputs.dataset,
          config: tune.outputs.bestConfig,
          epochs,
          numWorkers: TRAINING_WORKERS,
        })
          .setDisplayName(`Ray Train (${TRAINING_WORKERS} GPU workers)`)
          .setRetry(RETRY_ON_TRANSIENT_FAILURE)
          .setTimeout(12 * 3600);

        const logRun = mlflowLogRunStep({
          ...KFP_TASK_IDENTITY,
          trackingUri: MLFLOW_TRACKING_URI,
          experimentName: MLFLOW_EXPERIMENT,
          model: train.outputs.model,
          metrics: train.outputs.metrics,
          params: tune.outputs.bestConfig,
        })
          .setDisplayName('Log training run to MLflow')
          .setRetry(RETRY_ON_TRANSIENT_FAILURE);

        const evaluate = qualityGateStep({ metricName: 'dice', metricValue: train.outputs.bestScore, threshold: diceThreshold })
          .setDisplayName('Evaluate: Dice gate');

        If(
          evaluate.outputs.passed.eq(true),
          () => {
            const exported = onnxExportComponent()({ checkpoint: train.outputs.model, image_size: 352, opset: 17 })
              .setDisplayName('Export ONNX')
              .setCpuLimit('2')
              .setMemoryLimit('8Gi');

            const validated = validateOnnxStep({
              onnxModel: exported.outputs.onnx_model,
              referenceSamples: exported.outputs.reference_samples,
              modelName: TRITON_MODEL_NAME,
              instanceKind: 'KIND_GPU',
            })
              .setDisplayName('Validate ONNX (ONNX Runtime)')
              .setCpuLimit('2')
              .setMemoryLimit('4Gi');

            const register = mlflowRegisterModelStep({
              trackingUri: MLFLOW_TRACKING_URI,
              runId: logRun.outputs.runId,
              modelName: REGISTERED_MODEL,
              model: validated.outputs.modelRepository,
              alias: 'candidate',
            })
              .setDisplayName('Register in MLflow')
              .setRetry(RETRY_ON_TRANSIENT_FAILURE);

            // Rolling out changes the cluster: never reuse a cached result.
            deployKServeStep({
              modelRepository: validated.outputs.modelRepository,
              serviceName: INFERENCE_SERVICE,
              namespace: KSERVE_NAMESPACE,
              serviceAccount: KSERVE_SERVICE_ACCOUNT,
              gpus: 1,
              cpu: '2',
              cpuLimit: '4',
              memory: '4Gi',
              memoryLimit: '8Gi',
              minReplicas: 1,
              maxReplicas: 2,
              canaryTrafficPercent,
            })
              .after(register)
              .setDisplayName('Deploy to KServe (canary)')
              .setCachingOptions(false)
              .setRetry({ maxRetryCount: 3, backoffDuration: '30s' });
          },
          'dice-passes',
        );
      },
      'train-and-deploy',
    );
  },
);
