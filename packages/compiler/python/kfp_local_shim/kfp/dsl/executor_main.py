"""``python -m kfp.dsl.executor_main``: loads the component module and runs its function.

Arguments as in a compiled component: ``--component_module_path <file.py> --executor_input <json>
--function_to_execute <name>``; unknown arguments are ignored, as the KFP executor does.
"""

import argparse
import importlib.util
import json
import os
import sys

from kfp.dsl.executor import Executor


def _load_module(path: str):
    name = os.path.splitext(os.path.basename(path))[0]
    # The component's own folder comes first, so modules beside it import.
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f'Cannot load the component module {path}')
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description='Runs a Python function component.')
    parser.add_argument('--component_module_path', required=True, help='The .py file defining the function.')
    parser.add_argument('--executor_input', required=True, help='The ExecutorInput JSON.')
    parser.add_argument('--function_to_execute', required=True, help='The function to call.')
    args, _ = parser.parse_known_args()

    module = _load_module(args.component_module_path)
    func = getattr(module, args.function_to_execute, None)
    if func is None:
        raise AttributeError(f'{args.component_module_path} defines no function {args.function_to_execute!r}')
    Executor(json.loads(args.executor_input), func).execute()


if __name__ == '__main__':
    main()
