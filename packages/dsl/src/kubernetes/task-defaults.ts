/**
 * Pipeline-wide task defaults (`pipeline({ taskDefaults })`): resources, scheduling, environment and secrets
 * that every container task of the pipeline gets unless it sets its own. They are checked when the pipeline
 * is declared and filled in after its body ran, so whatever a task sets itself wins.
 */
import { KfpDefinitionError, isKfpDefinitionError, type SourceLocation } from '../errors.js';
import type { TaskNode } from '../pipeline/graph.js';
import type { TaskConfig } from '../pipeline/task-config.js';
import { cpuProblem, memoryProblem } from '../pipeline/quantities.js';
import type { KubernetesConfig, NodeAffinityTerm, SecurityContext, Toleration } from './config.js';
import { envNameProblem } from './rules.js';
import { envSources, installKubernetesMethods, mountedPaths, type GpuScheduling, type KubernetesTaskMethods } from './task-methods.js';

/** A Secret or ConfigMap read into environment variables, for every task. */
export interface DefaultKeysAsEnv {
  name: string;
  /** Data key → environment variable. */
  keyToEnv: Record<string, string>;
  optional?: boolean;
}

/** A Secret or ConfigMap mounted as files, for every task. */
export interface DefaultKeysAsVolume {
  name: string;
  mountPath: string;
  optional?: boolean;
}

/**
 * Settings every container task of a pipeline gets unless it sets its own: a task's own resource settings,
 * environment variables (by name), mounts (by path), tolerations (by key and effect), node selector labels
 * and pod labels (by key) replace the defaults'.
 *
 * @example
 * import { containerComponent, pipeline } from '@kfp-ts/dsl';
 * const prepare = containerComponent({ name: 'prepare', image: 'ghcr.io/acme/prepare:1.0' });
 * const train = containerComponent({ name: 'train', image: 'ghcr.io/acme/train:1.0' });
 *
 * export const training = pipeline({
 *   name: 'train',
 *   taskDefaults: {
 *     cpuLimit: '2', memoryLimit: '4Gi',
 *     secretsAsEnv: [{ name: 'mlflow-creds', keyToEnv: { token: 'MLFLOW_TRACKING_TOKEN' } }],
 *     nodeSelector: { pool: 'batch' },
 *   },
 * }, () => {
 *   const prepared = prepare();                     // gets every default
 *   train().after(prepared).setCpuLimit('8');       // its own CPU limit, the other defaults
 * });
 */
export interface TaskDefaults {
  cpuRequest?: string;
  cpuLimit?: string;
  memoryRequest?: string;
  memoryLimit?: string;
  /** GPUs for every task (as `task.scheduleOnGpu(...)`); a task that sets an accelerator keeps its own. */
  gpu?: GpuScheduling;
  /** Environment variables. */
  env?: Record<string, string>;
  secretsAsEnv?: DefaultKeysAsEnv[];
  secretsAsVolume?: DefaultKeysAsVolume[];
  configMapsAsEnv?: DefaultKeysAsEnv[];
  configMapsAsVolume?: DefaultKeysAsVolume[];
  nodeSelector?: Record<string, string>;
  /** Used by tasks that set no node affinity of their own. */
  nodeAffinity?: NodeAffinityTerm[];
  tolerations?: Toleration[];
  imagePullSecrets?: string[];
  imagePullPolicy?: 'Always' | 'Never' | 'IfNotPresent';
  podLabels?: Record<string, string>;
  podAnnotations?: Record<string, string>;
  timeoutSeconds?: number;
  securityContext?: SecurityContext;
}

/** Defaults, checked and turned into the settings a task would have recorded. */
export interface PreparedTaskDefaults {
  readonly config: TaskConfig;
  /** GPU scheduling, applied as a whole to tasks that request no accelerator themselves. */
  readonly gpu?: TaskConfig;
}

const KNOWN = new Set<string>([
  'cpuRequest', 'cpuLimit', 'memoryRequest', 'memoryLimit', 'gpu', 'env', 'secretsAsEnv', 'secretsAsVolume',
  'configMapsAsEnv', 'configMapsAsVolume', 'nodeSelector', 'nodeAffinity', 'tolerations', 'imagePullSecrets',
  'imagePullPolicy', 'podLabels', 'podAnnotations', 'timeoutSeconds', 'securityContext',
]);

