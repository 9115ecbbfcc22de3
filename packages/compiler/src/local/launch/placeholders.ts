/**
 * The command line of a task as KFP runs it: the placeholders of the IR's `command` and `args` filled in
 * from the executor input. On a cluster this happens in two steps, and the local launcher keeps both:
 *
 * 1. the driver expands `{"IfPresent": …}` elements and replaces input parameters
 *    (`{{$.inputs.parameters['x']}}`) in every element that does not mention `$.outputs`;
 * 2. the launcher replaces `{{$}}` (the executor input as JSON) everywhere, and in every element but the
 *    first (the program) the artifacts' `uri` and `path`, the output parameters' `output_file` and the
 *    input parameters left by the driver (formatted its own way).
 *
 * What a cluster leaves as written, a local run fills in as the KFP SDK's local runner does:
 * `{"Concat": …}` elements, IfPresent nested in them, artifact `metadata`, a whole list of artifacts,
 * `{{$.outputs.output_file}}` and the runtime placeholders (`{{$.pipeline_job_name}}`, …). Locally an
 * artifact's URI is its absolute path, so `path` is the URI.
 */
import { randomUUID } from 'node:crypto';
import type { ExecutorInput, IrContainerSpec, LocalRunInfo, RuntimeArtifact } from '../launch-types.js';
import { LocalRunError } from '../errors.js';

/** What the runtime placeholders stand for, for one task. */
export interface RuntimeValues {
  /** The task's path in the DAG, for messages. */
  readonly task: string;
  readonly run?: LocalRunInfo;
  /** The task's name (the last part of its path in the DAG). */
  readonly taskName: string;
  /** A fresh id for the task's execution. */
  readonly taskId: string;
}

/** The runtime values of a task: its name from its path in the DAG, and a new id. */
export function runtimeValuesFor(task: string, run: LocalRunInfo | undefined): RuntimeValues {
  const last = task.split('/').pop() ?? task;
  return { task, ...(run ? { run } : {}), taskName: last.replace(/\[\d+\]$/, ''), taskId: randomUUID() };
}

/** The runtime placeholders by their text, for the values known (none without the run). */
export function runtimePlaceholders(values: RuntimeValues): Map<string, string> {
  const map = new Map<string, string>([
    ['{{$.pipeline_task_name}}', values.taskName],
    ['{{$.pipeline_task_uuid}}', values.taskId],
  ]);
  const { run } = values;
  if (run) {
    map.set('{{$.pipeline_job_name}}', run.runName);
    map.set('{{$.pipeline_job_resource_name}}', run.runName);
    map.set('{{$.pipeline_job_uuid}}', run.runId);
    map.set('{{$.pipeline_root}}', run.pipelineRoot);
    map.set('{{$.pipeline_job_create_time_utc}}', run.createTime);
    map.set('{{$.pipeline_job_schedule_time_utc}}', run.createTime);
  }
  return map;
}

/**
 * The executor input with the driver's input resolution done: a parameter whose constant value is a runtime
 * placeholder (a task argument like `runtime.pipelineJobName`) gets its value.
 */
export function resolveRuntimeInputs(executorInput: ExecutorInput, values: RuntimeValues): ExecutorInput {
  const runtime = runtimePlaceholders(values);
  const parameters = executorInput.inputs.parameterValues;
  if (!parameters) return executorInput;
  let changed = false;
  const resolved: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parameters)) {
    const replacement = typeof value === 'string' ? runtime.get(value) : undefined;
    resolved[name] = replacement ?? value;
    if (replacement !== undefined) changed = true;
  }
  return changed ? { ...executorInput, inputs: { ...executorInput.inputs, parameterValues: resolved } } : executorInput;
}

/** The IR's parameter spec fields the launcher reads defaults from. */
export interface ParameterDefaults {
  readonly [name: string]: { readonly defaultValue?: unknown };
}

/** The launcher's `addDefaultParams`: inputs with no value get the component's default, when it has one. */
export function withDefaultParameters(executorInput: ExecutorInput, defaults: ParameterDefaults | undefined): ExecutorInput {
  const given = executorInput.inputs.parameterValues ?? {};
  const added = Object.entries(defaults ?? {}).filter(([name, spec]) => spec.defaultValue !== undefined && !(name in given));
  if (added.length === 0) return executorInput;
  const parameterValues = { ...given, ...Object.fromEntries(added.map(([name, spec]) => [name, spec.defaultValue])) };
  return { ...executorInput, inputs: { ...executorInput.inputs, parameterValues } };
}

