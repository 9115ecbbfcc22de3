"""Calls a component function with what the executor input holds, and writes the executor output.

The executor input (KFP's ``ExecutorInput`` JSON) gives input parameter values, input and output
artifacts (URI, metadata) and the files where outputs go. Each function parameter receives a value by
its annotation; afterwards the return value and the output artifacts are written as ``ExecutorOutput``
JSON to ``outputs.outputFile``, which the launcher reads.
"""

import inspect
import json
import os
import typing
from typing import Any, Callable, Dict, List, Optional

from kfp.dsl import artifacts
from kfp.dsl.annotations import InputPath, OutputPath, artifact_role, is_artifact_class, list_item, strip_optional
from kfp.dsl.task_status import PipelineTaskFinalStatus, TaskConfig

_PARAMETER_TYPES = (str, int, float, bool, dict, list)


def _is_pydantic_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and hasattr(annotation, 'model_validate') and hasattr(annotation, 'model_dump')


def _is_parameter_annotation(annotation: Any) -> bool:
    stripped = strip_optional(annotation)
    return (typing.get_origin(stripped) or stripped) in _PARAMETER_TYPES or _is_pydantic_model(stripped)


def _is_named_tuple(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, tuple) and hasattr(annotation, '_fields')


def _resolve(annotation: Any, func: Callable) -> Any:
    """Annotations written as strings (postponed evaluation) are evaluated in the function's module."""
    if isinstance(annotation, str):
        return eval(annotation, func.__globals__)  # noqa: S307 - the component's own code
    return annotation


def _make_dirs_for(path: str) -> None:
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)


def _artifact_instance(runtime_artifact: Dict[str, Any], annotated_class: Any) -> artifacts.Artifact:
    """An artifact object of the class the runtime type names, else of the annotated class."""
    schema_title = (runtime_artifact.get('type') or {}).get('schemaTitle', '')
    fallback = annotated_class if is_artifact_class(annotated_class) else artifacts.Artifact
    cls = artifacts.ARTIFACT_CLASSES.get(schema_title, fallback)
    fields = {
        'name': runtime_artifact.get('name', ''),
        'uri': runtime_artifact.get('uri', ''),
        'metadata': runtime_artifact.get('metadata') or {},
    }
    # Artifact classes from other libraries may build themselves differently.
    if hasattr(cls, '_from_executor_fields'):
        return cls._from_executor_fields(**fields)
    return cls(**fields)


