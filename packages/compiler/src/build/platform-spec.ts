/**
 * The PlatformSpec: a task's Kubernetes settings → its `KubernetesExecutorConfig` (one per executor label,
 * written as kfp-kubernetes writes it), and the pipeline's workspace → `pipelineConfig`.
 *
 * Conventions of the kfp-kubernetes JSON this reproduces:
 * - names (Secret, ConfigMap, PVC, image pull Secret) go into `…NameParameter` as an input spec; a literal
 *   name is also written to the deprecated plain field, and a PVC name to the deprecated `pvc_reference`;
 * - int64 fields (`activeDeadlineSeconds`, `tolerationSeconds`, user and group ids) are strings;
 * - optional fields with presence (`optional`, `runAsNonRoot`, emptyDir `medium`) are written even when false
 *   or empty; other false, empty and zero values are left out.
 */
import { isChannel, type KubernetesConfig, type ParameterChannel, type PipelineGraph } from '@kfp-ts/dsl';
import type { IrParameterInput } from '../ir/types.js';

/** The input spec of a channel, as seen from the DAG of the task being configured. */
export type ParameterInputOf = (channel: ParameterChannel) => IrParameterInput;

/** Every channel a task's Kubernetes settings read, in order, without repeats. */
export function kubernetesChannels(k: KubernetesConfig | undefined): ParameterChannel[] {
  if (!k) return [];
  const values: unknown[] = [
    ...(k.secretAsEnv ?? []).map((e) => e.name),
    ...(k.secretAsVolume ?? []).map((e) => e.name),
    ...(k.configMapAsEnv ?? []).map((e) => e.name),
    ...(k.configMapAsVolume ?? []).map((e) => e.name),
    ...(k.pvcMount ?? []).map((m) => m.pvcName),
    ...(k.imagePullSecrets ?? []),
    k.nodeSelectorJson,
    ...(k.nodeAffinity ?? []).map((t) => ('json' in t ? t.json : undefined)),
    ...(k.tolerations ?? []).map((t) => ('json' in t ? t.json : undefined)),
  ];
  const out: ParameterChannel[] = [];
  for (const v of values) if (isChannel(v) && v.channelKind === 'parameter' && !out.includes(v)) out.push(v);
  return out;
}

/** True when a task has any Kubernetes setting. */
export function hasKubernetesConfig(k: KubernetesConfig | undefined): boolean {
  return k !== undefined && Object.values(k).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0));
}

/** An InputParameterSpec for a literal value or a channel. */
function parameterSpec(value: unknown, inputOf: ParameterInputOf): IrParameterInput {
  return isChannel(value) ? inputOf(value as ParameterChannel) : { runtimeValue: { constant: value } };
}

/** The spec of a name, plus the deprecated plain field when the name is a literal. */
function named(value: unknown, inputOf: ParameterInputOf, parameterField: string, plainField: string): Record<string, unknown> {
  return { [parameterField]: parameterSpec(value, inputOf), ...(typeof value === 'string' ? { [plainField]: value } : {}) };
}

/** The deprecated `pvc_reference` oneof of a PVC mount, mirroring its name parameter. */
function pvcReference(spec: IrParameterInput): Record<string, unknown> {
  if ('runtimeValue' in spec) return { constant: spec.runtimeValue.constant };
  if ('taskOutputParameter' in spec) return { taskOutputParameter: spec.taskOutputParameter };
  if ('componentInputParameter' in spec) return { componentInputParameter: spec.componentInputParameter };
  return {};
}

function nonEmpty<T extends object>(value: T | undefined): T | undefined {
  return value && Object.keys(value).length ? value : undefined;
}

function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) return;
  if (Array.isArray(value) && value.length === 0) return;
  out[key] = value;
}

