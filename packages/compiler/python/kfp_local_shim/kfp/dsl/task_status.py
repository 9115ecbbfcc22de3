"""Values the backend passes to special parameters: a task's final status, a task's configuration."""

import dataclasses
from typing import Any, Dict, List, Optional


@dataclasses.dataclass
class PipelineTaskFinalStatus:
    """What an exit task learns about the tasks it guards."""

    state: str
    pipeline_job_resource_name: str
    pipeline_task_name: str
    error_code: Optional[int]
    error_message: Optional[str]

    @classmethod
    def from_struct(cls, value: Dict[str, Any]) -> 'PipelineTaskFinalStatus':
        # The backend writes camelCase names; older ones wrote snake_case.
        error = value.get('error') or {}
        return cls(
            state=value.get('state'),
            pipeline_job_resource_name=value.get('pipelineJobResourceName', value.get('pipeline_job_resource_name')),
            pipeline_task_name=value.get('pipelineTaskName', value.get('pipeline_task_name')),
            error_code=error.get('code'),
            error_message=error.get('message'),
        )


@dataclasses.dataclass
class TaskConfig:
    """The Kubernetes settings of the running task, for functions that start further work."""

    affinity: Optional[Dict[str, Any]] = None
    tolerations: Optional[List[Dict[str, Any]]] = None
    node_selector: Optional[Dict[str, str]] = None
    env: Optional[List[Dict[str, Any]]] = None
    volumes: Optional[List[Dict[str, Any]]] = None
    volume_mounts: Optional[List[Dict[str, Any]]] = None
    resources: Optional[Dict[str, Any]] = None

    @classmethod
    def from_struct(cls, value: Optional[Dict[str, Any]]) -> 'TaskConfig':
        value = value or {}
        return cls(
            affinity=value.get('affinity'),
            tolerations=value.get('tolerations'),
            node_selector=value.get('nodeSelector'),
            env=value.get('env'),
            volumes=value.get('volumes'),
            volume_mounts=value.get('volumeMounts'),
            resources=value.get('resources'),
        )
