import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const optional = () => t.string().optionalInput();
  const validatePodMetadata = pythonComponent({
    ...golden.python('exec-validate-pod-metadata'),
    inputs: {
      annotation_path_1: optional(),
      annotation_exp_val_1: optional(),
      annotation_path_2: optional(),
      annotation_exp_val_2: optional(),
      label_path_1: optional(),
      label_exp_val_1: optional(),
      label_path_2: optional(),
      label_exp_val_2: optional(),
    },
    outputs: { Output: t.boolean() },
  });
  const validateNoPodMetadata = pythonComponent({
    ...golden.python('exec-validate-no-pod-metadata'),
    inputs: { annotation_path: t.string(), label_path: t.string() },
    outputs: { Output: t.boolean() },
  });

  return pipeline({ name: 'pipeline_with_pod_metadata' }, () => {
    // task_a and task_b get different metadata; each pod should see only its own.
    validatePodMetadata({
      annotation_path_1: 'POD_TASK_ANNOTATION',
      annotation_exp_val_1: 'annotation',
      label_path_1: 'POD_TASK_LABEL_1',
      label_exp_val_1: 'label-1',
      label_path_2: 'POD_TASK_LABEL_2',
      label_exp_val_2: 'label-2',
    })
      .setCachingOptions(false)
      .addPodLabel('task-label-1', 'label-1')
      .addPodLabel('task-label-2', 'label-2')
      .addPodAnnotation('task-annotation', 'annotation')
      // Expose the pod's metadata to the container.
      .useFieldPathAsEnv('POD_TASK_ANNOTATION', "metadata.annotations['task-annotation']")
      .useFieldPathAsEnv('POD_TASK_LABEL_1', "metadata.labels['task-label-1']")
      .useFieldPathAsEnv('POD_TASK_LABEL_2', "metadata.labels['task-label-2']");

    validatePodMetadata({
      annotation_path_1: 'POD_TASK_ANNOTATION_1',
      annotation_exp_val_1: 'annotation-1',
      annotation_path_2: 'POD_TASK_ANNOTATION_2',
      annotation_exp_val_2: 'annotation-2',
    })
      .setCachingOptions(false)
      .addPodAnnotation('task-annotation-1', 'annotation-1')
      .addPodAnnotation('task-annotation-2', 'annotation-2')
      .useFieldPathAsEnv('POD_TASK_ANNOTATION_1', "metadata.annotations['task-annotation-1']")
      .useFieldPathAsEnv('POD_TASK_ANNOTATION_2', "metadata.annotations['task-annotation-2']");

    // task_c has no metadata.
    validateNoPodMetadata({ annotation_path: 'POD_TASK_ANNOTATION', label_path: 'POD_TASK_LABEL' }).setCachingOptions(false);
  });
};
