/**
 * Which tasks of a DAG a task waits for — those it names in `dependentTasks` and those whose outputs or final
 * status it reads — and the checks, made before a run starts, that every DAG of the pipeline can be run:
 * components and executors exist, dependencies name sibling tasks, and no task waits for itself.
 */
import type { IrComponentSpec, IrTaskSpec, PipelineSpec } from '../ir/types.js';
import { LocalRunError } from './errors.js';

/** The sibling tasks a task waits for, without repeats. */
export function upstreamOf(task: IrTaskSpec): string[] {
  const names = new Set(task.dependentTasks ?? []);
  for (const spec of Object.values(task.inputs?.parameters ?? {})) {
    if ('taskOutputParameter' in spec) names.add(spec.taskOutputParameter.producerTask);
    if ('taskFinalStatus' in spec) names.add(spec.taskFinalStatus.producerTask);
  }
  for (const spec of Object.values(task.inputs?.artifacts ?? {})) {
    if ('taskOutputArtifact' in spec) names.add(spec.taskOutputArtifact.producerTask);
  }
  return [...names];
}

function checkDag(spec: PipelineSpec, name: string, component: IrComponentSpec): void {
  const where = name === 'root' ? 'the root DAG' : `DAG ${name}`;
  const tasks = component.dag?.tasks ?? {};
  for (const [taskName, task] of Object.entries(tasks)) {
    const ref = task.componentRef?.name;
    const child = ref ? spec.components?.[ref] : undefined;
    if (!child) throw new LocalRunError(`task '${taskName}' of ${where} uses component '${ref}', which the pipeline does not define`);
    if (!child.dag) {
      const label = child.executorLabel;
      const executor = label ? spec.deploymentSpec?.executors?.[label] : undefined;
      if (!executor) throw new LocalRunError(`component '${ref}' (task '${taskName}' of ${where}) has no DAG and no executor${label ? ` '${label}' in deploymentSpec` : ''}`);
      if (!('container' in executor) && !('importer' in executor)) {
        throw new LocalRunError(`executor '${label}' of task '${taskName}' is neither a container nor an importer, which a local run cannot perform`);
      }
    }
    for (const upstream of upstreamOf(task)) {
      if (!(upstream in tasks)) throw new LocalRunError(`task '${taskName}' of ${where} depends on '${upstream}', which is not a task of that DAG`);
    }
  }
  // Depth-first search for a cycle; `onPath` holds the tasks of the current path.
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (taskName: string) => {
    if (done.has(taskName)) return;
    const at = onPath.indexOf(taskName);
    if (at >= 0) throw new LocalRunError(`the tasks of ${where} depend on each other in a cycle: ${[...onPath.slice(at), taskName].join(' → ')}`);
    onPath.push(taskName);
    for (const upstream of upstreamOf(tasks[taskName])) visit(upstream);
    onPath.pop();
    done.add(taskName);
  };
  for (const taskName of Object.keys(tasks)) visit(taskName);
}

/**
 * Checks that a local run can walk the pipeline's DAGs.
 *
 * @throws LocalRunError naming the DAG and task at fault.
 */
export function checkDags(spec: PipelineSpec): void {
  if (!spec.root?.dag) throw new LocalRunError(`pipeline '${spec.pipelineInfo?.name}' has no root DAG`);
  checkDag(spec, 'root', spec.root);
  for (const [name, component] of Object.entries(spec.components ?? {})) if (component.dag) checkDag(spec, name, component);
}