/** The `KubernetesExecutorConfig` of a task, or undefined when it sets nothing. */
export function kubernetesExecutorConfig(k: KubernetesConfig | undefined, inputOf: ParameterInputOf): Record<string, unknown> | undefined {
  if (!k) return undefined;
  const out: Record<string, unknown> = {};

  put(out, 'secretAsEnv', k.secretAsEnv?.map((s) => ({
    ...named(s.name, inputOf, 'secretNameParameter', 'secretName'),
    keyToEnv: s.keyToEnv.map((p) => ({ secretKey: p.key, envVar: p.envVar })),
    optional: s.optional,
  })));
  put(out, 'secretAsVolume', k.secretAsVolume?.map((s) => ({
    ...named(s.name, inputOf, 'secretNameParameter', 'secretName'),
    mountPath: s.mountPath,
    optional: s.optional,
  })));
  put(out, 'configMapAsEnv', k.configMapAsEnv?.map((c) => ({
    ...named(c.name, inputOf, 'configMapNameParameter', 'configMapName'),
    keyToEnv: c.keyToEnv.map((p) => ({ configMapKey: p.key, envVar: p.envVar })),
    optional: c.optional,
  })));
  put(out, 'configMapAsVolume', k.configMapAsVolume?.map((c) => ({
    ...named(c.name, inputOf, 'configMapNameParameter', 'configMapName'),
    mountPath: c.mountPath,
    optional: c.optional,
  })));
  put(out, 'pvcMount', k.pvcMount?.map((m) => {
    const spec = parameterSpec(m.pvcName, inputOf);
    return { ...pvcReference(spec), mountPath: m.mountPath, pvcNameParameter: spec, ...(m.subPath ? { subPath: m.subPath } : {}) };
  }));
  put(out, 'genericEphemeralVolume', k.ephemeralVolumes?.map((v) => {
    const metadata = nonEmpty({ ...(v.labels ? { labels: v.labels } : {}), ...(v.annotations ? { annotations: v.annotations } : {}) });
    return {
      volumeName: v.volumeName,
      mountPath: v.mountPath,
      accessModes: v.accessModes,
      size: v.size,
      ...(v.storageClassName === undefined ? { defaultStorageClass: true } : {}),
      ...(v.storageClassName ? { storageClassName: v.storageClassName } : {}),
      ...(metadata ? { metadata } : {}),
    };
  }));
  put(out, 'emptyDirMounts', k.emptyDirMounts?.map((m) => ({
    volumeName: m.volumeName,
    mountPath: m.mountPath,
    ...(m.medium !== undefined ? { medium: m.medium } : {}),
    ...(m.sizeLimit !== undefined ? { sizeLimit: m.sizeLimit } : {}),
  })));
  const nodeSelector = nonEmpty({
    ...(nonEmpty(k.nodeSelector) ? { labels: k.nodeSelector } : {}),
    ...(k.nodeSelectorJson !== undefined ? { nodeSelectorJson: parameterSpec(k.nodeSelectorJson, inputOf) } : {}),
  });
  put(out, 'nodeSelector', nodeSelector);
  put(out, 'nodeAffinity', k.nodeAffinity?.map((t) => {
    if ('json' in t) return { nodeAffinityJson: parameterSpec(t.json, inputOf) };
    const requirements = (list: typeof t.matchExpressions) =>
      list?.map((r) => ({ key: r.key, operator: r.operator, ...(r.values?.length ? { values: r.values } : {}) }));
    return {
      ...(t.matchExpressions?.length ? { matchExpressions: requirements(t.matchExpressions) } : {}),
      ...(t.matchFields?.length ? { matchFields: requirements(t.matchFields) } : {}),
      ...(t.weight !== undefined ? { weight: t.weight } : {}),
    };
  }));
  put(out, 'tolerations', k.tolerations?.map((t) => {
    if ('json' in t) return { tolerationJson: inputOf(t.json) };
    return {
      ...(t.key ? { key: t.key } : {}),
      ...(t.operator ? { operator: t.operator } : {}),
      ...(t.value ? { value: t.value } : {}),
      ...(t.effect ? { effect: t.effect } : {}),
      ...(t.tolerationSeconds !== undefined ? { tolerationSeconds: String(t.tolerationSeconds) } : {}),
    };
  }));
  put(out, 'imagePullSecret', k.imagePullSecrets?.map((name) => named(name, inputOf, 'secretNameParameter', 'secretName')));
  put(out, 'imagePullPolicy', k.imagePullPolicy);
  put(out, 'podMetadata', nonEmpty({
    ...(nonEmpty(k.podLabels) ? { labels: k.podLabels } : {}),
    ...(nonEmpty(k.podAnnotations) ? { annotations: k.podAnnotations } : {}),
  }));
  put(out, 'fieldPathAsEnv', k.fieldPathAsEnv?.map((f) => ({ name: f.name, fieldPath: f.fieldPath })));
  if (k.timeoutSeconds) out.activeDeadlineSeconds = String(k.timeoutSeconds);
  const sc = k.securityContext;
  put(out, 'securityContext', sc && nonEmpty({
    ...(sc.runAsUser !== undefined ? { runAsUser: String(sc.runAsUser) } : {}),
    ...(sc.runAsGroup !== undefined ? { runAsGroup: String(sc.runAsGroup) } : {}),
    ...(sc.runAsNonRoot !== undefined ? { runAsNonRoot: sc.runAsNonRoot } : {}),
  }));
  put(out, 'initContainers', k.initContainers?.map((c) => ({
    name: c.name,
    image: c.image,
    ...(c.command?.length ? { command: c.command } : {}),
    ...(c.args?.length ? { args: c.args } : {}),
    ...(c.env ? { env: Object.entries(c.env).map(([name, value]) => ({ name, ...(value ? { value } : {}) })) } : {}),
    ...(c.volumeMounts ? { volumeMounts: Object.entries(c.volumeMounts).map(([volumeName, mountPath]) => ({ volumeName, mountPath })) } : {}),
    ...(c.restartPolicy ? { restartPolicy: c.restartPolicy } : {}),
    ...(c.resources ? { resources: c.resources } : {}),
  })));
  return Object.keys(out).length ? structuredClone(out) : undefined;
}

/** `platforms.kubernetes.pipelineConfig` for a pipeline with a workspace. */
export function pipelineConfig(graph: PipelineGraph): Record<string, unknown> | undefined {
  const w = graph.workspace;
  if (!w) return undefined;
  return { workspace: { size: w.size, kubernetes: { pvcSpecPatch: w.pvcSpecPatch ?? {} } } };
}