/** Checks the defaults by recording them on a stand-in task with the same methods tasks have. */
export function prepareTaskDefaults(defaults: TaskDefaults, pipelineName: string, location: SourceLocation | undefined): PreparedTaskDefaults {
  const config: TaskConfig = {};
  const gpu: TaskConfig = {};
  let field = 'taskDefaults';
  const fail = (message: string, at = field) =>
    new KfpDefinitionError(message, { pipeline: pipelineName, field: at, ...(location ? { location } : {}) });
  if (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults)) throw fail('taskDefaults must be an object of settings');
  for (const key of Object.keys(defaults)) if (!KNOWN.has(key)) throw fail(`unknown task default '${key}'`);

  const task = standInTask(pipelineName, config);

  try {
    for (const [key, check] of [['cpuRequest', cpuProblem], ['cpuLimit', cpuProblem], ['memoryRequest', memoryProblem], ['memoryLimit', memoryProblem]] as const) {
      field = `taskDefaults.${key}`;
      const value = defaults[key];
      if (value === undefined) continue;
      const problem = typeof value === 'string' ? check(value) : `expected a string, got ${JSON.stringify(value)}`;
      if (problem) throw fail(problem);
      config[key] = value;
    }
    field = 'taskDefaults.gpu';
    if (defaults.gpu) standInTask(pipelineName, gpu).scheduleOnGpu(defaults.gpu);
    field = 'taskDefaults.env';
    for (const [name, value] of Object.entries(defaults.env ?? {})) {
      const problem = envNameProblem(name) ?? (typeof value === 'string' ? undefined : `the value of '${name}' must be a string`);
      if (problem) throw fail(problem);
      config.env = { ...config.env, [name]: value };
    }
    field = 'taskDefaults.secretsAsEnv';
    for (const s of defaults.secretsAsEnv ?? []) task.useSecretAsEnv(s.name, s.keyToEnv, { optional: s.optional });
    field = 'taskDefaults.secretsAsVolume';
    for (const s of defaults.secretsAsVolume ?? []) task.useSecretAsVolume(s.name, s.mountPath, { optional: s.optional });
    field = 'taskDefaults.configMapsAsEnv';
    for (const c of defaults.configMapsAsEnv ?? []) task.useConfigMapAsEnv(c.name, c.keyToEnv, { optional: c.optional });
    field = 'taskDefaults.configMapsAsVolume';
    for (const c of defaults.configMapsAsVolume ?? []) task.useConfigMapAsVolume(c.name, c.mountPath, { optional: c.optional });
    field = 'taskDefaults.nodeSelector';
    for (const [key, value] of Object.entries(defaults.nodeSelector ?? {})) task.addNodeSelector(key, value);
    field = 'taskDefaults.nodeAffinity';
    for (const term of defaults.nodeAffinity ?? []) task.addNodeAffinity(term);
    field = 'taskDefaults.tolerations';
    for (const t of defaults.tolerations ?? []) task.addToleration(t);
    field = 'taskDefaults.imagePullSecrets';
    if (defaults.imagePullSecrets) task.setImagePullSecrets(defaults.imagePullSecrets);
    field = 'taskDefaults.imagePullPolicy';
    if (defaults.imagePullPolicy !== undefined) task.setImagePullPolicy(defaults.imagePullPolicy);
    field = 'taskDefaults.podLabels';
    for (const [key, value] of Object.entries(defaults.podLabels ?? {})) task.addPodLabel(key, value);
    field = 'taskDefaults.podAnnotations';
    for (const [key, value] of Object.entries(defaults.podAnnotations ?? {})) task.addPodAnnotation(key, value);
    field = 'taskDefaults.timeoutSeconds';
    if (defaults.timeoutSeconds !== undefined) task.setTimeout(defaults.timeoutSeconds);
    field = 'taskDefaults.securityContext';
    if (defaults.securityContext !== undefined) task.setSecurityContext(defaults.securityContext);
  } catch (e) {
    if (isKfpDefinitionError(e) && !e.context.pipeline) throw fail(e.message);
    throw e;
  }
  return { config, ...(defaults.gpu ? { gpu } : {}) };
}

/** An object with the task methods that records into `config`, to check settings outside any pipeline. */
function standInTask(pipelineName: string, config: TaskConfig): KubernetesTaskMethods {
  const standIn = {
    node: { component: { name: `${pipelineName} task defaults` }, config } as unknown as TaskNode,
    setAcceleratorType(type: string) {
      config.acceleratorType = type;
    },
    setAcceleratorLimit(count: number) {
      config.acceleratorLimit = String(count);
    },
  };
  installKubernetesMethods(standIn);
  return standIn as typeof standIn & KubernetesTaskMethods;
}

