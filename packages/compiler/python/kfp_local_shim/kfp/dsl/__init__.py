"""``kfp.dsl`` as a component function sees it at run time.

``from kfp.dsl import *`` (the first lines of every embedded component program) brings in the artifact
classes, the annotations, ``PipelineTaskFinalStatus`` and ``get_uri``. The decorators are accepted and do
nothing, so helper code that still carries them imports cleanly.
"""

from kfp.dsl.annotations import EmbeddedInput, Input, InputPath, Output, OutputPath
from kfp.dsl.artifacts import (
    HTML,
    Artifact,
    ClassificationMetrics,
    Dataset,
    Markdown,
    Metrics,
    Model,
    SlicedClassificationMetrics,
    get_uri,
)
from kfp.dsl.task_status import PipelineTaskFinalStatus, TaskConfig

# Placeholders are resolved by the backend before the function runs; a function only compares against them.
PIPELINE_JOB_NAME_PLACEHOLDER = '{{$.pipeline_job_name}}'
PIPELINE_JOB_RESOURCE_NAME_PLACEHOLDER = '{{$.pipeline_job_resource_name}}'
PIPELINE_JOB_ID_PLACEHOLDER = '{{$.pipeline_job_uuid}}'
PIPELINE_TASK_NAME_PLACEHOLDER = '{{$.pipeline_task_name}}'
PIPELINE_TASK_ID_PLACEHOLDER = '{{$.pipeline_task_uuid}}'
PIPELINE_TASK_EXECUTOR_OUTPUT_PATH_PLACEHOLDER = '{{$.outputs.output_file}}'
PIPELINE_TASK_EXECUTOR_INPUT_PLACEHOLDER = '{{$}}'
PIPELINE_ROOT_PLACEHOLDER = '{{$.pipeline_root}}'
PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER = '{{$.pipeline_job_create_time_utc}}'
PIPELINE_JOB_SCHEDULE_TIME_UTC_PLACEHOLDER = '{{$.pipeline_job_schedule_time_utc}}'
WORKSPACE_PATH_PLACEHOLDER = '{{$.workspace_path}}'


def _passthrough_decorator(func=None, **_options):
    """``@component`` and ``@component(...)`` both return the function unchanged."""
    if func is None:
        return lambda f: f
    return func


component = _passthrough_decorator
container_component = _passthrough_decorator
notebook_component = _passthrough_decorator


def run_notebook(**_kwargs):
    raise RuntimeError('dsl.run_notebook is only available inside a notebook component.')


__all__ = [
    'Input',
    'Output',
    'InputPath',
    'OutputPath',
    'PipelineTaskFinalStatus',
    'TaskConfig',
    'Artifact',
    'ClassificationMetrics',
    'Dataset',
    'HTML',
    'Markdown',
    'Metrics',
    'Model',
    'SlicedClassificationMetrics',
    'get_uri',
    'PIPELINE_JOB_NAME_PLACEHOLDER',
    'PIPELINE_JOB_RESOURCE_NAME_PLACEHOLDER',
    'PIPELINE_JOB_ID_PLACEHOLDER',
    'PIPELINE_TASK_NAME_PLACEHOLDER',
    'PIPELINE_TASK_ID_PLACEHOLDER',
    'PIPELINE_TASK_EXECUTOR_OUTPUT_PATH_PLACEHOLDER',
    'PIPELINE_TASK_EXECUTOR_INPUT_PLACEHOLDER',
    'PIPELINE_ROOT_PLACEHOLDER',
    'PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER',
    'PIPELINE_JOB_SCHEDULE_TIME_UTC_PLACEHOLDER',
    'WORKSPACE_PATH_PLACEHOLDER',
    'run_notebook',
]
