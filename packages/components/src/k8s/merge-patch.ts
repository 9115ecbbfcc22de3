/**
 * JSON merge patches (RFC 7386) that make an object match a desired state: all desired fields, plus
 * `null` for every field an earlier apply set and the desired state no longer has. The earlier state
 * is kept in an annotation, like `kubectl apply` does, so fields set by controllers and webhooks
 * are left alone.
 */

/** Annotation with the JSON of the last applied labels, annotations and spec. */
export const LAST_APPLIED_ANNOTATION = 'kfp-ts/last-applied';

/**
 * The desired object, with `null` for every key of `previous` (recursively, through objects)
 * that `desired` lacks. Arrays are replaced whole, as merge patches do.
 */
export function mergePatchWithDeletions(previous: unknown, desired: unknown): unknown {
  if (!isPlainObject(desired)) return desired;
  const patch: Record<string, unknown> = {};
  const before = isPlainObject(previous) ? previous : {};
  for (const key of Object.keys(before)) {
    if (!(key in desired) || desired[key] === undefined) patch[key] = null;
  }
  for (const [key, value] of Object.entries(desired)) {
    if (value === undefined) continue;
    patch[key] = isPlainObject(value) ? mergePatchWithDeletions(before[key], value) : value;
  }
  return patch;
}

/** Applies a merge patch to a value (RFC 7386 semantics); used to predict the result in tests and dry runs. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
