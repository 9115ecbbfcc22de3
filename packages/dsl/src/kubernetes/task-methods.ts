/**
 * The Kubernetes methods of a task (what kfp-kubernetes offers as functions, here as typed methods), plus
 * `scheduleOnGpu`. Each call is checked when it is made and recorded in `task.node.config.kubernetes`.
 */
import { hasChannelTokens, isChannel, type ParameterChannel } from '../channels/channel.js';
import { callerLocation, KfpDefinitionError } from '../errors.js';
import { valueScopeProblem } from '../pipeline/channel-scope.js';
import { currentBuild, isBuilding } from '../pipeline/context.js';
import type { TaskNode } from '../pipeline/graph.js';
import type { TaskConfig } from '../pipeline/task-config.js';
import type {
  DynamicValue,
  EmptyDirMount,
  EphemeralVolume,
  InitContainer,
  KeysAsEnv,
  KubernetesConfig,
  NodeAffinityTerm,
  NodeSelectorRequirement,
  SecurityContext,
  Toleration,
} from './config.js';
import {
  ACCESS_MODES,
  dataKeyProblem,
  dnsLabelProblem,
  EMPTY_DIR_MEDIA,
  envNameProblem,
  IMAGE_PULL_POLICIES,
  labelValueProblem,
  metadataKeyProblem,
  mountPathProblem,
  NODE_SELECTOR_OPERATORS,
  oneOfProblem,
  quantityProblem,
  resourceKeyProblem,
  resourceNameProblem,
  subPathProblem,
  TOLERATION_EFFECTS,
  TOLERATION_OPERATORS,
  wholeNumberProblem,
} from './rules.js';

/** Whether a Secret or ConfigMap may be missing (the task then runs without it). */
export interface OptionalResource {
  /** When true, the pod starts even if the Secret/ConfigMap (or a key of it) does not exist. Default false. */
  optional?: boolean;
}

/** GPU scheduling in one call: accelerator type and count, the GPU nodes' labels and their taint. */
export interface GpuScheduling {
  /** The accelerator resource (default `'nvidia.com/gpu'`). */
  type?: string;
  /** How many accelerators (default 1). */
  count?: number;
  /** Node labels the task's node must have, e.g. `{ 'cloud.google.com/gke-accelerator': 'nvidia-l4' }`. */
  nodeSelector?: Record<string, string>;
  /**
   * The toleration for the GPU nodes' taint. Default: `{ key: <type>, operator: 'Exists', effect: 'NoSchedule' }`,
   * the taint GPU node pools usually carry. `false` adds none.
   */
  toleration?: Toleration | false;
}

