/**
 * Placeholders: the parts of a container's command line that KFP fills in at run time. Each renders to
 * KFP's placeholder text, so they also work inside template literals (`\`--rows=${inputs.rows}\``), the
 * way f-strings work in the Python SDK.
 */
import { KfpDefinitionError } from '../errors.js';
import { pythonJsonDumps } from '../python-json.js';
import type { ArtifactType } from '../types/artifacts.js';
import type { ParameterType } from '../types/parameters.js';
import type { IODecl } from './typing.js';

const q = (name: string) => `['${name}']`;

/** A parameter input: renders to its value. */
export class InputValuePlaceholder {
  constructor(readonly inputName: string) {}
  toString(): string {
    return `{{$.inputs.parameters${q(this.inputName)}}}`;
  }
}

/** An artifact input: choose its local path, URI or metadata. */
export class InputArtifactPlaceholder {
  constructor(readonly inputName: string) {}
  /** The local path the artifact is downloaded or mounted to. */
  get path(): string {
    return `{{$.inputs.artifacts${q(this.inputName)}.path}}`;
  }
  get uri(): string {
    return `{{$.inputs.artifacts${q(this.inputName)}.uri}}`;
  }
  get metadata(): string {
    return `{{$.inputs.artifacts${q(this.inputName)}.metadata}}`;
  }
  toString(): string {
    throw new KfpDefinitionError(`artifact input '${this.inputName}' must be used as .path, .uri or .metadata in a command line`);
  }
}

/** A list-of-artifacts input: renders to the whole list (its items cannot be addressed one by one). */
export class InputArtifactListPlaceholder {
  constructor(readonly inputName: string) {}
  toString(): string {
    return `{{$.inputs.artifacts${q(this.inputName)}}}`;
  }
}

/** A parameter output: renders to the file the container writes the value to. */
export class OutputParameterPlaceholder {
  constructor(readonly outputName: string) {}
  get path(): string {
    return `{{$.outputs.parameters${q(this.outputName)}.output_file}}`;
  }
  toString(): string {
    return this.path;
  }
}

/** An artifact output: choose the local path to write it to, its URI or its metadata. */
export class OutputArtifactPlaceholder {
  constructor(readonly outputName: string) {}
  get path(): string {
    return `{{$.outputs.artifacts${q(this.outputName)}.path}}`;
  }
  get uri(): string {
    return `{{$.outputs.artifacts${q(this.outputName)}.uri}}`;
  }
  get metadata(): string {
    return `{{$.outputs.artifacts${q(this.outputName)}.metadata}}`;
  }
  toString(): string {
    throw new KfpDefinitionError(`artifact output '${this.outputName}' must be used as .path, .uri or .metadata in a command line`);
  }
}

/** Values known only to the running pipeline (`dsl.PIPELINE_JOB_NAME_PLACEHOLDER` and friends in Python). */
export const runtime = {
  pipelineJobName: '{{$.pipeline_job_name}}',
  pipelineJobResourceName: '{{$.pipeline_job_resource_name}}',
  pipelineJobId: '{{$.pipeline_job_uuid}}',
  pipelineTaskName: '{{$.pipeline_task_name}}',
  pipelineTaskId: '{{$.pipeline_task_uuid}}',
  pipelineRoot: '{{$.pipeline_root}}',
  pipelineJobCreateTime: '{{$.pipeline_job_create_time_utc}}',
  pipelineJobScheduleTime: '{{$.pipeline_job_schedule_time_utc}}',
} as const;

/** One element of a command line. */
export type CommandPart =
  | string
  | InputValuePlaceholder
  | InputArtifactListPlaceholder
  | OutputParameterPlaceholder
  | ConcatPlaceholder
  | IfPresentPlaceholder;

/** Joins parts into one argument at run time (`dsl.ConcatPlaceholder`). */
export class ConcatPlaceholder {
  constructor(readonly parts: readonly CommandPart[]) {
    for (const part of parts) if (part instanceof IfPresentPlaceholder) part.checkSingleElements();
  }
  /** The IR's JSON form. */
  render(): string {
    return pythonJsonDumps(this.toJson());
  }
  /** The structure the JSON form encodes (nested placeholders stay structures). */
  toJson(): unknown {
    return { Concat: this.parts.map(partToJson) };
  }
  /** The IR has no way to embed a concat in a longer string: put the other text into the concat instead. */
  toString(): string {
    throw new KfpDefinitionError('concat(...) cannot be used inside a template literal; put the surrounding text into the concat instead');
  }
}

