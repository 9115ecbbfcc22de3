/**
 * Rules the IR schema allows but the KFP backend rejects. The compiler refuses to write such IR (it can
 * arrive through a loaded YAML pipeline), and `kfp-ts validate` reports it.
 */
import type { SchemaIssue } from './schema.js';

interface DagLike {
  dag?: { tasks?: Record<string, { artifactIterator?: unknown }> };
}

/** Problems the backend would report when running `pipelineSpec`. */
export function backendIssues(pipelineSpec: unknown): SchemaIssue[] {
  const spec = pipelineSpec as { components?: Record<string, DagLike>; root?: DagLike } | null;
  if (!spec || typeof spec !== 'object') return [];
  const issues: SchemaIssue[] = [];
  const dags: [string, DagLike | undefined][] = [
    ['root', spec.root],
    ...Object.entries(spec.components ?? {}).map(([name, c]) => [`components.${name}`, c] as [string, DagLike]),
  ];
  for (const [path, component] of dags) {
    for (const [task, t] of Object.entries(component?.dag?.tasks ?? {})) {
      if (t && typeof t === 'object' && 'artifactIterator' in t) {
        issues.push({
          document: 'PipelineSpec',
          path: `${path}.dag.tasks.${task}.artifactIterator`,
          message: 'the KFP backend cannot iterate over a list of artifacts (artifactIterator); loop over a list parameter instead',
        });
      }
    }
  }
  return issues;
}
