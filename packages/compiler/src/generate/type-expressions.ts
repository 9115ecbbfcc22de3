/**
 * The `t.*` expression that declares an input or output type, as a user would write it: the constructor,
 * then `.default(...)` or `.optionalInput()`, then `.describe(...)`.
 */
import type { IOType } from '@kfp-ts/dsl';

const PARAMETER_CONSTRUCTORS: Record<string, string> = {
  STRING: 't.string()',
  NUMBER_INTEGER: 't.integer()',
  NUMBER_DOUBLE: 't.float()',
  BOOLEAN: 't.boolean()',
  LIST: 't.list()',
  STRUCT: 't.struct()',
  TASK_FINAL_STATUS: 't.taskFinalStatus()',
};

const SYSTEM_ARTIFACT_CONSTRUCTORS: Record<string, string> = {
  'system.Artifact': 't.artifact()',
  'system.Dataset': 't.dataset()',
  'system.Model': 't.model()',
  'system.Metrics': 't.metrics()',
  'system.ClassificationMetrics': 't.classificationMetrics()',
  'system.SlicedClassificationMetrics': 't.slicedClassificationMetrics()',
  'system.HTML': 't.html()',
  'system.Markdown': 't.markdown()',
};

/** The declaration of one input (`isInput`) or output type, with its description when there is one. */
export function typeExpression(type: IOType, isInput: boolean, description: string | undefined): string {
  let text = type.kind === 'parameter' ? parameterConstructor(type.parameterType) : artifactConstructor(type.schemaTitle, type.schemaVersion, type.isList);
  if (isInput) text += optionality(type);
  if (description !== undefined) text += `.describe(${stringLiteral(description)})`;
  return text;
}

function parameterConstructor(parameterType: string): string {
  const constructor = PARAMETER_CONSTRUCTORS[parameterType];
  return constructor ?? `t.parameterOf(${stringLiteral(parameterType)})`;
}

function artifactConstructor(schemaTitle: string, schemaVersion: string, isList: boolean): string {
  const single = SYSTEM_ARTIFACT_CONSTRUCTORS[schemaTitle] ?? `t.customArtifact(${stringLiteral(schemaTitle)}, ${stringLiteral(schemaVersion)})`;
  return isList ? `t.artifactList(${single})` : single;
}

/** `.default(v)` for an input with a default, `.optionalInput()` for one without; nothing when required. */
function optionality(type: IOType): string {
  // The backend fills a task's final status: the type is optional by construction.
  if (type.kind === 'parameter' && type.parameterType === 'TASK_FINAL_STATUS') return '';
  if (type.kind === 'parameter' && 'defaultValue' in type) return `.default(${JSON.stringify(type.defaultValue ?? null)})`;
  return type.optional ? '.optionalInput()' : '';
}

/** A single-quoted TypeScript string literal. */
export function stringLiteral(text: string): string {
  const json = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${json}'`;
}
