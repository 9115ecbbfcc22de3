"""Artifact classes: a name, a URI, metadata, and the local path where the file lives.

KFP mounts remote storage at fixed paths (``gs://b/x`` is read and written at ``/gcs/b/x``). Local runs
use absolute paths as URIs, which are their own path. ``KFP_TS_MOUNT_ROOT`` moves the mount points
under another directory, as the TypeScript runtime does.
"""

import os
from typing import Dict, List, Optional

_REMOTE_MOUNTS = (('gs://', '/gcs/'), ('minio://', '/minio/'), ('s3://', '/s3/'))
_WORKSPACE_ARTIFACTS = '/kfp-workspace/.artifacts'


def _mount_root() -> str:
    return os.environ.get('KFP_TS_MOUNT_ROOT', '').rstrip('/')


def local_path_for_uri(uri: str, metadata: Optional[Dict] = None) -> str:
    """Where the artifact at ``uri`` is on this machine's file system."""
    mounted = None
    for scheme, mount in _REMOTE_MOUNTS:
        if uri.startswith(scheme):
            mounted = mount + uri[len(scheme):]
    if uri.startswith('oci://'):
        mounted = '/oci/' + uri[len('oci://'):].replace('/', '_')
    if mounted is None:
        return uri
    if metadata and metadata.get('_kfp_workspace') is True:
        return _mount_root() + _WORKSPACE_ARTIFACTS + '/' + mounted.lstrip('/')
    return _mount_root() + mounted


def uri_for_local_path(path: str) -> str:
    """The URI of a file written at ``path`` (the inverse of :func:`local_path_for_uri`)."""
    root = _mount_root()
    if root and not path.startswith(root + '/'):
        return path
    inside = path[len(root):]
    for scheme, mount in _REMOTE_MOUNTS:
        if inside.startswith(mount):
            return scheme + inside[len(mount):]
    return path


class Artifact:
    """Any artifact; the base of the typed ones below."""

    schema_title = 'system.Artifact'
    schema_version = '0.0.1'

    def __init__(self, name: Optional[str] = None, uri: Optional[str] = None, metadata: Optional[Dict] = None):
        self.name = name or ''
        self.uri = uri or ''
        self.metadata = metadata or {}
        self.custom_path = ''

    @property
    def path(self) -> str:
        if self.custom_path:
            return self.custom_path
        return local_path_for_uri(self.uri, self.metadata)

    @path.setter
    def path(self, path: str) -> None:
        self.uri = uri_for_local_path(path)

    def set_path(self, path: str) -> None:
        """Keeps the artifact at ``path`` instead of the path its URI maps to."""
        self.custom_path = path

    def __repr__(self) -> str:
        return f'{type(self).__name__}(name={self.name!r}, uri={self.uri!r}, metadata={self.metadata!r})'


class Model(Artifact):
    schema_title = 'system.Model'

    @property
    def path(self) -> str:
        base = Artifact.path.fget(self)
        # A model image keeps its files under /models.
        return base + '/models' if self.uri.startswith('oci://') and not self.custom_path else base

    @path.setter
    def path(self, path: str) -> None:
        self.uri = uri_for_local_path(path)

    @property
    def framework(self) -> str:
        return self.metadata.get('framework', '')

    @framework.setter
    def framework(self, framework: str) -> None:
        self.metadata['framework'] = framework


class Dataset(Artifact):
    schema_title = 'system.Dataset'


class HTML(Artifact):
    schema_title = 'system.HTML'


class Markdown(Artifact):
    schema_title = 'system.Markdown'


class Metrics(Artifact):
    """Scalar metrics, kept in the artifact's metadata."""

    schema_title = 'system.Metrics'

    def log_metric(self, metric: str, value: float) -> None:
        self.metadata[metric] = value


