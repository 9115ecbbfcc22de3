/**
 * What Kubernetes accepts for the names, keys and quantities a task's Kubernetes settings carry. Each check
 * returns the reason a value is rejected, or undefined when it is fine, so callers can raise the error at the
 * line that set the value instead of the cluster rejecting the pod at run time.
 */

/** A DNS-1123 subdomain: names of Secrets, ConfigMaps and PersistentVolumeClaims. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 label: names of volumes and containers. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The name part of a label or annotation key, and a label value. */
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** A key of a Secret's or ConfigMap's data. */
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

/** A Kubernetes resource quantity such as `5Gi`, `500Mi`, `1.5G` or `1e3`. */
const QUANTITY = /^(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[kKMGTPE]|[eE][-+]?\d+)?$/;

/** Resource names of init container requests/limits: `cpu`, `memory`, `nvidia.com/gpu`, … */
const RESOURCE_NAME = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

export const TOLERATION_OPERATORS = ['Equal', 'Exists'] as const;
export const TOLERATION_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
export const NODE_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const;
export const IMAGE_PULL_POLICIES = ['Always', 'Never', 'IfNotPresent'] as const;
export const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] as const;
export const EMPTY_DIR_MEDIA = ['', 'Memory', 'HugePages'] as const;

function describeValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

/** Names of Secrets, ConfigMaps and PersistentVolumeClaims. */
export function resourceNameProblem(kind: string, name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return `the ${kind} name must be a non-empty string`;
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    return `${describeValue(name)} is not a valid ${kind} name: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (at most 253 characters)`;
  }
  return undefined;
}

/** Names of volumes and init containers. */
export function dnsLabelProblem(kind: string, name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') return `the ${kind} name must be a non-empty string`;
  if (name.length > 63 || !DNS_LABEL.test(name)) {
    return `${describeValue(name)} is not a valid ${kind} name: use lowercase letters, digits and '-', starting and ending with a letter or digit (at most 63 characters)`;
  }
  return undefined;
}

/** Label and annotation keys: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export function metadataKeyProblem(kind: 'label' | 'annotation' | 'node selector label', key: unknown): string | undefined {
  if (typeof key !== 'string' || key === '') return `the ${kind} key must be a non-empty string`;
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const badPrefix = prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix));
  if (badPrefix || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) {
    return `${describeValue(key)} is not a valid ${kind} key: use an optional DNS prefix and '/', then letters, digits, '-', '_' and '.' (at most 63 characters, starting and ending with a letter or digit)`;
  }
  return undefined;
}

/** Label values: empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit. */
export function labelValueProblem(kind: 'label' | 'node selector label', value: unknown): string | undefined {
  if (typeof value !== 'string') return `the ${kind} value must be a string`;
  if (value !== '' && (value.length > 63 || !QUALIFIED_NAME_PART.test(value))) {
    return `${describeValue(value)} is not a valid ${kind} value: use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

/** Keys of a Secret's or ConfigMap's data. */
export function dataKeyProblem(kind: string, key: unknown): string | undefined {
  if (typeof key !== 'string' || !DATA_KEY.test(key)) {
    return `${describeValue(key)} is not a valid ${kind} key: use letters, digits, '-', '_' and '.'`;
  }
  return undefined;
}

/** Environment variable names (as `setEnvVariable` accepts them). */
export function envNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
    return `${describeValue(name)} is not a valid environment variable name: use letters, digits, '_', '.' and '-', not starting with a digit`;
  }
  return undefined;
}

/** A path inside the container: non-empty, without ':' (which Kubernetes reserves). */
export function mountPathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string' || path.trim() === '') return 'the mount path must be a non-empty string';
  if (path.includes(':')) return `mount path ${describeValue(path)} must not contain ':'`;
  return undefined;
}

/** A path within a volume: relative, without '..'. */
export function subPathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string') return 'the sub-path must be a string';
  if (path.startsWith('/')) return `sub-path ${describeValue(path)} must be relative to the volume's root`;
  if (path.split('/').includes('..')) return `sub-path ${describeValue(path)} must not contain '..'`;
  return undefined;
}

/** Storage sizes such as `5Gi` or `500Mi`. */
export function quantityProblem(what: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || !QUANTITY.test(value.trim())) {
    return `${describeValue(value)} is not a valid ${what}: use a number with an optional unit such as '500Mi', '5Gi' or '1T'`;
  }
  return undefined;
}

/** Names of resources an init container may request (`cpu`, `memory`, `nvidia.com/gpu`). */
export function resourceKeyProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !RESOURCE_NAME.test(value)) {
    return `${describeValue(value)} is not a valid resource name: use 'cpu', 'memory' or a qualified name such as 'nvidia.com/gpu'`;
  }
  return undefined;
}

/** `value` is one of `allowed`. */
export function oneOfProblem<T extends string>(what: string, value: unknown, allowed: readonly T[]): string | undefined {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return undefined;
  return `${describeValue(value)} is not a valid ${what}: use one of ${allowed.filter((a) => a !== '').map((a) => `'${a}'`).join(', ')}`;
}

/** A whole number at least `min` (and at most `max`). */
export function wholeNumberProblem(what: string, value: unknown, min: number, max?: number): string | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `at least ${min}` : `from ${min} to ${max}`;
    return `${what} must be a whole number ${range}, got ${describeValue(value)}`;
  }
  return undefined;
}
