/**
 * Where the polyp-segmentation system runs: images, in-cluster service addresses and serving defaults.
 * One place to change when the cluster changes; the components and the pipeline read these.
 */

/** Images come from a private registry; pods pull them with this Secret (`kubectl create secret docker-registry`). */
export const IMAGE_PULL_SECRET = 'regcred';

/** The training image (PyTorch, Ray, MLflow client and the project's `training` package). */
export const TRAINING_IMAGE = 'harly1506/polyp-mlops:kfpv2';

/** The image that talks to the Kubernetes API (applies KServe InferenceServices). */
export const DEPLOY_IMAGE = 'harly1506/polyp-mlops:kfpv2';

/** KubeRay cluster in namespace `development`: Ray client port of the head service. */
export const RAY_ADDRESS = 'ray://kuberay-raycluster-head-svc.development.svc.cluster.local:10001';

/** MLflow tracking server; it serves artifacts itself (`--serve-artifacts`) onto MinIO. */
export const MLFLOW_TRACKING_URI = 'http://mlflow-service.mlflow.svc.cluster.local:5001';
export const MLFLOW_EXPERIMENT = 'PolypSegmentation';

/** MinIO (S3 API): the dataset bucket and MLflow's artifact store. */
export const MINIO_ENDPOINT = 'http://minio-service.mlflow.svc.cluster.local:9000';
export const DATASET_BUCKET = 'dataset';

/**
 * The Secret holding MinIO's access keys in the pipeline's namespace, read into the standard AWS variables:
 * `kubectl create secret generic minio-credentials --from-literal=access-key=… --from-literal=secret-key=…`.
 */
export const S3_CREDENTIALS_SECRET = 'minio-credentials';
export const S3_CREDENTIALS_ENV = { 'access-key': 'AWS_ACCESS_KEY_ID', 'secret-key': 'AWS_SECRET_ACCESS_KEY' };
export const DATASET_PREFIX = 'polyp_dataset';

/** KServe: namespace, service account with read access to the model store, and the GPU InferenceService. */
export const KSERVE_NAMESPACE = 'kserve-inference';
export const KSERVE_SERVICE_ACCOUNT = 'kserve-model-sa';
export const INFERENCE_SERVICE = 'polyp-segmentation-gpu';

/** The Triton model name: the directory in the model repository (not the InferenceService name). */
export const TRITON_MODEL_NAME = 'polyp-segmentation';

/** The GPU resource the NVIDIA device plugin advertises. */
export const GPU_RESOURCE = 'nvidia.com/gpu';