class ClassificationMetrics(Artifact):
    """An ROC curve and a confusion matrix, in the metadata layout the KFP UI draws."""

    schema_title = 'system.ClassificationMetrics'

    def log_roc_data_point(self, fpr: float, tpr: float, threshold: float) -> None:
        point = {'confidenceThreshold': threshold, 'recall': tpr, 'falsePositiveRate': fpr}
        self.metadata.setdefault('confidenceMetrics', []).append(point)

    def log_roc_curve(self, fpr: List[float], tpr: List[float], threshold: List[float]) -> None:
        if not len(fpr) == len(tpr) == len(threshold):
            raise ValueError(
                f'fpr, tpr and threshold must have the same length, got {len(fpr)}, {len(tpr)} and {len(threshold)}'
            )
        for point in zip(fpr, tpr, threshold):
            self.log_roc_data_point(*point)

    def set_confusion_matrix_categories(self, categories: List[str]) -> None:
        self._categories = list(categories)
        self.metadata['confusionMatrix'] = {
            'annotationSpecs': [{'displayName': c} for c in self._categories],
            'rows': [{'row': [0] * len(self._categories)} for _ in self._categories],
        }

    def _category_index(self, category: str) -> int:
        categories = getattr(self, '_categories', [])
        if category not in categories:
            raise ValueError(f'Invalid category: {category} passed. Expected one of: {categories}')
        return categories.index(category)

    def log_confusion_matrix_row(self, row_category: str, row: List[float]) -> None:
        index = self._category_index(row_category)
        if len(row) != len(self._categories):
            raise ValueError(f'Invalid row. Expected size: {len(self._categories)} got: {len(row)}')
        self.metadata['confusionMatrix']['rows'][index] = {'row': list(row)}

    def log_confusion_matrix_cell(self, row_category: str, col_category: str, value: int) -> None:
        row = self._category_index(row_category)
        col = self._category_index(col_category)
        self.metadata['confusionMatrix']['rows'][row]['row'][col] = value

    def log_confusion_matrix(self, categories: List[str], matrix: List[List[int]]) -> None:
        if len(matrix) != len(categories) or any(len(row) != len(categories) for row in matrix):
            raise ValueError(f'Invalid matrix: {matrix} passed for categories: {categories}')
        self.set_confusion_matrix_categories(categories)
        for category, row in zip(categories, matrix):
            self.log_confusion_matrix_row(category, row)


class SlicedClassificationMetrics(Artifact):
    """Classification metrics per slice of the data, kept as ``evaluationSlices`` in the metadata."""

    schema_title = 'system.SlicedClassificationMetrics'

    def _slice(self, name: str) -> ClassificationMetrics:
        slices = self.__dict__.setdefault('_slices', {})
        if name not in slices:
            slices[name] = ClassificationMetrics()
        return slices[name]

    def _publish(self) -> None:
        self.metadata['evaluationSlices'] = [
            {'slice': name, 'sliceClassificationMetrics': metrics.metadata} for name, metrics in self._slices.items()
        ]

    def log_roc_reading(self, slice: str, threshold: float, tpr: float, fpr: float) -> None:
        self._slice(slice).log_roc_data_point(fpr=fpr, tpr=tpr, threshold=threshold)
        self._publish()

    def load_roc_readings(self, slice: str, readings: List[List[float]]) -> None:
        for threshold, tpr, fpr in readings:
            self._slice(slice).log_roc_data_point(fpr=fpr, tpr=tpr, threshold=threshold)
        self._publish()

    def set_confusion_matrix_categories(self, slice: str, categories: List[str]) -> None:
        self._slice(slice).set_confusion_matrix_categories(categories)
        self._publish()

    def log_confusion_matrix_row(self, slice: str, row_category: str, row: List[int]) -> None:
        self._slice(slice).log_confusion_matrix_row(row_category, row)
        self._publish()

    def log_confusion_matrix_cell(self, slice: str, row_category: str, col_category: str, value: int) -> None:
        self._slice(slice).log_confusion_matrix_cell(row_category, col_category, value)
        self._publish()

    def load_confusion_matrix(self, slice: str, categories: List[str], matrix: List[List[int]]) -> None:
        self._slice(slice).log_confusion_matrix(categories, matrix)
        self._publish()


ARTIFACT_CLASSES = {
    cls.schema_title: cls
    for cls in (Artifact, Model, Dataset, HTML, Markdown, Metrics, ClassificationMetrics, SlicedClassificationMetrics)
}

# The folder of the running task's executor output, set by the executor; `get_uri` builds on it.
task_root: Optional[str] = None


def get_uri(suffix: str = 'Output') -> str:
    """A URI unique to the running task, for artifacts a function creates and returns."""
    if task_root is None:
        raise RuntimeError("'dsl.get_uri' can only be called while a component runs.")
    return uri_for_local_path(task_root).rstrip('/') + '/' + suffix