/** Kubernetes settings of a task's pod. Every method returns the task, so calls chain. */
export interface KubernetesTaskMethods {
  /**
   * Sets environment variables from a Kubernetes Secret: `keyToEnv` maps each Secret data key to a variable.
   * The secret's values never appear in the compiled pipeline, only its name and keys.
   *
   * @example
   * import { containerComponent, pipeline } from '@kfp-ts/dsl';
   * const train = containerComponent({ name: 'train', image: 'ghcr.io/acme/train:1.0' });
   * export const training = pipeline({ name: 'training' }, () => {
   *   train().useSecretAsEnv('mlflow-creds', { 'access-key': 'AWS_ACCESS_KEY_ID', 'secret-key': 'AWS_SECRET_ACCESS_KEY' });
   * });
   */
  useSecretAsEnv(secretName: DynamicValue<string>, keyToEnv: Record<string, string>, options?: OptionalResource): this;
  /** Mounts a Kubernetes Secret's data as files under `mountPath`. */
  useSecretAsVolume(secretName: DynamicValue<string>, mountPath: string, options?: OptionalResource): this;
  /** Sets environment variables from a ConfigMap: `keyToEnv` maps each ConfigMap key to a variable. */
  useConfigMapAsEnv(configMapName: DynamicValue<string>, keyToEnv: Record<string, string>, options?: OptionalResource): this;
  /** Mounts a ConfigMap's data as files under `mountPath`. */
  useConfigMapAsVolume(configMapName: DynamicValue<string>, mountPath: string, options?: OptionalResource): this;
  /**
   * Mounts a PersistentVolumeClaim, by name or from a task output (such as `createPvc(...).outputs.name`),
   * optionally only a sub-path of it. Reading the name from a task makes this task run after that one.
   */
  mountPvc(pvcName: DynamicValue<string>, mountPath: string, options?: { subPath?: string }): this;
  /** Adds a generic ephemeral volume: a PVC created with the task's pod and deleted with it. */
  addEphemeralVolume(volume: EphemeralVolume): this;
  /** Mounts an emptyDir volume (scratch space for the life of the pod). */
  mountEmptyDir(mount: EmptyDirMount): this;
  /** Requires a node label: the pod only runs on nodes labelled `labelKey=labelValue`. */
  addNodeSelector(labelKey: string, labelValue: string): this;
  /** Sets the whole node selector as JSON (label → value), from a literal or a pipeline parameter. */
  setNodeSelectorJson(selector: DynamicValue<Record<string, string>>): this;
  /** Adds a node affinity term: required without `weight`, preferred with a weight from 1 to 100. */
  addNodeAffinity(term: NodeAffinityTerm): this;
  /** Sets a whole Kubernetes NodeAffinity as JSON, from a literal or a pipeline parameter (replacing an earlier one). */
  setNodeAffinityJson(affinity: DynamicValue<Record<string, unknown>>): this;
  /** Adds a toleration, so the pod may run on nodes with a matching taint. */
  addToleration(toleration: Toleration): this;
  /**
   * Adds tolerations given as Kubernetes JSON: one or a list, literal or from a pipeline parameter
   * (`STRUCT` for one, `LIST` for several).
   */
  addTolerationJson(tolerations: DynamicValue<Toleration | Toleration[]>): this;
  /** Adds Secrets (names, literal or from pipeline parameters) to pull the task's image with. */
  setImagePullSecrets(secretNames: DynamicValue<string>[]): this;
  /** When Kubernetes pulls the task's image: `'Always'`, `'Never'` or `'IfNotPresent'`. */
  setImagePullPolicy(policy: 'Always' | 'Never' | 'IfNotPresent'): this;
  /** Adds a label to the task's pod. */
  addPodLabel(key: string, value: string): this;
  /** Adds an annotation to the task's pod. */
  addPodAnnotation(key: string, value: string): this;
  /**
   * Sets an environment variable from a field of the task's own pod.
   *
   * @example
   * import { containerComponent, pipeline } from '@kfp-ts/dsl';
   * const report = containerComponent({ name: 'report', image: 'alpine:3.20', command: ['sh', '-c', 'echo "$KFP_RUN_NAME"'] });
   * export const reporting = pipeline({ name: 'reporting' }, () => {
   *   report().useFieldPathAsEnv('KFP_RUN_NAME', "metadata.annotations['pipelines.kubeflow.org/run_name']");
   * });
   */
  useFieldPathAsEnv(envName: string, fieldPath: string): this;
  /** Stops the task's pod after `seconds` (its `activeDeadlineSeconds`); 0 removes an earlier limit. */
  setTimeout(seconds: number): this;
  /** Sets the user, group or non-root requirement of the task's container. */
  setSecurityContext(context: SecurityContext): this;
  /** Adds a container that runs before the main one (or beside it, with `restartPolicy: 'Always'`). */
  addInitContainer(container: InitContainer): this;
  /**
   * Schedules the task on GPU nodes in one call: sets the accelerator type and count, the node selector
   * and the toleration for the GPU nodes' taint.
   *
   * @example
   * import { containerComponent, pipeline } from '@kfp-ts/dsl';
   * const train = containerComponent({ name: 'train', image: 'ghcr.io/acme/train:1.0' });
   * export const training = pipeline({ name: 'training' }, () => {
   *   train().scheduleOnGpu({ count: 2, nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-l4' } });
   * });
   */
  scheduleOnGpu(options?: GpuScheduling): this;
}

/** What the methods need from the task they are installed on. */
interface Host {
  readonly node: TaskNode;
  setAcceleratorType(type: string): unknown;
  setAcceleratorLimit(count: number): unknown;
}