class Executor:
    def __init__(self, executor_input: Dict[str, Any], function_to_execute: Callable):
        # A decorated component keeps the plain function on `python_func`.
        self.func = getattr(function_to_execute, 'python_func', function_to_execute)
        self.inputs = executor_input.get('inputs') or {}
        self.outputs = executor_input.get('outputs') or {}
        self.output_file = self.outputs['outputFile']
        artifacts.task_root = os.path.dirname(self.output_file)
        self.signature = inspect.signature(self.func)
        self.parameter_values: Dict[str, Any] = {}
        self.output_artifacts: Dict[str, artifacts.Artifact] = {}
        for name, entry in (self.outputs.get('artifacts') or {}).items():
            runtime = (entry or {}).get('artifacts') or []
            if runtime:
                annotation = self._annotation(name)
                role, inner = artifact_role(strip_optional(annotation))
                artifact = _artifact_instance(runtime[0], inner if role else annotation)
                _make_dirs_for(artifact.path)
                self.output_artifacts[name] = artifact

    def execute(self) -> str:
        """Runs the function; returns the path of the executor output it wrote."""
        arguments = {}
        for name, parameter in self.signature.parameters.items():
            if parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
                continue
            present, value = self._argument(name, _resolve(parameter.annotation, self.func))
            if present:
                arguments[name] = value
        result = self.func(**arguments)
        self._record_return_value(result)
        return self._write_executor_output()

    # Inputs -----------------------------------------------------------------------------------------

    def _annotation(self, name: str) -> Any:
        parameter = self.signature.parameters.get(name)
        if parameter is None or parameter.annotation is inspect.Parameter.empty:
            return None
        return _resolve(parameter.annotation, self.func)

    def _argument(self, name: str, annotation: Any):
        """``(True, value)`` to pass ``value`` for parameter ``name``; ``(False, None)`` to leave its default."""
        stripped = strip_optional(annotation)
        role, inner = artifact_role(stripped)
        if stripped is PipelineTaskFinalStatus:
            value = self._parameter_value(name)
            return True, None if value is None else PipelineTaskFinalStatus.from_struct(value)
        if stripped is TaskConfig:
            return True, TaskConfig.from_struct(self._parameter_value(name))
        if role == 'embedded':
            return True, self._embedded_artifact(inner)
        if role == 'output':
            return True, self.output_artifacts.get(name)
        if role == 'input':
            return True, self._input_artifacts(name, inner)
        if isinstance(stripped, OutputPath):
            return True, self._output_path(name)
        if isinstance(stripped, InputPath):
            artifact = self._input_artifacts(name, None)
            return True, None if artifact is None else artifact.path
        if is_artifact_class(stripped) or is_artifact_class(list_item(stripped)):
            return True, self._input_artifacts(name, stripped)
        parameter_values = self.inputs.get('parameterValues') or {}
        if name not in parameter_values or parameter_values[name] is None:
            return False, None
        return True, self._convert_parameter(parameter_values[name], stripped)

    def _parameter_value(self, name: str) -> Any:
        return (self.inputs.get('parameterValues') or {}).get(name)

    @staticmethod
    def _convert_parameter(value: Any, annotation: Any) -> Any:
        """JSON numbers lose the int/float distinction on the way; the annotation restores it."""
        target = typing.get_origin(annotation) or annotation
        if target is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if target is int and isinstance(value, float) and value.is_integer():
            return int(value)
        if _is_pydantic_model(annotation):
            return annotation.model_validate(value)
        return value

    def _input_artifacts(self, name: str, annotation: Any):
        """The input artifact (or list of them, for a list annotation), or ``None`` when none was given."""
        runtime: List[Dict[str, Any]] = ((self.inputs.get('artifacts') or {}).get(name) or {}).get('artifacts') or []
        item = list_item(annotation)
        if item is not None:
            return [_artifact_instance(a, item) for a in runtime] if runtime else None
        return _artifact_instance(runtime[0], annotation) if runtime else None

    def _output_path(self, name: str) -> str:
        """Where to write output ``name``: a parameter's output file, or an artifact's local path."""
        parameter = (self.outputs.get('parameters') or {}).get(name)
        if parameter is not None:
            path = parameter['outputFile']
        elif name in self.output_artifacts:
            path = self.output_artifacts[name].path
        else:
            raise ValueError(f'The executor input has no output named {name!r}.')
        _make_dirs_for(path)
        return path

    def _embedded_artifact(self, artifact_class: Any) -> artifacts.Artifact:
        embedded_file = self.func.__globals__.get('__KFP_EMBEDDED_ASSET_FILE')
        embedded_dir = self.func.__globals__.get('__KFP_EMBEDDED_ASSET_DIR')
        if not (embedded_file or embedded_dir):
            raise RuntimeError('EmbeddedInput was specified but the component embeds no files.')
        artifact = (artifact_class if is_artifact_class(artifact_class) else artifacts.Artifact)()
        artifact.path = embedded_file or embedded_dir
        return artifact

    # Outputs ----------------------------------------------------------------------------------------

    def _record_return_value(self, result: Any) -> None:
        if result is None:
            return
        annotation = _resolve(self.signature.return_annotation, self.func)
        if _is_named_tuple(annotation):
            fields = annotation._fields
            if len(result) != len(fields):
                raise RuntimeError(
                    f'Expected {len(fields)} return values from function `{self.func.__name__}`, got {len(result)}'
                )
            field_types = getattr(annotation, '__annotations__', {})
            for index, field in enumerate(fields):
                value = result[index] if type(result) is tuple else getattr(result, field)
                self._record_output(field, field_types.get(field), value)
        elif _is_parameter_annotation(annotation) or is_artifact_class(annotation):
            # A single return value is the output named `Output`.
            self._record_output('Output', annotation, result)
        else:
            raise RuntimeError(
                f'Unknown return type: {annotation}. Must be a parameter type (str, int, float, bool, dict, list), '
                'an artifact class, or a NamedTuple of these.'
            )

    def _record_output(self, name: str, annotation: Any, value: Any) -> None:
        if is_artifact_class(annotation):
            if isinstance(value, artifacts.Artifact) or is_artifact_class(type(value)):
                self.output_artifacts[name] = value
            else:
                # Any other value is the artifact's contents.
                path = self._output_path(name)
                with open(path, 'w') as f:
                    f.write(str(value))
            return
        if not _is_parameter_annotation(annotation):
            raise RuntimeError(f'Unknown type {annotation} of output {name!r}.')
        stripped = strip_optional(annotation)
        if value is None and stripped is not annotation:
            return  # an Optional output that has no value
        expected = typing.get_origin(stripped) or stripped
        accepted = (int, float) if expected is float else expected
        if not isinstance(value, accepted):
            raise ValueError(
                f'Function `{self.func.__name__}` returned value of type {type(value)}; want type {expected}'
            )
        if _is_pydantic_model(expected):
            value = value.model_dump(mode='json', by_alias=True)
        self.parameter_values[name] = value

    def _write_executor_output(self) -> str:
        executor_output: Dict[str, Any] = {}
        if self.parameter_values:
            executor_output['parameterValues'] = self.parameter_values
        if self.output_artifacts:
            executor_output['artifacts'] = {
                name: {'artifacts': [self._runtime_artifact(artifact)]}
                for name, artifact in self.output_artifacts.items()
            }
        text = json.dumps(executor_output)
        _make_dirs_for(self.output_file)
        with open(self.output_file, 'w') as f:
            f.write(text)
        return self.output_file

    @staticmethod
    def _runtime_artifact(artifact: artifacts.Artifact) -> Dict[str, Any]:
        runtime = {'name': artifact.name, 'uri': artifact.uri, 'metadata': artifact.metadata}
        custom_path = getattr(artifact, 'custom_path', '')
        if custom_path:
            runtime['custom_path'] = custom_path
        return runtime
