/**
 * Checks compiled IR documents against the strict PipelineSpec / PlatformSpec JSON Schemas and turns ajv's raw
 * errors into a few readable issues: one per problem, each with a dotted path into the document.
 */
import type { ErrorObject } from 'ajv';
import { validatorFor } from './validators.js';

export interface SchemaIssue {
  document: 'PipelineSpec' | 'PlatformSpec';
  /** Where in the document, e.g. `root.dag.tasks.train.componentRef.name` or `deploymentSpec.executors.x.container.args[2]`. */
  path: string;
  message: string;
}

type DocumentKind = SchemaIssue['document'];

export function validatePipelineSpecSchema(doc: unknown): SchemaIssue[] {
  return validate('PipelineSpec', doc);
}

export function validatePlatformSpecSchema(doc: unknown): SchemaIssue[] {
  return validate('PlatformSpec', doc);
}

function validate(kind: DocumentKind, doc: unknown): SchemaIssue[] {
  const validator = validatorFor(kind);
  if (validator(doc)) return [];
  return toIssues(kind, doc, validator.errors ?? []);
}

// ---------------------------------------------------------------------------------------------------------------
// From ajv errors to issues
// ---------------------------------------------------------------------------------------------------------------

function toIssues(kind: DocumentKind, doc: unknown, errors: ErrorObject[]): SchemaIssue[] {
  // Failed oneOf/anyOf errors, by the value they failed on (a document can have thousands of errors).
  const alternativesAt = new Map<string, ErrorObject[]>();
  const branchErrors = new Map<ErrorObject, ErrorObject[]>();
  for (const error of errors.filter(isAlternative)) {
    alternativesAt.set(error.instancePath, [...(alternativesAt.get(error.instancePath) ?? []), error]);
    branchErrors.set(error, []);
  }

  // With allErrors, a failed oneOf/anyOf is preceded by the errors of each branch it tried. Those describe branches
  // that were never meant to match, so they are set aside and the alternative reports once, in its own words.
  const kept: ErrorObject[] = [];
  for (const error of errors) {
    const owner = alternativesAt.size > 0 ? ownerOf(error, alternativesAt) : undefined;
    if (owner) branchErrors.get(owner)!.push(error);
    else kept.push(error);
  }

  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  const add = (error: ErrorObject) => {
    const { path: pointerPath, message } = describe(error, doc, branchErrors);
    const path = pointerPath || '(document)';
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    issues.push({ document: kind, path, message });
  };
  kept.forEach(add);
  return issues;
}

function isAlternative(error: ErrorObject): boolean {
  return error.keyword === 'oneOf' || error.keyword === 'anyOf';
}

/** The failed alternative whose branches raised `error`: one at the same value or above it, and above in the schema. */
function ownerOf(error: ErrorObject, alternativesAt: Map<string, ErrorObject[]>): ErrorObject | undefined {
  let pointer = error.instancePath;
  for (;;) {
    const owner = alternativesAt
      .get(pointer)
      ?.find((a) => a !== error && error.schemaPath.startsWith(`${a.schemaPath}/`));
    if (owner || pointer === '') return owner;
    pointer = pointer.slice(0, pointer.lastIndexOf('/'));
  }
}

function describe(
  error: ErrorObject,
  doc: unknown,
  branchErrors: Map<ErrorObject, ErrorObject[]>,
): { path: string; message: string } {
  const path = readablePath(doc, error.instancePath);
  const noun = typeof error.parentSchema?.description === 'string' ? error.parentSchema.description : undefined;

  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(error.params.additionalProperty);
      const known = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      return { path: join(path, field), message: `unknown field '${field}'${suggestion(field, known)}` };
    }
    case 'required': {
      const field = String(error.params.missingProperty);
      return { path: join(path, field), message: `missing required field '${field}'` };
    }
    case 'type':
      return { path, message: `must be ${noun ?? typeNoun(error.params.type)} (got ${valueNoun(error.data)})` };
    case 'enum':
      return {
        path,
        message: `must be one of ${(error.params.allowedValues as unknown[]).join(', ')} (got ${quote(error.data)})`,
      };
    case 'pattern':
    case 'minimum':
    case 'maximum':
      return { path, message: noun ? `must be ${noun} (got ${quote(error.data)})` : String(error.message) };
    case 'oneOf':
    case 'anyOf': {
      const members = protoOneofMembers(error.schema);
      if (members) return { path, message: oneofMessage(members, error.data) };
      // A general alternative: its most specific branch error (the deepest one) says the most.
      const deepest = (branchErrors.get(error) ?? []).reduce<ErrorObject | undefined>(
        (best, e) => (!best || e.instancePath.length > best.instancePath.length ? e : best),
        undefined,
      );
      return deepest ? describe(deepest, doc, branchErrors) : { path, message: String(error.message) };
    }
    default:
      return { path, message: String(error.message ?? error.keyword) };
  }
}

/**
 * The members of a proto oneof as the schema spells it (see `oneof()` in pipeline-spec.schema.ts): branches that
 * each require one field, plus possibly a "none of them" branch. Undefined for any other alternative.
 */
function protoOneofMembers(branches: unknown): string[] | undefined {
  if (!Array.isArray(branches)) return undefined;
  const members: string[] = [];
  for (const branch of branches as Record<string, unknown>[]) {
    const required = branch.required;
    if (Array.isArray(required) && required.length === 1 && Object.keys(branch).length === 1) {
      members.push(String(required[0]));
    } else if (!('not' in branch && Object.keys(branch).length === 1)) {
      return undefined;
    }
  }
  return members.length > 0 ? members : undefined;
}

function oneofMessage(members: string[], data: unknown): string {
  const names = (fields: string[]) => fields.map((f) => `'${f}'`).join(', ');
  const present = isObject(data) ? members.filter((m) => m in data) : [];
  if (present.length === 0) return `must set one of ${names(members)}`;
  return `only one of ${names(members)} may be set (found ${names(present)})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Wording helpers
// ---------------------------------------------------------------------------------------------------------------

/**
 * `/root/dag/tasks/a.b/inputs/0` → `root.dag.tasks["a.b"].inputs[0]` ('' for the document itself), walking the
 * document to tell list indices from map keys that look like numbers.
 */
function readablePath(doc: unknown, pointer: string): string {
  let path = '';
  if (pointer === '') return path;
  let node: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path += `[${segment}]`;
      node = node[Number(segment)];
    } else {
      path = join(path, segment);
      node = isObject(node) ? node[segment] : undefined;
    }
  }
  return path;
}

function join(path: string, key: string): string {
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

/** Points out the known field that an unknown one most likely meant, e.g. `component_ref` → `componentRef`. */
function suggestion(field: string, known: string[]): string {
  const squash = (name: string) => name.replace(/_/g, '').toLowerCase();
  const match = known.find((k) => squash(k) === squash(field));
  return match ? ` (did you mean '${match}'?)` : '';
}

function typeNoun(type: unknown): string {
  const one = (t: string) => ({ object: 'an object', array: 'an array', integer: 'an integer' })[t] ?? `a ${t}`;
  return Array.isArray(type) ? type.map(String).map(one).join(' or ') : one(String(type));
}

function valueNoun(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${quote(value)}`;
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
