/**
 * A task's inputs, resolved as the KFP driver resolves them from the task spec: constants, the enclosing
 * DAG's inputs, the outputs of sibling tasks (through a selector when there is one), the final status of
 * the task an exit handler guards; then the component's defaults for what is missing, and the driver's
 * type rules (a STRING input takes any value as text, other types must match).
 */
import { randomUUID } from 'node:crypto';
import type { IrComponentSpec, IrParameterInput, IrTaskSpec } from '../ir/types.js';
import { runtimePlaceholders } from './launch/placeholders.js';
import { selectFromParameter } from './conditions.js';
import type { RuntimeArtifact } from './launch-types.js';
import { inputParameterValue, parameterText } from './parameters.js';
import { succeeded, type DagScope, type RunContext, type TaskOutcome } from './run-context.js';

export interface ResolvedInputs {
  readonly parameters: Record<string, unknown>;
  readonly artifacts: Record<string, RuntimeArtifact[]>;
}

/** An input that cannot be resolved; the message names the input and says why, in one line. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A value, or why there is none. */
type Lookup = { value: unknown } | { missing: string };

function fromProducer(scope: DagScope, producer: string, read: (o: TaskOutcome) => Lookup): Lookup {
  const outcome = scope.outcomes.get(producer);
  if (!outcome) return { missing: `task '${producer}' has not run` };
  if (outcome.state === 'FAILED') return { missing: `upstream task '${producer}' failed` };
  if (outcome.state === 'SKIPPED') return { missing: `upstream task '${producer}' was skipped` };
  return read(outcome);
}

/** The values of the runtime placeholders a task's constant inputs may hold. */
function runtimeConstant(ctx: RunContext, taskName: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (value.includes('{{$.workspace_path}}')) return value.replaceAll('{{$.workspace_path}}', ctx.workspaceDir);
  if (!value.startsWith('{{$.')) return value;
  // The task id is new for every execution, as on a cluster; the cache key sees it, so such a task is never reused.
  const values = { task: taskName, run: ctx.runInfo, taskName, taskId: randomUUID() };
  return runtimePlaceholders(values).get(value) ?? value;
}

/** The `PipelineTaskFinalStatus` of a sibling task, for an exit task. */
export function finalStatus(ctx: RunContext, scope: DagScope, producer: string): Record<string, unknown> {
  const outcome = scope.outcomes.get(producer);
  const state = !outcome ? 'NOT_TRIGGERED' : outcome.state === 'CACHED' ? 'SUCCEEDED' : outcome.state;
  return {
    state,
    pipelineJobResourceName: ctx.runInfo.runName,
    pipelineTaskName: producer,
    error: outcome?.state === 'FAILED' ? { message: outcome.message ?? `task '${producer}' failed` } : {},
  };
}

function lookupParameter(ctx: RunContext, scope: DagScope, taskName: string, spec: IrParameterInput): Lookup {
  if ('componentInputParameter' in spec) {
    const name = spec.componentInputParameter;
    if (!(name in scope.parameters)) return { missing: `the enclosing DAG has no input '${name}'` };
    const value = scope.parameters[name];
    return value === null || value === undefined ? { missing: `input '${name}' of the enclosing DAG has no value` } : { value };
  }
  if ('taskOutputParameter' in spec) {
    const { producerTask, outputParameterKey } = spec.taskOutputParameter;
    return fromProducer(scope, producerTask, (o) =>
      outputParameterKey in o.parameters ? { value: o.parameters[outputParameterKey] } : { missing: `task '${producerTask}' has no output '${outputParameterKey}'` },
    );
  }
  if ('runtimeValue' in spec) {
    const constant = spec.runtimeValue.constant;
    return { value: runtimeConstant(ctx, taskName, constant) };
  }
  if ('taskFinalStatus' in spec) return { value: finalStatus(ctx, scope, spec.taskFinalStatus.producerTask) };
  return { missing: `its input spec ${JSON.stringify(spec)} is not supported` };
}

function lookupArtifact(scope: DagScope, spec: Record<string, unknown>): Lookup {
  if (typeof spec.componentInputArtifact === 'string') {
    const name = spec.componentInputArtifact;
    const list = scope.artifacts[name];
    return list ? { value: list } : { missing: `the enclosing DAG has no artifact input '${name}'` };
  }
  const output = spec.taskOutputArtifact as { producerTask: string; outputArtifactKey: string } | undefined;
  if (output) {
    return fromProducer(scope, output.producerTask, (o) =>
      output.outputArtifactKey in o.artifacts
        ? { value: o.artifacts[output.outputArtifactKey] }
        : { missing: `task '${output.producerTask}' has no output artifact '${output.outputArtifactKey}'` },
    );
  }
  return { missing: `its input spec ${JSON.stringify(spec)} is not supported` };
}

