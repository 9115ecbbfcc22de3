/**
 * A pipeline that uses the run workspace (the `workspacePath` placeholder, a path under the workspace mount,
 * or an importer downloading into it) must declare one, or the backend has nothing to mount.
 */
import { KfpDefinitionError, WORKSPACE_MOUNT_PATH, workspacePath, type PipelineGraph } from '@kfp-ts/dsl';
import type { PipelineSpec } from '../ir/types.js';

/** What in the compiled spec needs a workspace, or undefined when nothing does. */
function workspaceUse(spec: PipelineSpec): string | undefined {
  for (const executor of Object.values(spec.deploymentSpec.executors)) {
    if ((executor as { importer?: { downloadToWorkspace?: boolean } }).importer?.downloadToWorkspace) {
      return 'an importer downloads into the workspace (downloadToWorkspace)';
    }
  }
  let found: string | undefined;
  const visit = (value: unknown): void => {
    if (found) return;
    if (typeof value === 'string') {
      if (value.includes(workspacePath)) found = 'a task uses workspacePath';
      else if (value.startsWith(WORKSPACE_MOUNT_PATH)) found = `a task uses a path under ${WORKSPACE_MOUNT_PATH}`;
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(spec.components);
  visit(spec.root);
  return found;
}

export function checkWorkspaceUse(graph: PipelineGraph, spec: PipelineSpec): void {
  if (graph.workspace) return;
  const use = workspaceUse(spec);
  if (use) {
    throw new KfpDefinitionError(
      `${use}, but the pipeline declares no workspace: add workspace: { size: '1Gi' } to the options of pipeline()`,
      { pipeline: graph.name, field: 'workspace', ...(graph.location ? { location: graph.location } : {}) },
    );
  }
}