function fail(host: Host, message: string, field: string): KfpDefinitionError {
  return new KfpDefinitionError(message, { task: host.node.component.name, field, location: callerLocation() });
}

function check(host: Host, field: string, problem: string | undefined): void {
  if (problem) throw fail(host, problem, field);
}

function config(host: Host): KubernetesConfig {
  return (host.node.config.kubernetes ??= {});
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isChannel(value);
}

/** A name that is a literal (checked as Kubernetes requires) or a string parameter channel. */
function checkName(host: Host, field: string, kind: string, value: unknown): void {
  if (isChannel(value)) {
    checkChannel(host, field, value, ['STRING']);
    return;
  }
  if (typeof value === 'string' && hasChannelTokens(value)) {
    throw fail(host, `the ${kind} name cannot be a template with pipeline values in it; pass the channel itself, or build the name in a component and pass its output`, field);
  }
  check(host, field, resourceNameProblem(kind, value));
}

/** A channel standing for a setting: a parameter of one of `types` (loop items carry no precise type). */
function checkChannel(host: Host, field: string, channel: unknown, types: string[]): asserts channel is ParameterChannel {
  if (!isChannel(channel) || channel.channelKind !== 'parameter') {
    throw fail(host, 'an artifact cannot be used as a Kubernetes setting; use a parameter', field);
  }
  const src = channel.source.kind;
  if (src === 'collected' || src === 'oneof') {
    throw fail(host, 'Collected and OneOf values cannot be used as Kubernetes settings', field);
  }
  if (src !== 'loop-item' && !types.includes(channel.parameterType)) {
    throw fail(host, `expected a ${types.join(' or ')} parameter, got ${channel.parameterType}`, field);
  }
  // Only channels of this pipeline, and loop items only inside their loop.
  const problem = isBuilding() ? valueScopeProblem(currentBuild('a Kubernetes setting'), channel, host.node.parent) : undefined;
  if (problem) throw fail(host, problem, field);
}

/** A string → string map with checked keys and values. */
function checkMap(
  host: Host,
  field: string,
  value: unknown,
  keyProblem: (k: string) => string | undefined,
  valueProblem: (v: unknown) => string | undefined,
): asserts value is Record<string, string> {
  if (!isPlainObject(value)) throw fail(host, 'expected an object of names to values', field);
  for (const [k, v] of Object.entries(value as object)) {
    check(host, field, keyProblem(k));
    check(host, field, valueProblem(v));
  }
}

function optionalFlag(host: Host, field: string, options: OptionalResource | undefined): boolean {
  const optional = options?.optional ?? false;
  if (typeof optional !== 'boolean') throw fail(host, 'optional must be true or false', `${field}.optional`);
  return optional;
}

// ---- conflicts within one pod ------------------------------------------------------------------------

/** Where each mount path of the main container is already used, and by what. */
export function mountedPaths(k: KubernetesConfig): Map<string, string> {
  const paths = new Map<string, string>();
  for (const m of k.secretAsVolume ?? []) paths.set(m.mountPath, 'a Secret volume');
  for (const m of k.configMapAsVolume ?? []) paths.set(m.mountPath, 'a ConfigMap volume');
  for (const m of k.pvcMount ?? []) paths.set(m.mountPath, 'a PVC mount');
  for (const m of k.ephemeralVolumes ?? []) paths.set(m.mountPath, `ephemeral volume '${m.volumeName}'`);
  for (const m of k.emptyDirMounts ?? []) paths.set(m.mountPath, `emptyDir volume '${m.volumeName}'`);
  return paths;
}

function checkMountPath(host: Host, field: string, path: unknown): asserts path is string {
  check(host, field, mountPathProblem(path));
  const used = mountedPaths(config(host)).get(path as string);
  if (used) throw fail(host, `mount path '${path}' is already used by ${used} on this task; each volume needs its own path`, field);
}

function checkVolumeName(host: Host, field: string, name: unknown): asserts name is string {
  check(host, field, dnsLabelProblem('volume', name));
  const k = config(host);
  const taken = [...(k.ephemeralVolumes ?? []), ...(k.emptyDirMounts ?? [])].some((v) => v.volumeName === name);
  if (taken) throw fail(host, `volume '${name}' is already defined on this task`, field);
}

