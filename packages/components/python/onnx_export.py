# ONNX export of a segmentation UNet checkpoint, for Triton's ONNX Runtime backend.
#
# This file is the source of a Python function component (see src/onnx/export-component.ts). Only the text
# from the first `def` on is embedded in the component: these comments are left out, so the imports and
# helpers the function needs come after it, at module level. The KFP program prepends
# `from kfp.dsl import *` and `from typing import *`, which provide the annotations of `export_onnx`.


def export_onnx(
    checkpoint: Input[Model],
    onnx_model: Output[Model],
    reference_samples: Output[Artifact],
    architecture: str = 'unet',
    architecture_args: Optional[dict] = None,
    image_size: int = 352,
    opset: int = 17,
    seed: int = 0,
):
    """Exports a PyTorch segmentation checkpoint to ONNX and saves reference outputs for validation.

    The model has one input `input` [N,3,H,W] and one output `output` [N,1,H,W] (logits), with batch,
    height and width dynamic. `architecture` is `unet` (the built-in UNet; `architecture_args` may set
    `base_channels`, `depth`, `num_classes`, `input_channels`) or `package.module:ClassName`, a model
    class importable in the image, constructed with `architecture_args` as keyword arguments.

    `reference_samples` becomes a folder of `<name>.input.npy` and `<name>.output.npy` files: seeded
    random inputs and what PyTorch computed for them, for comparison with ONNX Runtime.
    """
    metadata, sample_names = export_checkpoint(
        checkpoint_path=checkpoint.path,
        onnx_path=onnx_model.path,
        samples_dir=reference_samples.path,
        architecture=architecture,
        architecture_args=architecture_args or {},
        image_size=image_size,
        opset=opset,
        seed=seed,
    )
    onnx_model.metadata.update(metadata)
    reference_samples.metadata.update({
        'format': 'npy',
        'samples': sample_names,
        'files': '<name>.input.npy, <name>.output.npy',
        'seed': seed,
    })


# Module-level code from here on is embedded after the function and runs when the program is imported.
import importlib
import inspect
import os

import numpy as np
import torch
from torch import nn

INPUT_NAME = 'input'
OUTPUT_NAME = 'output'
DYNAMIC_AXES = {0: 'batch', 2: 'height', 3: 'width'}
# Input sizes a model class from the image is assumed to accept: multiples of 32, as in training.
DEFAULT_SIZE_MULTIPLE = 32


def export_checkpoint(checkpoint_path, onnx_path, samples_dir, architecture, architecture_args, image_size, opset, seed):
    """Loads the checkpoint, exports it, saves the samples; returns the model metadata and the sample names."""
    model, size_multiple = build_model(architecture, architecture_args)
    state_dict = read_state_dict(checkpoint_path)
    load_weights(model, state_dict, architecture)
    model.eval()
    if image_size <= 0 or image_size % size_multiple != 0:
        raise ValueError(f'image_size {image_size} must be a positive multiple of {size_multiple} for this architecture')

    dynamic_axes = {INPUT_NAME: DYNAMIC_AXES, OUTPUT_NAME: DYNAMIC_AXES}
    example = torch.randn(1, 3, image_size, image_size, generator=torch.Generator().manual_seed(seed))
    with torch.no_grad():
        output = forward(model, example)
    if output.dim() != 4 or output.shape[1] != 1:
        raise ValueError(f'the model output has shape {list(output.shape)} for input {list(example.shape)}; expected [N,1,H,W]')

    os.makedirs(os.path.dirname(os.path.abspath(onnx_path)), exist_ok=True)
    options = {}
    if 'dynamo' in inspect.signature(torch.onnx.export).parameters:
        # The TorchScript exporter takes `dynamic_axes` as they are; newer releases default to another one.
        options['dynamo'] = False
    torch.onnx.export(
        model,
        example,
        onnx_path,
        input_names=[INPUT_NAME],
        output_names=[OUTPUT_NAME],
        dynamic_axes=dynamic_axes,
        opset_version=opset,
        do_constant_folding=True,
        **options,
    )
    print(f'exported {checkpoint_path} ({architecture}) to {onnx_path} with opset {opset}')

    sample_names = save_reference_samples(model, samples_dir, image_size, size_multiple, seed)
    metadata = {
        'format': 'onnx',
        'opset': opset,
        'input_name': INPUT_NAME,
        'output_name': OUTPUT_NAME,
        'input_shape': ['batch', 3, 'height', 'width'],
        'output_shape': ['batch', 1, 'height', 'width'],
        'dynamic_axes': ['batch', 'height', 'width'],
        'output_activation': 'logits',
        'export_image_size': image_size,
        'size_multiple': size_multiple,
        'architecture': architecture,
        'architecture_args': architecture_args,
        'parameters': sum(p.numel() for p in model.parameters()),
        'torch_version': torch.__version__,
    }
    metadata.update(check_onnx_file(onnx_path))
    return metadata, sample_names


