/**
 * Parameter values in and out. Inputs arrive as JSON values in the executor input; outputs are checked
 * against their declared types and written both to the executor output and, as text, to the file the
 * launcher names for each (the text form the launcher parses: a string as is, anything else as JSON).
 */
import { ExecutorError } from './errors.js';
import type { ParameterDeclaration, ParameterTypeName } from './interface.js';

/** The final status of the tasks an exit handler guards, as an exit task receives it. */
export interface TaskFinalStatus {
  /** `SUCCEEDED`, `FAILED`, `CANCELLED`, … */
  readonly state: string;
  readonly pipelineJobResourceName: string;
  readonly pipelineTaskName: string;
  readonly error: { readonly code?: number; readonly message?: string };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const MATCHES: Record<Exclude<ParameterTypeName, 'TASK_FINAL_STATUS'>, (v: unknown) => boolean> = {
  STRING: (v) => typeof v === 'string',
  NUMBER_INTEGER: (v) => typeof v === 'number' && Number.isSafeInteger(v),
  NUMBER_DOUBLE: (v) => typeof v === 'number' && Number.isFinite(v),
  BOOLEAN: (v) => typeof v === 'boolean',
  LIST: (v) => Array.isArray(v),
  STRUCT: isObject,
};

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The value `run` receives for a parameter input; `undefined` for an optional input with no value. */
export function inputParameterValue(name: string, declared: ParameterDeclaration, values: Readonly<Record<string, unknown>>): unknown {
  let value = Object.hasOwn(values, name) ? values[name] : undefined;
  // The launcher fills defaults; a component run by other means gets them here.
  if (value === undefined && declared.hasDefault) value = declared.defaultValue;
  if (declared.parameterType === 'TASK_FINAL_STATUS') return taskFinalStatus(name, value);
  if (value === undefined || value === null) {
    if (declared.optional) return undefined;
    throw new ExecutorError(`the executor input has no value for the required input parameter '${name}'`);
  }
  if (!MATCHES[declared.parameterType](value)) {
    throw new ExecutorError(`input parameter '${name}' is declared ${declared.parameterType}, but the executor input gives ${describe(value)}`);
  }
  return value;
}

/** The task final status, under its current field names or the older snake_case ones. */
function taskFinalStatus(name: string, value: unknown): TaskFinalStatus {
  if (!isObject(value)) throw new ExecutorError(`the executor input has no task final status for input '${name}' (only exit tasks receive one)`);
  const text = (a: string, b: string) => (typeof value[a] === 'string' ? value[a] : typeof value[b] === 'string' ? value[b] : '') as string;
  const error = isObject(value.error) ? value.error : {};
  return Object.freeze({
    state: text('state', 'state'),
    pipelineJobResourceName: text('pipelineJobResourceName', 'pipeline_job_resource_name'),
    pipelineTaskName: text('pipelineTaskName', 'pipeline_task_name'),
    error: Object.freeze({
      ...(typeof error.code === 'number' ? { code: error.code } : {}),
      ...(typeof error.message === 'string' ? { message: error.message } : {}),
    }),
  });
}

/** Checks a value `run` returned for an output parameter. */
export function checkOutputParameter(name: string, declared: ParameterDeclaration, value: unknown): void {
  if (value === undefined) throw new ExecutorError(`run() returned no value for the output parameter '${name}'`);
  const type = declared.parameterType;
  if (type === 'TASK_FINAL_STATUS' || !MATCHES[type](value)) {
    throw new ExecutorError(`run() returned ${describe(value)} for the output parameter '${name}', which is declared ${type}`);
  }
  if ((type === 'LIST' || type === 'STRUCT') && JSON.stringify(value) === undefined) {
    throw new ExecutorError(`run() returned a value for the output parameter '${name}' that is not JSON`);
  }
}

/** The text of an output parameter file, as the launcher parses it for the declared type. */
export function outputParameterText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
