/**
 * ParallelFor: a task with a `parameterIterator` (or `artifactIterator`) runs its DAG once per item, at most
 * `iteratorPolicy.parallelismLimit` at a time, each iteration getting its item as the `itemInput` input.
 * Its outputs are the DAG's outputs gathered across the iterations that produced them (`Collected`): a list
 * of values per parameter, one list of all the artifacts per artifact output.
 */
import type { IrComponentSpec, IrTaskSpec } from '../ir/types.js';
import type { RuntimeArtifact } from './launch-types.js';
import { Limiter } from './limiter.js';
import { inputParameterValue } from './parameters.js';
import { InputError, type ResolvedInputs } from './resolve-inputs.js';
import type { FailureCause, TaskEndState } from './run-context.js';

/** What one iteration gave back. */
export interface IterationResult {
  readonly state: 'SUCCEEDED' | 'FAILED';
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly artifacts: Readonly<Record<string, RuntimeArtifact[]>>;
  readonly cause?: FailureCause;
}

export type RunIteration = (index: number, inputs: ResolvedInputs) => Promise<IterationResult>;

/** The input names a loop task supplies per iteration (not given by the task itself). */
export function iterationInputs(task: IrTaskSpec): string[] {
  const item = task.parameterIterator?.itemInput ?? task.artifactIterator?.itemInput;
  return item ? [item] : [];
}

/** The items of a parameter iterator: its raw JSON list, or the list (or JSON text of one) it reads from an input. */
function parameterItems(task: IrTaskSpec, inputs: ResolvedInputs): unknown[] {
  const { items } = task.parameterIterator!;
  let value: unknown;
  if (items.raw !== undefined) {
    try {
      value = JSON.parse(items.raw);
    } catch {
      throw new InputError(`the loop's items ${items.raw} are not valid JSON`);
    }
  } else if (items.inputParameter !== undefined) {
    if (!(items.inputParameter in inputs.parameters)) throw new InputError(`the loop's items input '${items.inputParameter}' has no value`);
    value = inputs.parameters[items.inputParameter];
    if (typeof value === 'string') {
      const text = value;
      try {
        value = JSON.parse(text);
      } catch {
        throw new InputError(`the loop's items '${text.length > 80 ? `${text.slice(0, 77)}...` : text}' are not a JSON list`);
      }
    }
  } else {
    throw new InputError("the loop's parameterIterator gives no items");
  }
  if (!Array.isArray(value)) throw new InputError(`the loop's items are not a list: ${JSON.stringify(value)}`);
  return value;
}

/** The inputs of each iteration: the loop task's inputs, plus the item. */
function iterationsOf(task: IrTaskSpec, component: IrComponentSpec, inputs: ResolvedInputs): ResolvedInputs[] {
  if (task.parameterIterator) {
    const { itemInput } = task.parameterIterator;
    const type = component.inputDefinitions?.parameters?.[itemInput]?.parameterType;
    return parameterItems(task, inputs).map((item, i) => {
      let value = item;
      try {
        if (type) value = inputParameterValue(item, type);
      } catch (e) {
        throw new InputError(`item ${i} of the loop: ${(e as Error).message}`);
      }
      return { parameters: { ...inputs.parameters, [itemInput]: value }, artifacts: inputs.artifacts };
    });
  }
  const { items, itemInput } = task.artifactIterator!;
  const list = inputs.artifacts[items.inputArtifact];
  if (!list) throw new InputError(`the loop's items artifact '${items.inputArtifact}' has no value`);
  return list.map((artifact) => ({ parameters: inputs.parameters, artifacts: { ...inputs.artifacts, [itemInput]: [artifact] } }));
}

/** Gathers the iterations' DAG outputs into the loop task's outputs. */
function collect(component: IrComponentSpec, results: readonly IterationResult[]) {
  const parameters: Record<string, unknown[]> = {};
  for (const name of Object.keys(component.dag?.outputs?.parameters ?? {})) {
    parameters[name] = results.filter((r) => name in r.parameters).map((r) => r.parameters[name]);
  }
  const artifacts: Record<string, RuntimeArtifact[]> = {};
  for (const name of Object.keys(component.dag?.outputs?.artifacts ?? {})) {
    artifacts[name] = results.flatMap((r) => r.artifacts[name] ?? []);
  }
  return { parameters, artifacts };
}

/**
 * Runs a loop task's iterations and gathers their outputs. The loop fails when an iteration fails (the
 * others still run to their end).
 *
 * @throws InputError when the items cannot be read.
 */
export async function runLoop(
  task: IrTaskSpec,
  component: IrComponentSpec,
  inputs: ResolvedInputs,
  runIteration: RunIteration,
): Promise<{ state: TaskEndState; parameters: Record<string, unknown>; artifacts: Record<string, RuntimeArtifact[]>; cause?: FailureCause }> {
  const iterations = iterationsOf(task, component, inputs);
  const limiter = new Limiter(task.iteratorPolicy?.parallelismLimit ?? 0);
  const results = await Promise.all(iterations.map((iterationInputs, i) => limiter.run(() => runIteration(i, iterationInputs))));
  const failed = results.find((r) => r.state === 'FAILED');
  return {
    state: failed ? 'FAILED' : 'SUCCEEDED',
    ...collect(component, results),
    ...(failed?.cause ? { cause: failed.cause } : {}),
  };
}