/** Fills each container task's unset settings from the defaults. */
export function applyTaskDefaults(tasks: readonly TaskNode[], defaults: PreparedTaskDefaults): void {
  for (const task of tasks) {
    if (task.component.implementation.kind !== 'container') continue;
    const ownAccelerator = task.config.acceleratorType !== undefined || task.config.acceleratorLimit !== undefined;
    if (defaults.gpu && !ownAccelerator) fillTaskConfig(task.config, defaults.gpu);
    fillTaskConfig(task.config, defaults.config);
  }
}

function fillTaskConfig(own: TaskConfig, defaults: TaskConfig): void {
  for (const key of ['cpuRequest', 'cpuLimit', 'memoryRequest', 'memoryLimit'] as const) {
    if (own[key] === undefined && defaults[key] !== undefined) own[key] = defaults[key];
  }
  if (own.acceleratorType === undefined && own.acceleratorLimit === undefined && defaults.acceleratorType !== undefined) {
    own.acceleratorType = defaults.acceleratorType;
    own.acceleratorLimit = defaults.acceleratorLimit;
  }
  // Read before any default is added: what the task itself sets wins.
  const ownEnv = envSources(own);
  const ownPaths = mountedPaths(own.kubernetes ?? {});
  const ownK8s = own.kubernetes ?? {};
  const env = Object.fromEntries(Object.entries(defaults.env ?? {}).filter(([name]) => !ownEnv.has(name)));
  if (Object.keys(env).length) own.env = { ...env, ...own.env };
  if (defaults.kubernetes) {
    const merged = mergeKubernetes(ownK8s, defaults.kubernetes, ownEnv, ownPaths);
    if (Object.keys(merged).length) own.kubernetes = merged;
  }
}

function mergeKubernetes(
  own: KubernetesConfig,
  defaults: KubernetesConfig,
  ownEnv: Map<string, string>,
  ownPaths: Map<string, string>,
): KubernetesConfig {
  const out: KubernetesConfig = { ...own };
  const prepend = <T>(mine: T[] | undefined, theirs: T[]): T[] | undefined => {
    const all = [...theirs, ...(mine ?? [])];
    return all.length ? all : undefined;
  };
  const envEntries = (list: KubernetesConfig['secretAsEnv']) =>
    (list ?? [])
      .map((e) => ({ ...e, keyToEnv: e.keyToEnv.filter((p) => !ownEnv.has(p.envVar)) }))
      .filter((e) => e.keyToEnv.length);
  const volumeEntries = <T extends { mountPath: string }>(list: T[] | undefined) => (list ?? []).filter((v) => !ownPaths.has(v.mountPath));

  const assign = <K extends keyof KubernetesConfig>(key: K, value: KubernetesConfig[K] | undefined) => {
    if (value === undefined) delete out[key];
    else out[key] = value;
  };
  assign('secretAsEnv', prepend(own.secretAsEnv, envEntries(defaults.secretAsEnv)));
  assign('configMapAsEnv', prepend(own.configMapAsEnv, envEntries(defaults.configMapAsEnv)));
  assign('secretAsVolume', prepend(own.secretAsVolume, volumeEntries(defaults.secretAsVolume)));
  assign('configMapAsVolume', prepend(own.configMapAsVolume, volumeEntries(defaults.configMapAsVolume)));
  if (defaults.nodeSelector) assign('nodeSelector', { ...defaults.nodeSelector, ...own.nodeSelector });
  if (!own.nodeAffinity?.length && defaults.nodeAffinity) assign('nodeAffinity', [...defaults.nodeAffinity]);
  if (defaults.tolerations) {
    const sameTaint = (a: Toleration, b: Toleration) => a.key === b.key && a.effect === b.effect;
    const ownTolerations = (own.tolerations ?? []).filter((t): t is Toleration => !('json' in t));
    const fromDefaults = defaults.tolerations.filter((t) => !('json' in t) && !ownTolerations.some((o) => sameTaint(o, t)));
    assign('tolerations', prepend(own.tolerations, fromDefaults));
  }
  if (defaults.imagePullSecrets) {
    const mine = own.imagePullSecrets ?? [];
    assign('imagePullSecrets', prepend(mine, defaults.imagePullSecrets.filter((s) => !mine.includes(s))));
  }
  if (own.imagePullPolicy === undefined && defaults.imagePullPolicy) assign('imagePullPolicy', defaults.imagePullPolicy);
  if (defaults.podLabels) assign('podLabels', { ...defaults.podLabels, ...own.podLabels });
  if (defaults.podAnnotations) assign('podAnnotations', { ...defaults.podAnnotations, ...own.podAnnotations });
  if (own.timeoutSeconds === undefined && defaults.timeoutSeconds !== undefined) assign('timeoutSeconds', defaults.timeoutSeconds);
  if (defaults.securityContext) assign('securityContext', { ...defaults.securityContext, ...own.securityContext });
  return out;
}