/** Environment variables set on a task by any means, and how. */
export function envSources(taskConfig: TaskConfig): Map<string, string> {
  const k = taskConfig.kubernetes ?? {};
  const names = new Map<string, string>();
  for (const name of Object.keys(taskConfig.env ?? {})) names.set(name, 'setEnvVariable');
  for (const s of k.secretAsEnv ?? []) for (const e of s.keyToEnv) names.set(e.envVar, 'a Secret');
  for (const c of k.configMapAsEnv ?? []) for (const e of c.keyToEnv) names.set(e.envVar, 'a ConfigMap');
  for (const f of k.fieldPathAsEnv ?? []) names.set(f.name, 'a pod field');
  return names;
}

function checkEnvName(host: Host, field: string, name: unknown, seen: Set<string>): asserts name is string {
  check(host, field, envNameProblem(name));
  const from = envSources(host.node.config).get(name as string);
  if (from || seen.has(name as string)) {
    throw fail(host, `environment variable '${name}' is already set${from ? ` from ${from}` : ''} on this task`, field);
  }
  seen.add(name as string);
}

// ---- the methods ---------------------------------------------------------------------------------------

function keysAsEnv(host: Host, field: string, kind: string, name: unknown, keyToEnv: unknown, options: OptionalResource | undefined): KeysAsEnv {
  checkName(host, field, kind, name);
  if (!isPlainObject(keyToEnv) || Object.keys(keyToEnv as object).length === 0) {
    throw fail(host, `map at least one ${kind} key to an environment variable, e.g. { password: 'DB_PASSWORD' }`, field);
  }
  const seen = new Set<string>();
  const pairs = Object.entries(keyToEnv as object).map(([key, envVar]) => {
    check(host, field, dataKeyProblem(kind, key));
    checkEnvName(host, field, envVar, seen);
    return { key, envVar };
  });
  return { name: name as DynamicValue<string>, keyToEnv: pairs, optional: optionalFlag(host, field, options) };
}

function keysAsVolume(host: Host, field: string, kind: string, name: unknown, mountPath: unknown, options: OptionalResource | undefined) {
  checkName(host, field, kind, name);
  checkMountPath(host, field, mountPath);
  return { name: name as DynamicValue<string>, mountPath, optional: optionalFlag(host, field, options) };
}

function checkSelectorRequirements(host: Host, field: string, list: unknown): NodeSelectorRequirement[] | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) throw fail(host, 'expected a list of { key, operator, values } requirements', field);
  return list.map((req: NodeSelectorRequirement) => {
    if (!isPlainObject(req) || typeof req.key !== 'string' || req.key === '') {
      throw fail(host, 'each requirement needs a non-empty key', field);
    }
    check(host, field, oneOfProblem(`operator for key '${req.key}'`, req.operator, NODE_SELECTOR_OPERATORS));
    const values = req.values ?? [];
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
      throw fail(host, `the values for key '${req.key}' must be a list of strings`, field);
    }
    const op = req.operator;
    if ((op === 'In' || op === 'NotIn') && values.length === 0) throw fail(host, `operator '${op}' for key '${req.key}' needs at least one value`, field);
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length) throw fail(host, `operator '${op}' for key '${req.key}' takes no values`, field);
    if ((op === 'Gt' || op === 'Lt') && (values.length !== 1 || !/^-?\d+$/.test(values[0]))) {
      throw fail(host, `operator '${op}' for key '${req.key}' takes exactly one whole-number value`, field);
    }
    return { key: req.key, operator: op, values: [...values] };
  });
}