/** Arguments used only when an optional input was given (`dsl.IfPresentPlaceholder`). */
export class IfPresentPlaceholder {
  /**
   * `then` and `otherwise` are one element or a list of elements (which may expand to several arguments);
   * the IR keeps the difference.
   */
  constructor(
    readonly inputName: string,
    readonly then: CommandPart | readonly CommandPart[],
    readonly otherwise?: CommandPart | readonly CommandPart[],
  ) {}
  render(): string {
    return pythonJsonDumps(this.toJson());
  }
  toJson(): unknown {
    const convert = (v: CommandPart | readonly CommandPart[]) => (Array.isArray(v) ? v.map(partToJson) : partToJson(v as CommandPart));
    const body: Record<string, unknown> = { InputName: this.inputName, Then: convert(this.then) };
    // As in the Python SDK, an empty alternative (no value, '' or []) is left out.
    const otherwise = this.otherwise;
    if (otherwise !== undefined && otherwise !== '' && !(Array.isArray(otherwise) && otherwise.length === 0)) body.Else = convert(otherwise);
    return { IfPresent: body };
  }
  /** Inside a concat, each branch must be a single element (a list cannot be joined into one argument). */
  checkSingleElements(): void {
    for (const branch of [this.then, this.otherwise]) {
      if (Array.isArray(branch)) {
        throw new KfpDefinitionError(
          `ifPresent('${this.inputName}', …) inside concat(...) must have single elements, not lists, as its alternatives`,
        );
      }
      if (branch instanceof IfPresentPlaceholder) branch.checkSingleElements();
      if (branch instanceof ConcatPlaceholder) for (const p of branch.parts) if (p instanceof IfPresentPlaceholder) p.checkSingleElements();
    }
  }
  /** The IR has no way to embed a condition in a longer string. */
  toString(): string {
    throw new KfpDefinitionError(`ifPresent('${this.inputName}', …) cannot be used inside a template literal; use it as its own command-line element`);
  }
}

function partToJson(part: CommandPart): unknown {
  if (part instanceof ConcatPlaceholder || part instanceof IfPresentPlaceholder) return part.toJson();
  return elementText(part);
}

/** The text of a primitive element: a string, or a placeholder's KFP text. */
function elementText(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part instanceof InputValuePlaceholder || part instanceof InputArtifactListPlaceholder || part instanceof OutputParameterPlaceholder) {
    return part.toString();
  }
  if (part instanceof InputArtifactPlaceholder || part instanceof OutputArtifactPlaceholder) return part.toString(); // throws: needs .path/.uri
  const shown = typeof part === 'object' && part !== null ? (part.constructor?.name ?? 'object') : `${typeof part} ${String(part)}`;
  throw new KfpDefinitionError(`a command-line element must be a string or a placeholder, got ${shown}`);
}

/** `concat('--rows=', inputs.rows)`: one argument built from several parts. */
export function concat(...parts: CommandPart[]): ConcatPlaceholder {
  return new ConcatPlaceholder(parts);
}

/**
 * `ifPresent(inputs.rows, ['--rows', inputs.rows], ['--all'])`: arguments that depend on whether an
 * optional input was given. A list expands to several arguments; a single element stays one.
 */
export function ifPresent(
  input: InputValuePlaceholder | InputArtifactPlaceholder | InputArtifactListPlaceholder | string,
  then: CommandPart | readonly CommandPart[],
  otherwise?: CommandPart | readonly CommandPart[],
): IfPresentPlaceholder {
  const name = typeof input === 'string' ? input : input.inputName;
  return new IfPresentPlaceholder(name, then, otherwise);
}

/** Renders a command-line element to the IR's string. */
export function renderCommandPart(part: CommandPart): string {
  if (part instanceof ConcatPlaceholder || part instanceof IfPresentPlaceholder) return part.render();
  return elementText(part);
}

/** The placeholder objects handed to a container component's command/args builder. */
export type InputPlaceholders<I extends IODecl> = {
  readonly [K in keyof I]: I[K] extends ArtifactType<string, true>
    ? InputArtifactListPlaceholder
    : I[K] extends ArtifactType
      ? InputArtifactPlaceholder
      : I[K] extends ParameterType
        ? InputValuePlaceholder
        : never;
};
export type OutputPlaceholders<O extends IODecl> = {
  readonly [K in keyof O]: O[K] extends ArtifactType ? OutputArtifactPlaceholder : O[K] extends ParameterType ? OutputParameterPlaceholder : never;
};

/** Placeholder objects for declared inputs and outputs. */
export function placeholdersFor<I extends IODecl, O extends IODecl>(inputs: I, outputs: O) {
  const ins: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(inputs)) {
    ins[name] =
      type.kind === 'parameter'
        ? new InputValuePlaceholder(name)
        : type.isList
          ? new InputArtifactListPlaceholder(name)
          : new InputArtifactPlaceholder(name);
  }
  const outs: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(outputs)) {
    outs[name] = type.kind === 'artifact' ? new OutputArtifactPlaceholder(name) : new OutputParameterPlaceholder(name);
  }
  return { inputs: ins as InputPlaceholders<I>, outputs: outs as OutputPlaceholders<O> };
}
