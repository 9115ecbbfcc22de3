/**
 * The pipeline workspace: one PersistentVolumeClaim shared by all tasks of a run (`PipelineConfig(workspace=…)`
 * in the Python SDK). Tasks reach it through `workspacePath`; importers can download into it.
 */
import { KfpDefinitionError, type SourceLocation } from '../errors.js';
import { quantityProblem } from './rules.js';

/** The workspace's mount path inside every task, as a runtime placeholder (`dsl.WORKSPACE_PATH_PLACEHOLDER`). */
export const workspacePath = '{{$.workspace_path}}';

/** The path where the backend mounts the workspace. */
export const WORKSPACE_MOUNT_PATH = '/kfp-workspace';

/** A run-wide shared volume. */
export interface WorkspaceConfig {
  /** Its size, as a Kubernetes quantity such as `'10Gi'`. */
  size: string;
  /**
   * Fields patched onto the PersistentVolumeClaim spec the backend creates, e.g.
   * `{ storageClassName: 'standard', accessModes: ['ReadWriteOnce'] }`.
   */
  pvcSpecPatch?: Record<string, unknown>;
}

/** Checks a workspace configuration and returns a normalized copy. */
export function checkedWorkspace(workspace: unknown, pipelineName: string, location: SourceLocation | undefined): WorkspaceConfig {
  const fail = (message: string) => new KfpDefinitionError(message, { pipeline: pipelineName, field: 'workspace', ...(location ? { location } : {}) });
  if (typeof workspace !== 'object' || workspace === null || Array.isArray(workspace)) {
    throw fail("the workspace is { size: '10Gi', pvcSpecPatch?: {...} }");
  }
  const { size, pvcSpecPatch } = workspace as WorkspaceConfig;
  if (typeof size !== 'string' || size.trim() === '') throw fail('the workspace needs a size, e.g. \'10Gi\'');
  const problem = quantityProblem('workspace size', size);
  if (problem) throw fail(problem);
  if (pvcSpecPatch !== undefined && (typeof pvcSpecPatch !== 'object' || pvcSpecPatch === null || Array.isArray(pvcSpecPatch))) {
    throw fail('pvcSpecPatch must be an object of PersistentVolumeClaim spec fields');
  }
  return { size: size.trim(), ...(pvcSpecPatch ? { pvcSpecPatch: structuredClone(pvcSpecPatch) } : {}) };
}