/** The command line to run: the container's command then its args, placeholders filled in. */
export function substituteCommandLine(container: Pick<IrContainerSpec, 'command' | 'args'>, executorInput: ExecutorInput, values: RuntimeValues): string[] {
  const context = new Substitution(executorInput, values);
  const elements = [...(container.command ?? []), ...(container.args ?? [])];
  return elements.flatMap((element) => context.expandStructure(element)).map((element, index) => context.fill(element, index === 0));
}

/** A JSON element of the command line (`{"IfPresent": …}`, `{"Concat": …}`), as the compiler writes it. */
const STRUCTURE = /^\s*\{\s*"(IfPresent|Concat)"\s*:/;
/** The driver's input parameter placeholder. */
const INPUT_PARAMETER = /\{\{\$\.inputs\.parameters\['(.+?)'\]\}\}/g;
/** Any placeholder: `{{$}}` or `{{$.…}}`. */
const PLACEHOLDER = /\{\{\$(\.[^{}]*?)?\}\}/g;

type Structure = string | readonly Structure[] | { readonly [key: string]: Structure };

class Substitution {
  private readonly executorInputJson: string;
  private readonly launcherValues: Map<string, string>;

  constructor(
    private readonly executorInput: ExecutorInput,
    private readonly values: RuntimeValues,
  ) {
    this.executorInputJson = JSON.stringify(executorInput);
    this.launcherValues = new Map([...this.launcherPlaceholders(), ...this.localPlaceholders(), ...runtimePlaceholders(values)]);
  }

  /** An element of the IR's command line, as the arguments it stands for (none, one or several). */
  expandStructure(element: string): string[] {
    if (!STRUCTURE.test(element)) return [this.resolveInputParameters(element)];
    let parsed: Structure;
    try {
      parsed = JSON.parse(element) as Structure;
    } catch (e) {
      throw new LocalRunError(`the command line element ${element} is not valid JSON: ${(e as Error).message}`, this.values.task);
    }
    const resolved = this.resolveStructure(parsed, element);
    if (resolved === undefined) return [];
    return (Array.isArray(resolved) ? resolved : [resolved]).map((part) => this.resolveInputParameters(part));
  }

  /** The launcher's step: `{{$}}` everywhere; in all but the program, the other placeholders it knows. */
  fill(element: string, isProgram: boolean): string {
    return element.replace(PLACEHOLDER, (placeholder: string) => {
      if (placeholder === '{{$}}') return this.executorInputJson;
      if (isProgram) return placeholder;
      return this.launcherValues.get(placeholder) ?? placeholder;
    });
  }

  /** IfPresent and Concat, nested as the SDK allows; `undefined` when an IfPresent leaves nothing. */
  private resolveStructure(node: Structure, element: string): string | string[] | undefined {
    if (typeof node === 'string') return node;
    const fail = (why: string) => new LocalRunError(`cannot expand the command line element ${element}: ${why}`, this.values.task);
    if (Array.isArray(node)) throw fail('a list can only be the Then or Else of an IfPresent');
    const record = node as { readonly [key: string]: Structure };
    if ('Concat' in record) {
      const parts = record.Concat;
      if (!Array.isArray(parts)) throw fail('Concat takes a list');
      return parts
        .map((part: Structure) => {
          const resolved = this.resolveStructure(part, element);
          if (Array.isArray(resolved)) throw fail('an IfPresent inside a Concat must have single elements as Then and Else');
          return resolved ?? '';
        })
        .join('');
    }
    if ('IfPresent' in record) {
      const body = record.IfPresent as { readonly InputName?: Structure; readonly Then?: Structure; readonly Else?: Structure };
      if (typeof body.InputName !== 'string') throw fail('IfPresent needs an InputName');
      const branch = this.isPresent(body.InputName) ? body.Then : body.Else;
      if (branch === undefined || branch === null) return undefined;
      if (Array.isArray(branch)) {
        return branch.flatMap((item: Structure) => {
          const resolved = this.resolveStructure(item, element);
          return resolved === undefined ? [] : resolved;
        });
      }
      return this.resolveStructure(branch, element);
    }
    throw fail(`unknown placeholder ${Object.keys(record)[0] ?? '{}'}`);
  }

  /** An input is present when it has a value (not null) or at least one artifact. */
  private isPresent(name: string): boolean {
    const parameters = this.executorInput.inputs.parameterValues ?? {};
    if (name in parameters && parameters[name] !== null) return true;
    return (this.executorInput.inputs.artifacts?.[name]?.artifacts.length ?? 0) > 0;
  }

  /**
   * The driver's step for one argument: input parameters as text (an optional input without a value as
   * nothing). It leaves arguments that mention `$.outputs` to the launcher.
   */
  private resolveInputParameters(arg: string): string {
    if (arg.includes('$.outputs')) return arg;
    const parameters = this.executorInput.inputs.parameterValues ?? {};
    return arg.replace(INPUT_PARAMETER, (_placeholder: string, name: string) => driverText(parameters[name]));
  }

  /** The launcher's placeholders: artifacts' URIs and paths, input parameters, output parameter files. */
  private *launcherPlaceholders(): Iterable<[string, string]> {
    const { inputs, outputs } = this.executorInput;
    for (const [name, list] of Object.entries(inputs.artifacts ?? {})) {
      const first = list.artifacts[0];
      if (!first) continue;
      yield [`{{$.inputs.artifacts['${name}'].uri}}`, first.uri];
      yield [`{{$.inputs.artifacts['${name}'].path}}`, localPath(first)];
    }
    for (const [name, list] of Object.entries(outputs.artifacts ?? {})) {
      const first = list.artifacts[0];
      if (!first) continue;
      yield [`{{$.outputs.artifacts['${name}'].uri}}`, first.uri];
      yield [`{{$.outputs.artifacts['${name}'].path}}`, localPath(first)];
    }
    for (const [name, value] of Object.entries(inputs.parameterValues ?? {})) {
      yield [`{{$.inputs.parameters['${name}']}}`, launcherText(value)];
    }
    for (const [name, parameter] of Object.entries(outputs.parameters ?? {})) {
      yield [`{{$.outputs.parameters['${name}'].output_file}}`, parameter.outputFile];
    }
  }

  /** What only a local run fills in, as the SDK's local runner does. */
  private *localPlaceholders(): Iterable<[string, string]> {
    const { inputs, outputs } = this.executorInput;
    yield ['{{$.outputs.output_file}}', outputs.outputFile];
    yield ['{{$.outputMetadataUri}}', outputs.outputFile];
    for (const [side, lists] of [
      ['inputs', inputs.artifacts],
      ['outputs', outputs.artifacts],
    ] as const) {
      for (const [name, list] of Object.entries(lists ?? {})) {
        yield [`{{$.${side}.artifacts['${name}']}}`, JSON.stringify(list)];
        const first = list.artifacts[0];
        if (first) yield [`{{$.${side}.artifacts['${name}'].metadata}}`, JSON.stringify(first.metadata ?? {})];
      }
    }
  }
}

/** Locally an artifact's URI is its absolute path (a custom path, when the backend sets one, wins). */
function localPath(artifact: RuntimeArtifact & { customPath?: string }): string {
  return artifact.customPath || artifact.uri;
}

/**
 * A parameter value as the driver writes it into an argument (`pbValueToString`): integers in full,
 * other numbers as Go's `%g`, lists and structs as Go's `json.Marshal` (sorted keys, HTML characters
 * escaped), null as nothing.
 */
export function driverText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) return BigInt(value).toString();
    return goShortestG(value);
  }
  return sortedJson(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A parameter value as the launcher writes it into an argument: numbers as Go's
 * `FormatFloat(n, 'f', -1, 64)` (shortest digits, never an exponent), lists and structs as JSON.
 */
export function launcherText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return positional(value);
  return sortedJson(value);
}

/** The shortest digits that read back as `n`, and the decimal exponent of the first one. */
function shortestDigits(n: number): { negative: boolean; digits: string; exponent: number } {
  const [mantissa, exp] = Math.abs(n).toExponential().split('e');
  return { negative: n < 0, digits: mantissa.replace('.', ''), exponent: Number(exp) };
}

/** Go's `%g` with the shortest precision: an exponent (two digits at least) below 1e-4 or from 1e6. */
function goShortestG(n: number): string {
  const { negative, digits, exponent } = shortestDigits(n);
  if (exponent < -4 || exponent >= 6) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const sign = exponent < 0 ? '-' : '+';
    return `${negative ? '-' : ''}${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return positional(n);
}

/** Shortest digits written out without an exponent. */
function positional(n: number): string {
  if (n === 0) return '0';
  const { negative, digits, exponent } = shortestDigits(n);
  let text: string;
  if (exponent < 0) text = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  else if (digits.length > exponent + 1) text = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  else text = digits + '0'.repeat(exponent + 1 - digits.length);
  return (negative ? '-' : '') + text;
}

/** JSON with object keys sorted, as Go writes maps. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
