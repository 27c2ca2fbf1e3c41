"""Benchmark stance models and baselines: ``python evaluate.py --help``.

All the code is in :mod:`stance.benchmark` (``stance benchmark`` runs the same command).

This file shares its name with Hugging Face's ``evaluate`` package, which the project's
metrics use. When the repository root is on ``sys.path`` (``python -c ...`` or
``python -m pytest`` run from here), ``import evaluate`` finds this file first; so, when it
is imported under the name ``evaluate``, it loads the real package from the rest of
``sys.path`` and puts it in its own place in ``sys.modules``: ``import evaluate`` always
gives the package, never this script. Run as a script, it moves its own folder to the end of
``sys.path`` before importing anything else.
"""

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))


def _is_here(entry: str) -> bool:
    return os.path.abspath(entry or os.curdir) == _HERE


def _load_real_package() -> None:
    import importlib.machinery
    import importlib.util

    search = [entry for entry in sys.path if not _is_here(entry)]
    spec = importlib.machinery.PathFinder.find_spec(__name__, search)
    if spec is None or spec.loader is None:
        raise ImportError(
            f"{__file__} is the stance benchmark script, not the 'evaluate' package, which is not installed "
            "(pip install evaluate)"
        )
    module = importlib.util.module_from_spec(spec)
    sys.modules[__name__] = module  # the import statement returns what sys.modules holds after this file runs
    spec.loader.exec_module(module)


if __name__ == "__main__":
    sys.path[:] = [entry for entry in sys.path if not _is_here(entry)] + [_HERE]
    from stance.benchmark.cli import main

    sys.exit(main())
elif __name__ == "evaluate":
    _load_real_package()