function checkedToleration(host: Host, field: string, t: unknown): Toleration {
  if (!isPlainObject(t)) throw fail(host, 'a toleration is an object { key, operator, value, effect, tolerationSeconds }', field);
  const { key, operator, value, effect, tolerationSeconds } = t as Toleration;
  const known = new Set(['key', 'operator', 'value', 'effect', 'tolerationSeconds']);
  for (const name of Object.keys(t as object)) if (!known.has(name)) throw fail(host, `unknown toleration field '${name}'`, field);
  if (key !== undefined && key !== '') check(host, field, metadataKeyProblem('label', key));
  if (operator !== undefined) check(host, field, oneOfProblem('toleration operator', operator, TOLERATION_OPERATORS));
  if (effect !== undefined) check(host, field, oneOfProblem('toleration effect', effect, TOLERATION_EFFECTS));
  if (value !== undefined && typeof value !== 'string') throw fail(host, 'the toleration value must be a string', field);
  if (operator === 'Exists' && value) throw fail(host, `a toleration with operator 'Exists' matches any value; remove value '${value}'`, field);
  if (!key && operator !== 'Exists') throw fail(host, "a toleration without a key must use operator 'Exists' (it then tolerates every taint)", field);
  if (tolerationSeconds !== undefined) {
    check(host, field, wholeNumberProblem('tolerationSeconds', tolerationSeconds, 0));
    if (effect !== 'NoExecute') throw fail(host, "tolerationSeconds only applies to effect 'NoExecute'", field);
  }
  return {
    ...(key ? { key } : {}),
    ...(operator ? { operator } : {}),
    ...(value ? { value } : {}),
    ...(effect ? { effect } : {}),
    ...(tolerationSeconds !== undefined ? { tolerationSeconds } : {}),
  };
}

const NODE_AFFINITY_FIELDS = ['requiredDuringSchedulingIgnoredDuringExecution', 'preferredDuringSchedulingIgnoredDuringExecution'];

