/**
 * Naming: the one place that knows how the KFP compiler names things in the IR — tasks, components,
 * executors, groups, and the `pipelinechannel--` inputs that carry values into sub-DAGs.
 */

/** Lowercase; every run of characters other than `a-z0-9-` becomes `-`; no leading/trailing `-`. */
export function sanitizeK8sName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^-0-9a-z]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * `name`, or `name-2`, `name-3`, … — the first not in `taken`.
 *
 * With `nextIndex` (for a `taken` that only grows), the search for each name resumes where the previous one
 * for that name stopped, since every index below it is still taken: naming n tasks of one component is then
 * linear instead of quadratic, with the same names.
 */
export function makeUnique(name: string, taken: { has(n: string): boolean }, nextIndex?: Map<string, number>): string {
  if (!taken.has(name)) return name;
  for (let i = nextIndex?.get(name) ?? 2; ; i++) {
    const candidate = `${name}-${i}`;
    if (!taken.has(candidate)) {
      nextIndex?.set(name, i);
      return candidate;
    }
  }
}

/** The IR component key of a task's component. */
export const componentKey = (taskName: string): string => `comp-${taskName}`;

/** The executor label of a task's container or importer. */
export const executorLabel = (taskName: string): string => `exec-${taskName}`;

/** The prefix of inputs the compiler adds to carry a value into a task or sub-DAG. */
export const PIPELINE_CHANNEL_PREFIX = 'pipelinechannel--';

/** A pipeline name as the KFP backend accepts it. */
export const PIPELINE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,127}$/;

/** The name of an input that carries a channel (`pipelinechannel--<task>-<output>` or `…--<param>`). */
export const channelInputName = (fullName: string): string => PIPELINE_CHANNEL_PREFIX + fullName;

/** The placeholder for a parameter input, as it appears inside strings. */
export const parameterPlaceholder = (inputName: string): string => `{{$.inputs.parameters['${inputName}']}}`;