class ConvBlock(nn.Module):
    """Two 3x3 convolutions, each followed by batch normalization and ReLU."""

    def __init__(self, in_channels, mid_channels, out_channels):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, mid_channels, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(mid_channels)
        self.conv2 = nn.Conv2d(mid_channels, out_channels, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(out_channels)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(self.bn2(self.conv2(x)))


class UNet(nn.Module):
    """A UNet with `depth` poolings; level i has `base_channels * 2**i` channels.

    Blocks are named `conv<level>_0` on the way down and `conv<level>_<depth - level>` on the way up,
    then `final` (a 1x1 convolution), so that with the defaults (32 channels, depth 4, one class) the
    state dict has the keys of the polyp training code's UNet and its checkpoints load as they are.
    Decoder blocks take the skip connection concatenated with the bilinearly upsampled lower level.
    """

    def __init__(self, num_classes=1, input_channels=3, base_channels=32, depth=4):
        super().__init__()
        if depth < 1 or base_channels < 1:
            raise ValueError(f'UNet needs depth >= 1 and base_channels >= 1, got depth={depth}, base_channels={base_channels}')
        self.depth = depth
        widths = [base_channels * 2 ** level for level in range(depth + 1)]
        self.pool = nn.MaxPool2d(2, 2)
        self.up = nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)
        for level in range(depth + 1):
            incoming = input_channels if level == 0 else widths[level - 1]
            setattr(self, f'conv{level}_0', ConvBlock(incoming, widths[level], widths[level]))
        for level in reversed(range(depth)):
            setattr(self, f'conv{level}_{depth - level}', ConvBlock(widths[level] + widths[level + 1], widths[level], widths[level]))
        self.final = nn.Conv2d(widths[0], num_classes, kernel_size=1)

    def forward(self, x):
        skips = []
        for level in range(self.depth + 1):
            x = getattr(self, f'conv{level}_0')(x if level == 0 else self.pool(x))
            skips.append(x)
        x = skips.pop()
        for level in reversed(range(self.depth)):
            x = getattr(self, f'conv{level}_{self.depth - level}')(torch.cat([skips[level], self.up(x)], 1))
        return self.final(x)


BUILT_IN_ARCHITECTURES = {'unet': UNet}


def build_model(architecture, architecture_args):
    """The model named by `architecture`, and the multiple its input height and width must be of."""
    if not isinstance(architecture_args, dict):
        raise ValueError(f'architecture_args must be a JSON object, got {architecture_args!r}')
    if architecture in BUILT_IN_ARCHITECTURES:
        model_class = BUILT_IN_ARCHITECTURES[architecture]
    elif ':' in architecture:
        module_name, _, class_name = architecture.partition(':')
        try:
            model_class = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError) as error:
            raise ValueError(f"architecture '{architecture}' cannot be imported: {error}") from error
    else:
        known = ', '.join(sorted(BUILT_IN_ARCHITECTURES))
        raise ValueError(f"unknown architecture '{architecture}': use one of {known} or 'package.module:ClassName'")

    accepted = inspect.signature(model_class).parameters
    takes_any = any(p.kind == inspect.Parameter.VAR_KEYWORD for p in accepted.values())
    unknown = [name for name in architecture_args if name not in accepted and not takes_any]
    if unknown:
        raise ValueError(f"architecture '{architecture}' takes no argument(s) {', '.join(unknown)}; it takes {', '.join(accepted)}")
    model = model_class(**architecture_args)
    size_multiple = 2 ** model.depth if isinstance(model, UNet) else DEFAULT_SIZE_MULTIPLE
    return model, size_multiple


