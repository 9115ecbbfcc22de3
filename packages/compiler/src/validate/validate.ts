/**
 * Validation shared by `compile` (before anything is written) and `kfp-ts validate`: the strict JSON
 * Schemas of both IR documents.
 */
import { parseAllDocuments } from 'yaml';
import { backendIssues } from './backend-rules.js';
import { validatePipelineSpecSchema, validatePlatformSpecSchema, type SchemaIssue } from './schema.js';

export type { SchemaIssue };

/** Checks a PipelineSpec and, when given, its PlatformSpec (schema, then backend rules). Returns [] when valid. */
export function validateDocuments(pipelineSpec: unknown, platformSpec?: unknown): SchemaIssue[] {
  const issues = validatePipelineSpecSchema(pipelineSpec);
  if (platformSpec !== undefined) issues.push(...validatePlatformSpecSchema(platformSpec));
  if (issues.length === 0) issues.push(...backendIssues(pipelineSpec));
  return issues;
}

/** Parses IR YAML text (one or two documents) and validates it. */
export function validateYamlText(text: string): SchemaIssue[] {
  let docs: unknown[];
  try {
    const parsed = parseAllDocuments(text);
    if (!Array.isArray(parsed)) throw new Error('empty YAML stream');
    const errors = parsed.flatMap((d) => d.errors);
    if (errors.length) throw errors[0];
    docs = parsed.map((d) => d.toJS()).filter((d) => d !== null && d !== undefined);
  } catch (e) {
    return [{ document: 'PipelineSpec', path: '', message: `not valid YAML: ${(e as Error).message}` }];
  }
  if (docs.length === 0) return [{ document: 'PipelineSpec', path: '', message: 'the file holds no YAML document' }];
  if (docs.length > 2) {
    return [{ document: 'PlatformSpec', path: '', message: `expected a PipelineSpec and at most one PlatformSpec, found ${docs.length} documents` }];
  }
  return validateDocuments(docs[0], docs[1]);
}