/**
 * Resolves the inputs of task `taskName` of `scope` (its upstream tasks have ended). Parameters the task does
 * not give take the component's default; `skipInputs` are inputs supplied later (a loop's item).
 *
 * @throws InputError when a required input has no value or a value of the wrong type.
 */
export function resolveInputs(
  ctx: RunContext,
  scope: DagScope,
  taskName: string,
  task: IrTaskSpec,
  component: IrComponentSpec,
  skipInputs: readonly string[] = [],
): ResolvedInputs {
  const declared = component.inputDefinitions?.parameters ?? {};
  const parameters: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(task.inputs?.parameters ?? {})) {
    let found = lookupParameter(ctx, scope, taskName, spec);
    const selector = (spec as { parameterExpressionSelector?: string }).parameterExpressionSelector;
    if ('value' in found && selector) {
      try {
        found = { value: selectFromParameter(found.value, selector) };
      } catch (e) {
        throw new InputError(`input '${name}': the selector ${selector} fails: ${(e as Error).message}`);
      }
    }
    if ('missing' in found) {
      const definition = declared[name];
      if (definition?.defaultValue !== undefined) parameters[name] = definition.defaultValue;
      else if (definition?.isOptional) continue;
      else throw new InputError(`input '${name}' has no value: ${found.missing}`);
    } else {
      parameters[name] = found.value;
    }
  }
  for (const [name, definition] of Object.entries(declared)) {
    if (name in parameters || skipInputs.includes(name)) continue;
    if (definition.defaultValue !== undefined) parameters[name] = definition.defaultValue;
    else if (!definition.isOptional) throw new InputError(`input '${name}' has no value: the task does not give it and it has no default`);
  }
  for (const [name, value] of Object.entries(parameters)) {
    const type = declared[name]?.parameterType;
    if (!type) continue;
    try {
      parameters[name] = inputParameterValue(value, type);
    } catch (e) {
      throw new InputError(`input '${name}': ${(e as Error).message}`);
    }
  }

  const declaredArtifacts = component.inputDefinitions?.artifacts ?? {};
  const artifacts: Record<string, RuntimeArtifact[]> = {};
  for (const [name, spec] of Object.entries(task.inputs?.artifacts ?? {})) {
    const found = lookupArtifact(scope, spec as Record<string, unknown>);
    if ('value' in found) artifacts[name] = found.value as RuntimeArtifact[];
    else if (!declaredArtifacts[name]?.isOptional) throw new InputError(`input artifact '${name}' has no value: ${found.missing}`);
  }
  for (const [name, definition] of Object.entries(declaredArtifacts)) {
    if (!(name in artifacts) && !definition.isOptional && !skipInputs.includes(name)) {
      throw new InputError(`input artifact '${name}' has no value: the task does not give it`);
    }
  }
  return { parameters, artifacts };
}

/** Whether the task's upstream tasks let it run, and if not, why not. */
export function upstreamBlocker(scope: DagScope, upstream: readonly string[]): string | undefined {
  for (const name of upstream) {
    const outcome = scope.outcomes.get(name);
    if (succeeded(outcome)) continue;
    return outcome?.state === 'FAILED' ? `upstream task '${name}' failed` : `upstream task '${name}' was skipped`;
  }
  return undefined;
}

const INPUT_PLACEHOLDER = /\{\{\$\.inputs\.parameters\['([^']+)'\]\}\}/g;

/**
 * A container task's parameters with the placeholders of its other inputs filled in: a string argument built
 * from channels (`\`${a}-${b}\``) is a constant holding `{{$.inputs.parameters['…']}}`, which the KFP
 * launcher fills in when it substitutes the executor input into the command line.
 */
export function fillInputPlaceholders(parameters: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parameters)) {
    out[name] =
      typeof value === 'string'
        ? value.replace(INPUT_PLACEHOLDER, (whole, input: string) => (input !== name && input in parameters ? parameterText(parameters[input]) : whole))
        : value;
  }
  return out;
}