const methods: KubernetesTaskMethods & ThisType<Host> = {
  useSecretAsEnv(this: Host, secretName, keyToEnv, options) {
    const entry = keysAsEnv(this, 'secretAsEnv', 'Secret', secretName, keyToEnv, options);
    (config(this).secretAsEnv ??= []).push(entry);
    return this as never;
  },

  useSecretAsVolume(this: Host, secretName, mountPath, options) {
    const entry = keysAsVolume(this, 'secretAsVolume', 'Secret', secretName, mountPath, options);
    (config(this).secretAsVolume ??= []).push(entry);
    return this as never;
  },

  useConfigMapAsEnv(this: Host, configMapName, keyToEnv, options) {
    const entry = keysAsEnv(this, 'configMapAsEnv', 'ConfigMap', configMapName, keyToEnv, options);
    (config(this).configMapAsEnv ??= []).push(entry);
    return this as never;
  },

  useConfigMapAsVolume(this: Host, configMapName, mountPath, options) {
    const entry = keysAsVolume(this, 'configMapAsVolume', 'ConfigMap', configMapName, mountPath, options);
    (config(this).configMapAsVolume ??= []).push(entry);
    return this as never;
  },

  mountPvc(this: Host, pvcName, mountPath, options) {
    checkName(this, 'pvcMount', 'PersistentVolumeClaim', pvcName);
    checkMountPath(this, 'pvcMount', mountPath);
    const subPath = options?.subPath;
    if (subPath !== undefined) check(this, 'pvcMount.subPath', subPathProblem(subPath));
    (config(this).pvcMount ??= []).push({ pvcName, mountPath, ...(subPath ? { subPath } : {}) });
    return this as never;
  },

  addEphemeralVolume(this: Host, volume) {
    const field = 'ephemeralVolume';
    if (!isPlainObject(volume)) throw fail(this, 'expected { volumeName, mountPath, accessModes, size, … }', field);
    const { volumeName, mountPath, accessModes, size, storageClassName, labels, annotations } = volume;
    checkVolumeName(this, field, volumeName);
    checkMountPath(this, field, mountPath);
    if (!Array.isArray(accessModes) || accessModes.length === 0) throw fail(this, 'give at least one access mode, e.g. [\'ReadWriteOnce\']', field);
    for (const mode of accessModes) check(this, field, oneOfProblem('access mode', mode, ACCESS_MODES));
    check(this, field, quantityProblem('volume size', size));
    // '' asks for no class at all (a statically provisioned volume); unset uses the cluster's default class.
    if (storageClassName !== undefined && storageClassName !== '') check(this, field, resourceNameProblem('StorageClass', storageClassName));
    if (labels !== undefined) checkMap(this, field, labels, (k) => metadataKeyProblem('label', k), (v) => labelValueProblem('label', v));
    if (annotations !== undefined) checkMap(this, field, annotations, (k) => metadataKeyProblem('annotation', k), (v) => (typeof v === 'string' ? undefined : 'annotation values must be strings'));
    (config(this).ephemeralVolumes ??= []).push({
      volumeName,
      mountPath,
      accessModes: [...accessModes],
      size,
      ...(storageClassName !== undefined ? { storageClassName } : {}),
      ...(labels && Object.keys(labels).length ? { labels: { ...labels } } : {}),
      ...(annotations && Object.keys(annotations).length ? { annotations: { ...annotations } } : {}),
    });
    return this as never;
  },

  mountEmptyDir(this: Host, mount) {
    const field = 'emptyDirMount';
    if (!isPlainObject(mount)) throw fail(this, 'expected { volumeName, mountPath, medium?, sizeLimit? }', field);
    const { volumeName, mountPath, medium, sizeLimit } = mount;
    checkVolumeName(this, field, volumeName);
    checkMountPath(this, field, mountPath);
    if (medium !== undefined) check(this, field, oneOfProblem('emptyDir medium', medium, EMPTY_DIR_MEDIA));
    if (sizeLimit !== undefined) check(this, field, quantityProblem('size limit', sizeLimit));
    (config(this).emptyDirMounts ??= []).push({
      volumeName,
      mountPath,
      ...(medium !== undefined ? { medium } : {}),
      ...(sizeLimit !== undefined ? { sizeLimit } : {}),
    });
    return this as never;
  },

  addNodeSelector(this: Host, labelKey, labelValue) {
    check(this, 'nodeSelector', metadataKeyProblem('node selector label', labelKey));
    check(this, 'nodeSelector', labelValueProblem('node selector label', labelValue));
    const k = config(this);
    k.nodeSelector = { ...k.nodeSelector, [labelKey]: labelValue };
    return this as never;
  },

  setNodeSelectorJson(this: Host, selector) {
    const field = 'nodeSelectorJson';
    if (isChannel(selector)) checkChannel(this, field, selector, ['STRUCT']);
    else checkMap(this, field, selector, (k) => metadataKeyProblem('node selector label', k), (v) => labelValueProblem('node selector label', v));
    config(this).nodeSelectorJson = isChannel(selector) ? selector : { ...selector };
    return this as never;
  },

  addNodeAffinity(this: Host, term) {
    const field = 'nodeAffinity';
    if (!isPlainObject(term)) throw fail(this, 'expected { matchExpressions?, matchFields?, weight? }', field);
    const matchExpressions = checkSelectorRequirements(this, `${field}.matchExpressions`, term.matchExpressions);
    const matchFields = checkSelectorRequirements(this, `${field}.matchFields`, term.matchFields);
    if (!matchExpressions?.length && !matchFields?.length) throw fail(this, 'a node affinity term needs matchExpressions or matchFields', field);
    if (term.weight !== undefined) check(this, `${field}.weight`, wholeNumberProblem('weight', term.weight, 1, 100));
    (config(this).nodeAffinity ??= []).push({
      ...(matchExpressions?.length ? { matchExpressions } : {}),
      ...(matchFields?.length ? { matchFields } : {}),
      ...(term.weight !== undefined ? { weight: term.weight } : {}),
    });
    return this as never;
  },

  setNodeAffinityJson(this: Host, affinity) {
    const field = 'nodeAffinityJson';
    if (isChannel(affinity)) checkChannel(this, field, affinity, ['STRUCT']);
    else if (!isPlainObject(affinity)) throw fail(this, 'expected a Kubernetes NodeAffinity object or a STRUCT parameter', field);
    else {
      for (const key of Object.keys(affinity)) {
        if (!NODE_AFFINITY_FIELDS.includes(key)) throw fail(this, `'${key}' is not a NodeAffinity field (use ${NODE_AFFINITY_FIELDS.join(' or ')})`, field);
      }
    }
    const k = config(this);
    // Only one JSON affinity applies: a new one replaces the earlier one.
    k.nodeAffinity = [...(k.nodeAffinity ?? []).filter((t) => !('json' in t)), { json: isChannel(affinity) ? affinity : structuredClone(affinity) }];
    return this as never;
  },

  addToleration(this: Host, toleration) {
    const t = checkedToleration(this, 'tolerations', toleration);
    (config(this).tolerations ??= []).push(t);
    return this as never;
  },

  addTolerationJson(this: Host, tolerations) {
    if (isChannel(tolerations)) {
      checkChannel(this, 'tolerations', tolerations, ['STRUCT', 'LIST']);
      (config(this).tolerations ??= []).push({ json: tolerations });
      return this as never;
    }
    const list = Array.isArray(tolerations) ? tolerations : [tolerations];
    const checked = list.map((t) => checkedToleration(this, 'tolerations', t));
    (config(this).tolerations ??= []).push(...checked);
    return this as never;
  },

  setImagePullSecrets(this: Host, secretNames) {
    if (!Array.isArray(secretNames)) throw fail(this, 'expected a list of Secret names', 'imagePullSecrets');
    for (const name of secretNames) checkName(this, 'imagePullSecrets', 'Secret', name);
    (config(this).imagePullSecrets ??= []).push(...secretNames);
    return this as never;
  },

  setImagePullPolicy(this: Host, policy) {
    check(this, 'imagePullPolicy', oneOfProblem('image pull policy', policy, IMAGE_PULL_POLICIES));
    config(this).imagePullPolicy = policy;
    return this as never;
  },

  addPodLabel(this: Host, key, value) {
    check(this, 'podLabels', metadataKeyProblem('label', key));
    check(this, 'podLabels', labelValueProblem('label', value));
    const k = config(this);
    k.podLabels = { ...k.podLabels, [key]: value };
    return this as never;
  },

  addPodAnnotation(this: Host, key, value) {
    check(this, 'podAnnotations', metadataKeyProblem('annotation', key));
    if (typeof value !== 'string') throw fail(this, 'annotation values must be strings', 'podAnnotations');
    const k = config(this);
    k.podAnnotations = { ...k.podAnnotations, [key]: value };
    return this as never;
  },

  useFieldPathAsEnv(this: Host, envName, fieldPath) {
    checkEnvName(this, 'fieldPathAsEnv', envName, new Set());
    if (typeof fieldPath !== 'string' || fieldPath.trim() === '') throw fail(this, 'the field path must be a non-empty string, e.g. \'metadata.name\'', 'fieldPathAsEnv');
    (config(this).fieldPathAsEnv ??= []).push({ name: envName, fieldPath });
    return this as never;
  },

  setTimeout(this: Host, seconds) {
    check(this, 'timeout', wholeNumberProblem('the timeout in seconds', seconds, 0));
    config(this).timeoutSeconds = seconds;
    return this as never;
  },

  setSecurityContext(this: Host, context) {
    const field = 'securityContext';
    if (!isPlainObject(context)) throw fail(this, 'expected { runAsUser?, runAsGroup?, runAsNonRoot? }', field);
    const { runAsUser, runAsGroup, runAsNonRoot } = context;
    if (runAsUser === undefined && runAsGroup === undefined && runAsNonRoot === undefined) {
      throw fail(this, 'set at least one of runAsUser, runAsGroup and runAsNonRoot', field);
    }
    if (runAsUser !== undefined) check(this, field, wholeNumberProblem('runAsUser', runAsUser, 0));
    if (runAsGroup !== undefined) check(this, field, wholeNumberProblem('runAsGroup', runAsGroup, 0));
    if (runAsNonRoot !== undefined && typeof runAsNonRoot !== 'boolean') throw fail(this, 'runAsNonRoot must be true or false', field);
    if (runAsNonRoot === true && runAsUser === 0) throw fail(this, 'runAsNonRoot cannot be combined with runAsUser 0 (root)', field);
    const k = config(this);
    k.securityContext = {
      ...k.securityContext,
      ...(runAsUser !== undefined ? { runAsUser } : {}),
      ...(runAsGroup !== undefined ? { runAsGroup } : {}),
      ...(runAsNonRoot !== undefined ? { runAsNonRoot } : {}),
    };
    return this as never;
  },

  addInitContainer(this: Host, container) {
    const field = 'initContainers';
    if (!isPlainObject(container)) throw fail(this, 'expected { name, image, command?, args?, env?, volumeMounts?, … }', field);
    const { name, image, command, args, env, volumeMounts, restartPolicy, resources } = container;
    check(this, field, dnsLabelProblem('init container', name));
    if (name === 'kfp-launcher') throw fail(this, "the init container name 'kfp-launcher' is reserved by Kubeflow Pipelines", field);
    if ((config(this).initContainers ?? []).some((c) => c.name === name)) throw fail(this, `an init container named '${name}' was already added to this task`, field);
    if (typeof image !== 'string' || image.trim() === '') throw fail(this, 'the init container image must be a non-empty string', field);
    for (const [what, list] of [['command', command], ['args', args]] as const) {
      if (list !== undefined && (!Array.isArray(list) || list.some((s) => typeof s !== 'string'))) {
        throw fail(this, `the init container ${what} must be a list of strings`, field);
      }
    }
    if (env !== undefined) checkMap(this, field, env, envNameProblem, (v) => (typeof v === 'string' ? undefined : 'environment variable values must be strings'));
    if (volumeMounts !== undefined) {
      checkMap(this, field, volumeMounts, (v) => dnsLabelProblem('volume', v), (p) => (typeof p === 'string' && p.startsWith('/') ? undefined : `init container mount path ${JSON.stringify(p)} must be an absolute path`));
    }
    if (restartPolicy !== undefined) check(this, field, oneOfProblem('init container restart policy', restartPolicy, ['Always']));
    for (const [what, map] of [['requests', resources?.requests], ['limits', resources?.limits]] as const) {
      if (map !== undefined) checkMap(this, `${field}.resources.${what}`, map, resourceKeyProblem, (q) => quantityProblem('resource quantity', q));
    }
    (config(this).initContainers ??= []).push({
      name,
      image,
      ...(command?.length ? { command: [...command] } : {}),
      ...(args?.length ? { args: [...args] } : {}),
      ...(env && Object.keys(env).length ? { env: { ...env } } : {}),
      ...(volumeMounts && Object.keys(volumeMounts).length ? { volumeMounts: { ...volumeMounts } } : {}),
      ...(restartPolicy ? { restartPolicy } : {}),
      ...(resources && (resources.requests || resources.limits)
        ? { resources: { ...(resources.requests ? { requests: { ...resources.requests } } : {}), ...(resources.limits ? { limits: { ...resources.limits } } : {}) } }
        : {}),
    });
    return this as never;
  },

  scheduleOnGpu(this: Host, options = {}) {
    const field = 'scheduleOnGpu';
    if (!isPlainObject(options)) throw fail(this, 'expected { type?, count?, nodeSelector?, toleration? }', field);
    const type = options.type ?? 'nvidia.com/gpu';
    const count = options.count ?? 1;
    const badType = typeof type !== 'string' || type === '' || metadataKeyProblem('label', type) !== undefined;
    if (badType) throw fail(this, `${JSON.stringify(type)} is not an accelerator resource name such as 'nvidia.com/gpu'`, `${field}.type`);
    check(this, `${field}.count`, wholeNumberProblem('the GPU count', count, 1));
    const toleration = options.toleration === undefined ? ({ key: type, operator: 'Exists', effect: 'NoSchedule' } as const) : options.toleration;
    // Check everything before changing anything, so a bad option leaves the task as it was.
    const checkedTol = toleration === false ? undefined : checkedToleration(this, `${field}.toleration`, toleration);
    if (options.nodeSelector !== undefined) {
      checkMap(this, `${field}.nodeSelector`, options.nodeSelector, (k) => metadataKeyProblem('node selector label', k), (v) => labelValueProblem('node selector label', v));
    }
    this.setAcceleratorType(type);
    this.setAcceleratorLimit(count);
    const k = config(this);
    if (options.nodeSelector) k.nodeSelector = { ...k.nodeSelector, ...options.nodeSelector };
    if (checkedTol) (k.tolerations ??= []).push(checkedTol);
    return this as never;
  },
};

/** Adds the Kubernetes methods to a task class's prototype. */
export function installKubernetesMethods(prototype: object): void {
  for (const [name, fn] of Object.entries(methods)) {
    Object.defineProperty(prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
  }
}
