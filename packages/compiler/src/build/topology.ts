/**
 * The shape of a pipeline graph as the IR needs it: each node's chain of enclosing groups, the uncommon
 * ancestors of two nodes (their first differing ancestors are siblings in one DAG), and the tasks and
 * groups each DAG holds.
 */
import type { GroupNode, PipelineGraph, TaskNode } from '@kfp-ts/dsl';

export type GraphNode = TaskNode | GroupNode;

export class Topology {
  /** Every node's chain: root first, the node itself last. Exit tasks have none (they belong to no body). */
  private readonly chains = new Map<GraphNode, GraphNode[]>();
  /** Exit tasks, with the ExitHandler group each belongs to. */
  readonly exitTasks = new Map<TaskNode, GroupNode>();
  /** Groups in depth-first order, parents before children. */
  readonly groupsInOrder: GroupNode[] = [];

  constructor(readonly graph: PipelineGraph) {
    for (const g of graph.groups) if (g.exitTask) this.exitTasks.set(g.exitTask, g);
    const visit = (group: GroupNode, chain: GraphNode[]) => {
      const own = [...chain, group];
      this.chains.set(group, own);
      this.groupsInOrder.push(group);
      for (const child of group.children) {
        if (child.nodeKind === 'group') visit(child, own);
        else this.chains.set(child, [...own, child]);
      }
    };
    visit(graph.root, []);
  }

  /** The node's chain, root first and the node last; undefined for exit tasks. */
  chain(node: GraphNode): GraphNode[] | undefined {
    return this.chains.get(node);
  }

  /** The groups enclosing a node (root first), without the node itself. */
  ancestors(node: GraphNode): GroupNode[] {
    return (this.chains.get(node) ?? []).slice(0, -1) as GroupNode[];
  }

  /**
   * The parts of two chains below their common ancestors: `[a's, b's]`, each ending with the node itself.
   * The first elements are siblings in one DAG.
   */
  uncommon(a: GraphNode, b: GraphNode): [GraphNode[], GraphNode[]] | undefined {
    const ca = this.chains.get(a);
    const cb = this.chains.get(b);
    if (!ca || !cb) return undefined;
    let common = 0;
    while (common < ca.length && common < cb.length && ca[common] === cb[common]) common++;
    return [ca.slice(common), cb.slice(common)];
  }

  /** The children of a group: subgroups first, then tasks, each in definition order (the Python compiler's order). */
  childrenInBuildOrder(group: GroupNode): GraphNode[] {
    const groups = group.children.filter((c): c is GroupNode => c.nodeKind === 'group');
    const tasks = group.children.filter((c): c is TaskNode => c.nodeKind === 'task');
    return [...groups, ...tasks];
  }
}
