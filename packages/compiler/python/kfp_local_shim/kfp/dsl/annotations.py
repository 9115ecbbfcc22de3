"""The annotations that tell the executor what a function parameter receives.

``Input[Dataset]`` / ``Output[Model]`` mark artifacts, ``EmbeddedInput[Dataset]`` the files embedded in
the component, ``InputPath(...)`` / ``OutputPath(...)`` a path instead of an object.
"""

import typing
from typing import Any, Optional, Tuple

try:
    from typing import Annotated
except ImportError:  # Python 3.8
    from typing_extensions import Annotated


class _Marker:
    def __init__(self, role: str):
        self.role = role

    def __repr__(self) -> str:
        return f'<{self.role} artifact>'


INPUT = _Marker('input')
OUTPUT = _Marker('output')
EMBEDDED = _Marker('embedded')


class Input:
    """``Input[T]``: an input artifact of class ``T`` (or ``Input[List[T]]`` for a list of them)."""

    def __class_getitem__(cls, artifact_class):
        return Annotated[artifact_class, INPUT]


class Output:
    """``Output[T]``: an output artifact of class ``T``, to write at its ``path``."""

    def __class_getitem__(cls, artifact_class):
        return Annotated[artifact_class, OUTPUT]


class EmbeddedInput:
    """``EmbeddedInput[T]``: the file or folder embedded in the component, as an artifact."""

    def __class_getitem__(cls, artifact_class):
        return Annotated[artifact_class, EMBEDDED]


class InputPath:
    """The local path of an input artifact, instead of the artifact object."""

    def __init__(self, type: Any = None):
        self.type = type

    def __eq__(self, other) -> bool:
        return isinstance(other, InputPath) and self.type == other.type

    def __hash__(self) -> int:
        return hash(('InputPath', repr(self.type)))


class OutputPath:
    """The local path to write an output (a parameter's value or an artifact's file) to."""

    def __init__(self, type: Any = None):
        self.type = type

    def __eq__(self, other) -> bool:
        return isinstance(other, OutputPath) and self.type == other.type

    def __hash__(self) -> int:
        return hash(('OutputPath', repr(self.type)))


def strip_optional(annotation: Any) -> Any:
    """``Optional[X]`` (or ``X | None``) → ``X``; anything else unchanged."""
    args = typing.get_args(annotation)
    union_types = [typing.Union]
    try:
        import types

        union_types.append(types.UnionType)
    except AttributeError:  # before Python 3.10
        pass
    if typing.get_origin(annotation) in union_types and len(args) == 2 and type(None) in args:
        return args[0] if args[1] is type(None) else args[1]
    return annotation


def artifact_role(annotation: Any) -> Tuple[Optional[str], Any]:
    """``('input' | 'output' | 'embedded', inner)`` for a marked annotation, else ``(None, annotation)``."""
    if typing.get_origin(annotation) is Annotated:
        for marker in getattr(annotation, '__metadata__', ()):
            if isinstance(marker, _Marker):
                return marker.role, typing.get_args(annotation)[0]
    return None, annotation


def is_artifact_class(value: Any) -> bool:
    return isinstance(value, type) and hasattr(value, 'schema_title') and hasattr(value, 'schema_version')


def list_item(annotation: Any) -> Any:
    """The item type of ``List[X]`` / ``list[X]``, or ``None`` when ``annotation`` is not such a list."""
    if typing.get_origin(annotation) is list:
        args = typing.get_args(annotation)
        return args[0] if args else None
    return None
