import { pipeline, pythonComponent, t, type TaskBase } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

/** Exposes pod annotations and labels to the container as environment variables. */
function exposeMetadata(task: TaskBase<{}>, annotations: Record<string, string>, labels: Record<string, string>): void {
  for (const [env, key] of Object.entries(annotations)) task.useFieldPathAsEnv(env, `metadata.annotations['${key}']`);
  for (const [env, key] of Object.entries(labels)) task.useFieldPathAsEnv(env, `metadata.labels['${key}']`);
}

export default (golden: Golden) => {
  const strings = (...names: string[]) => Object.fromEntries(names.map((n) => [n, t.string()]));
  const validator = (label: string, inputs: string[]) =>
    pythonComponent({ ...golden.python(label), inputs: strings(...inputs), outputs: { Output: t.boolean() } });

  const taskA = validator('exec-validate-pod-metadata-task-a', [
    'annotation_path', 'annotation_exp_val', 'label_path_1', 'label_exp_val_1', 'label_path_2', 'label_exp_val_2',
  ]);
  const taskB = validator('exec-validate-pod-metadata-task-b', [
    'annotation_path_1', 'annotation_exp_val_1', 'annotation_path_2', 'annotation_exp_val_2',
    'annotation_path_3', 'annotation_exp_val_3', 'annotation_path_4', 'annotation_exp_val_4',
    'label_path_1', 'label_exp_val_1', 'label_path_2', 'label_exp_val_2', 'label_path_3', 'label_exp_val_3',
  ]);
  const taskC = validator('exec-validate-pod-metadata-task-c', [
    'annotation_path_1', 'annotation_exp_val_1', 'annotation_path_2', 'annotation_exp_val_2',
  ]);
  const taskD = validator('exec-validate-pod-metadata-task-d', [
    'label_path_1', 'label_exp_val_1', 'label_path_2', 'label_exp_val_2', 'label_path_3', 'label_exp_val_3',
  ]);
  const validateNoPodMetadata = pythonComponent({ ...golden.python('exec-validate-no-pod-metadata'), outputs: { Output: t.boolean() } });

  return pipeline({ name: 'pipeline_with_pod_metadata' }, () => {
    // Tasks a-d get different metadata; each pod should see only its own.
    const a = taskA({
      annotation_path: 'POD_TASK_ANNOTATION',
      annotation_exp_val: 'annotation',
      label_path_1: 'POD_TASK_LABEL_1',
      label_exp_val_1: 'label-1',
      label_path_2: 'POD_TASK_LABEL_2',
      label_exp_val_2: 'label-2',
    }).setCachingOptions(false);
    a.addPodLabel('task-label-1', 'label-1').addPodLabel('task-label-2', 'label-2').addPodAnnotation('task-annotation', 'annotation');
    exposeMetadata(a, { POD_TASK_ANNOTATION: 'task-annotation' }, { POD_TASK_LABEL_1: 'task-label-1', POD_TASK_LABEL_2: 'task-label-2' });

    const b = taskB({
      annotation_path_1: 'POD_TASK_ANNOTATION_1',
      annotation_exp_val_1: 'annotation-1',
      annotation_path_2: 'POD_TASK_ANNOTATION_2',
      annotation_exp_val_2: 'annotation-2',
      annotation_path_3: 'POD_TASK_ANNOTATION_3',
      annotation_exp_val_3: 'annotation-3',
      annotation_path_4: 'POD_TASK_ANNOTATION_4',
      annotation_exp_val_4: 'annotation-4',
      label_path_1: 'POD_TASK_LABEL_1',
      label_exp_val_1: 'label-1',
      label_path_2: 'POD_TASK_LABEL_2',
      label_exp_val_2: 'label-2',
      label_path_3: 'POD_TASK_LABEL_3',
      label_exp_val_3: 'label-3',
    }).setCachingOptions(false);
    for (const n of [1, 2, 3, 4]) b.addPodAnnotation(`task-annotation-${n}`, `annotation-${n}`);
    for (const n of [1, 2, 3]) b.addPodLabel(`task-label-${n}`, `label-${n}`);
    exposeMetadata(
      b,
      { POD_TASK_ANNOTATION_1: 'task-annotation-1', POD_TASK_ANNOTATION_2: 'task-annotation-2', POD_TASK_ANNOTATION_3: 'task-annotation-3', POD_TASK_ANNOTATION_4: 'task-annotation-4' },
      { POD_TASK_LABEL_1: 'task-label-1', POD_TASK_LABEL_2: 'task-label-2', POD_TASK_LABEL_3: 'task-label-3' },
    );

    const c = taskC({
      annotation_path_1: 'POD_TASK_ANNOTATION_1',
      annotation_exp_val_1: 'annotation-1',
      annotation_path_2: 'POD_TASK_ANNOTATION_2',
      annotation_exp_val_2: 'annotation-2',
    }).setCachingOptions(false);
    c.addPodAnnotation('task-annotation-1', 'annotation-1').addPodAnnotation('task-annotation-2', 'annotation-2');
    exposeMetadata(c, { POD_TASK_ANNOTATION_1: 'task-annotation-1', POD_TASK_ANNOTATION_2: 'task-annotation-2' }, {});

    const d = taskD({
      label_path_1: 'POD_TASK_LABEL_1',
      label_exp_val_1: 'label-1',
      label_path_2: 'POD_TASK_LABEL_2',
      label_exp_val_2: 'label-2',
      label_path_3: 'POD_TASK_LABEL_3',
      label_exp_val_3: 'label-3',
    }).setCachingOptions(false);
    for (const n of [1, 2, 3]) d.addPodLabel(`task-label-${n}`, `label-${n}`);
    exposeMetadata(d, {}, { POD_TASK_LABEL_1: 'task-label-1', POD_TASK_LABEL_2: 'task-label-2', POD_TASK_LABEL_3: 'task-label-3' });

    // Task e has no metadata.
    const e = validateNoPodMetadata().setCachingOptions(false);
    exposeMetadata(
      e,
      { POD_TASK_ANNOTATION: 'task-annotation', POD_TASK_ANNOTATION_1: 'task-annotation-1' },
      { POD_TASK_LABEL: 'task-label', POD_TASK_LABEL_1: 'task-label-1' },
    );
  });
};