def read_state_dict(path):
    """The state dict in a checkpoint file (or the one checkpoint file of a folder), unwrapped."""
    if os.path.isdir(path):
        found = sorted(name for name in os.listdir(path) if name.endswith(('.pt', '.pth', '.ckpt')))
        if len(found) != 1:
            raise ValueError(f'checkpoint folder {path} must hold exactly one .pt, .pth or .ckpt file, found {found or "none"}')
        path = os.path.join(path, found[0])
    try:
        payload = torch.load(path, map_location='cpu', weights_only=True)
    except TypeError:
        # Releases before 1.13 have no `weights_only`.
        payload = torch.load(path, map_location='cpu')
    # Training scripts often save {'state_dict': ...} or {'model_state_dict': ...} with optimizer state beside it.
    for key in ('state_dict', 'model_state_dict', 'model'):
        if isinstance(payload, dict) and isinstance(payload.get(key), dict):
            payload = payload[key]
            break
    if not isinstance(payload, dict) or not all(torch.is_tensor(v) for v in payload.values()):
        raise ValueError(f'{path} does not hold a state dict (a mapping of parameter names to tensors)')
    # DistributedDataParallel (Ray Train) and torch.compile prefix every key.
    for prefix in ('module.', '_orig_mod.'):
        if payload and all(key.startswith(prefix) for key in payload):
            payload = {key[len(prefix):]: value for key, value in payload.items()}
    return payload


def load_weights(model, state_dict, architecture):
    """Loads every weight, or names what does not fit the architecture."""
    expected = model.state_dict()
    missing = [key for key in expected if key not in state_dict]
    unexpected = [key for key in state_dict if key not in expected]
    mismatched = [
        f'{key} {list(state_dict[key].shape)} vs {list(value.shape)}'
        for key, value in expected.items()
        if key in state_dict and state_dict[key].shape != value.shape
    ]
    if missing or unexpected or mismatched:
        parts = []
        for label, keys in (('missing', missing), ('unexpected', unexpected), ('wrong shape (checkpoint vs model)', mismatched)):
            if keys:
                more = f' and {len(keys) - 5} more' if len(keys) > 5 else ''
                parts.append(f"{label}: {', '.join(keys[:5])}{more}")
        raise ValueError(f"the checkpoint does not fit architecture '{architecture}': " + '; '.join(parts))
    model.load_state_dict(state_dict)


def forward(model, batch):
    """The model's output for `batch`, which must be one tensor."""
    output = model(batch)
    if not torch.is_tensor(output):
        raise ValueError(f'the model returns {type(output).__name__}; the export needs a single tensor [N,1,H,W]')
    return output


def save_reference_samples(model, samples_dir, image_size, size_multiple, seed):
    """Seeded inputs of several batch sizes and shapes, with the PyTorch outputs for them."""
    shapes = {
        'square': (1, 3, image_size, image_size),
        'batch': (2, 3, image_size, image_size),
        'wide': (1, 3, image_size, image_size + 2 * size_multiple),
    }
    os.makedirs(samples_dir, exist_ok=True)
    generator = torch.Generator().manual_seed(seed + 1)
    for name, shape in shapes.items():
        sample = torch.randn(*shape, generator=generator)
        with torch.no_grad():
            output = forward(model, sample)
        np.save(os.path.join(samples_dir, f'{name}.input.npy'), np.ascontiguousarray(sample.numpy(), dtype='<f4'))
        np.save(os.path.join(samples_dir, f'{name}.output.npy'), np.ascontiguousarray(output.numpy(), dtype='<f4'))
    return list(shapes)


def check_onnx_file(onnx_path):
    """Runs the ONNX checker when the `onnx` package is installed; returns what it read."""
    try:
        import onnx
    except ImportError:
        print('onnx is not installed: the ONNX checker was not run')
        return {'onnx_checked': False}
    model = onnx.load(onnx_path)
    onnx.checker.check_model(model)
    opsets = {entry.domain or 'ai.onnx': entry.version for entry in model.opset_import}
    return {
        'onnx_checked': True,
        'onnx_version': onnx.__version__,
        'ir_version': model.ir_version,
        'opset_imports': opsets,
    }
