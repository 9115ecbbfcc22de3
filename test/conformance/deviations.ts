/**
 * Cases where kfp-ts deliberately emits different IR from the Python compiler, because the Python IR would
 * not run correctly on the KFP backend. Each entry lists every expected difference, so the conformance test
 * still fails on any other change. docs/conformance.md explains each one.
 */
export interface ExpectedDifference {
  path: string;
  expected: unknown;
  actual: unknown;
}

export const intendedDeviations: Record<string, { reason: string; differences: ExpectedDifference[] }> = {
  'valid/pipeline_with_string_machine_fields_task_output': {
    reason:
      'resource settings taken from task outputs make the task depend on those producers; the Python compiler omits the dependency, so the task may start before the values exist',
    differences: [
      {
        path: 'root.dag.tasks.sum-numbers.dependentTasks',
        expected: undefined,
        actual: ['accelerator-limit', 'accelerator-type', 'cpu-limit', 'memory-limit'],
      },
    ],
  },
};
