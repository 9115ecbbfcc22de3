/**
 * Settings that only mean something on a Kubernetes cluster: the PlatformSpec of each task (Secrets,
 * ConfigMaps, volumes, node selectors, tolerations, …), the pipeline's workspace settings, CPU, memory and
 * accelerator requests on containers, and PVC create/delete steps. A local run cannot apply them; it lists
 * them once, in one warning, rather than dropping them silently.
 */
import type { IrComponentSpec, PipelineSpec, PlatformSpec } from '../ir/types.js';

/** Readable names of KubernetesExecutorConfig fields. */
const KUBERNETES_FIELDS: Record<string, string> = {
  secretAsEnv: 'Secret as env',
  secretAsVolume: 'Secret as volume',
  configMapAsEnv: 'ConfigMap as env',
  configMapAsVolume: 'ConfigMap as volume',
  pvcMount: 'PVC mount',
  nodeSelector: 'node selector',
  nodeAffinity: 'node affinity',
  tolerations: 'tolerations',
  podMetadata: 'pod labels/annotations',
  imagePullSecret: 'image pull Secret',
  imagePullPolicy: 'image pull policy',
  activeDeadlineSeconds: 'timeout',
  fieldPathAsEnv: 'field path as env',
  emptyDirMounts: 'emptyDir mount',
  genericEphemeralVolume: 'ephemeral volume',
  securityContext: 'security context',
  initContainers: 'init containers',
  enabledSharedMemory: 'shared memory',
};

/** Fields whose entries name a Secret or ConfigMap: the warning names each one. */
const NAMED_SOURCES: Record<string, { kind: string; key: string; use: string }> = {
  secretAsEnv: { kind: 'Secret', key: 'secretName', use: 'as env' },
  secretAsVolume: { kind: 'Secret', key: 'secretName', use: 'as volume' },
  configMapAsEnv: { kind: 'ConfigMap', key: 'configMapName', use: 'as env' },
  configMapAsVolume: { kind: 'ConfigMap', key: 'configMapName', use: 'as volume' },
};

/** `Secret 'minio-credentials' as env`, one per entry (a name chosen at run time is said so). */
function namedSources(field: string, value: unknown): string[] | undefined {
  const source = NAMED_SOURCES[field];
  if (!source || !Array.isArray(value)) return undefined;
  return value.map((entry: Record<string, unknown>) => {
    const name = entry?.[source.key];
    return typeof name === 'string' && name !== '' ? `${source.kind} '${name}' ${source.use}` : `${source.kind} (named by a parameter) ${source.use}`;
  });
}

/** Readable names of container resource fields. */
const RESOURCE_FIELDS: [RegExp, string][] = [
  [/^(resource)?CpuLimit$/i, 'CPU limit'],
  [/^(resource)?CpuRequest$/i, 'CPU request'],
  [/^(resource)?MemoryLimit$/i, 'memory limit'],
  [/^(resource)?MemoryRequest$/i, 'memory request'],
  [/^accelerator$/, 'accelerator'],
];

/** Images of the KFP backend's PVC steps, which the driver performs without a container. */
export const PVC_STEP_IMAGES: Record<string, 'create' | 'delete'> = {
  'argostub/createpvc': 'create',
  'argostub/deletepvc': 'delete',
};

/** Every task of the pipeline, by its path without loop indices, with the executor label it runs. */
function executorTasks(spec: PipelineSpec): { path: string; executorLabel: string }[] {
  const out: { path: string; executorLabel: string }[] = [];
  const visit = (component: IrComponentSpec, prefix: string, seen: Set<string>) => {
    for (const [name, task] of Object.entries(component.dag?.tasks ?? {})) {
      const child = spec.components[task.componentRef.name];
      if (!child) continue;
      const path = prefix ? `${prefix}/${name}` : name;
      if (child.executorLabel) out.push({ path, executorLabel: child.executorLabel });
      else if (child.dag && !seen.has(task.componentRef.name)) visit(child, path, new Set([...seen, task.componentRef.name]));
    }
  };
  visit(spec.root, '', new Set());
  return out;
}

/** The warning listing what a local run ignores, or undefined when there is nothing to say. */
export function ignoredSettingsWarning(spec: PipelineSpec, platformSpec?: PlatformSpec): string | undefined {
  const kubernetes = platformSpec?.platforms?.kubernetes;
  const platformExecutors = (kubernetes?.deploymentSpec?.executors ?? {}) as Record<string, Record<string, unknown>>;
  const notes: string[] = [];
  for (const { path, executorLabel } of executorTasks(spec)) {
    const ignored = new Set<string>();
    for (const [field, value] of Object.entries(platformExecutors[executorLabel] ?? {})) {
      if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
      const named = namedSources(field, value);
      if (named) for (const text of named) ignored.add(text);
      else ignored.add(KUBERNETES_FIELDS[field] ?? field);
    }
    const executor = spec.deploymentSpec.executors[executorLabel];
    const container = executor && 'container' in executor ? executor.container : undefined;
    for (const field of Object.keys(container?.resources ?? {})) {
      const known = RESOURCE_FIELDS.find(([pattern]) => pattern.test(field));
      ignored.add(known ? known[1] : field);
    }
    const pvcStep = container && PVC_STEP_IMAGES[container.image];
    if (pvcStep) ignored.add(pvcStep === 'create' ? 'creating a PVC' : 'deleting a PVC');
    if (ignored.size) notes.push(`${path} (${[...ignored].join(', ')})`);
  }
  const pipelineConfig = kubernetes?.pipelineConfig;
  if (pipelineConfig && Object.keys(pipelineConfig).length) {
    notes.push(`the pipeline's ${Object.keys(pipelineConfig).join(', ')} settings (a local folder stands in for the workspace)`);
  }
  if (!notes.length) return undefined;
  return `Kubernetes-only settings are ignored when running locally: ${notes.join('; ')}`;
}
