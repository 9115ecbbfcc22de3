/**
 * Where the polyp-segmentation system runs: images, in-cluster addresses, Secrets and serving settings.
 * One place to change when the cluster changes; the pipeline reads these. docs/polyp-example.md explains
 * what each Secret must hold and which permissions the pipeline's service account needs.
 */

/** Images come from a private registry; pods pull them with this Secret (`kubectl create secret docker-registry`). */
export const IMAGE_PULL_SECRET = 'regcred';

/** The image of the Ray head and workers: PyTorch, Ray, the MLflow client and the project's `training` package. */
export const TRAINING_IMAGE = 'harly1506/polyp-mlops:kfpv2';

/** KubeRay: RayJobs (each with its own Ray cluster) are created in this namespace. */
export const RAY_NAMESPACE = 'development';

/** The GKE accelerator of the GPU node pool the Ray workers and the model server run on. */
export const GPU_ACCELERATOR = 'nvidia-tesla-t4';

/** MLflow tracking server; it serves artifacts itself (`--serve-artifacts`) onto MinIO. */
export const MLFLOW_TRACKING_URI = 'http://mlflow-service.mlflow.svc.cluster.local:5001';
export const MLFLOW_EXPERIMENT = 'PolypSegmentation';
/** The registered model that deployable versions are recorded under. */
export const REGISTERED_MODEL = 'polyp-segmentation';

/** MinIO (S3 API): the dataset bucket, and the bucket the Ray jobs write their results to. */
export const MINIO_ENDPOINT = 'http://minio-service.mlflow.svc.cluster.local:9000';
export const DATASET_BUCKET = 'dataset';
export const DATASET_PREFIX = 'polyp_dataset';
export const RESULTS_BUCKET = 'mlflow-artifacts-store';

/**
 * MinIO's access keys in the pipeline's namespace, read into the standard AWS variables of every step:
 * `kubectl create secret generic minio-credentials --from-literal=access-key=… --from-literal=secret-key=…`.
 */
export const S3_CREDENTIALS_SECRET = 'minio-credentials';
export const S3_CREDENTIALS_ENV = { 'access-key': 'AWS_ACCESS_KEY_ID', 'secret-key': 'AWS_SECRET_ACCESS_KEY' };

/**
 * The same keys for the Ray pods, in namespace `development`, under the variable names themselves (every key
 * becomes an environment variable of the head and workers): `kubectl -n development create secret generic
 * polyp-ray-credentials --from-literal=AWS_ACCESS_KEY_ID=… --from-literal=AWS_SECRET_ACCESS_KEY=…`.
 */
export const RAY_CREDENTIALS_SECRET = 'polyp-ray-credentials';

/** KServe: namespace, service account with read access to the model store, and the GPU InferenceService. */
export const KSERVE_NAMESPACE = 'kserve-inference';
export const KSERVE_SERVICE_ACCOUNT = 'kserve-model-sa';
export const INFERENCE_SERVICE = 'polyp-segmentation-gpu';

/** The Triton model name: the directory in the model repository (not the InferenceService name). */
export const TRITON_MODEL_NAME = 'polyp-segmentation';
