/**
 * Kubernetes features of tasks and pipelines (what kfp-kubernetes adds to the Python SDK): the task methods'
 * types, the PVC components, pipeline-wide task defaults and the run workspace.
 */
export type {
  DynamicValue,
  EmptyDirMount,
  EphemeralVolume,
  InitContainer,
  KeysAsEnv,
  KeysAsVolume,
  KubernetesConfig,
  NodeAffinityTerm,
  NodeSelectorRequirement,
  PvcMount,
  SecurityContext,
  Toleration,
} from './config.js';
export type { GpuScheduling, KubernetesTaskMethods, OptionalResource } from './task-methods.js';
export { createPvc, deletePvc } from './pvc.js';
export type { DefaultKeysAsEnv, DefaultKeysAsVolume, TaskDefaults } from './task-defaults.js';
export { workspacePath, WORKSPACE_MOUNT_PATH } from './workspace.js';
export type { WorkspaceConfig } from './workspace.js';
