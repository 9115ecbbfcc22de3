/**
 * Cycle search in a directed graph: tasks that wait for each other in a circle can never start, and the
 * KFP backend would hang on such a DAG instead of rejecting it.
 */

/**
 * A cycle of `nodes` under the edges `next`, as the nodes along it with the first repeated at the end
 * (`[a, b, a]`); undefined when there is none. The search visits nodes and edges in the given order, so
 * the same graph always yields the same cycle.
 */
export function findCycle<N>(nodes: Iterable<N>, next: (node: N) => Iterable<N>): N[] | undefined {
  const done = new Set<N>();
  const onPath = new Map<N, number>(); // node → its index in `path`
  const path: N[] = [];

  const visit = (node: N): N[] | undefined => {
    onPath.set(node, path.length);
    path.push(node);
    for (const succ of next(node)) {
      const at = onPath.get(succ);
      if (at !== undefined) return [...path.slice(at), succ];
      if (done.has(succ)) continue;
      const found = visit(succ);
      if (found) return found;
    }
    path.pop();
    onPath.delete(node);
    done.add(node);
    return undefined;
  };

  for (const node of nodes) {
    if (done.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return undefined;
}
