/** Defaults that fit the polyp-segmentation cluster (KubeRay in namespace `development`). */
export const POLYP_RAY_DEFAULTS = {
  /** Namespace of the long-lived RayCluster and of the RayJobs. */
  namespace: 'development',
  /** Head service of the long-lived RayCluster. */
  headService: 'kuberay-raycluster-head-svc',
  /** Ray dashboard (Jobs REST API) of the long-lived RayCluster. */
  dashboardUrl: 'http://kuberay-raycluster-head-svc.development.svc.cluster.local:8265',
  /** Image pull secret for the pipeline's images. */
  imagePullSecret: 'regcred',
  /** Python module that trains the model. */
  trainingModule: 'training.ray_main',
  /** Seconds KubeRay keeps a finished RayJob's cluster before deleting it. */
  ttlSecondsAfterFinished: 300,
} as const;

/** `python -m training.ray_main --config <path>`, the seed's training entrypoint. */
export function polypTrainingEntrypoint(configPath: string, module: string = POLYP_RAY_DEFAULTS.trainingModule): string {
  return `python -m ${module} --config ${shellQuote(configPath)}`;
}

/** Quotes a word for `/bin/sh` unless it is plainly safe. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
