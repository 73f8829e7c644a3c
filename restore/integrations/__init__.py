"""Plugging restore into distributed engines people already run: Dask and Spark.

``restore.integrations.dask`` and ``restore.integrations.spark`` are imported on demand:
``import restore`` never imports Dask, pandas or PySpark. Each needs its extra
(``pip install 'restore-text[dask]'`` or ``'restore-text[spark]'``).

How the engine ships to workers: a task carries only a :class:`restore.Config` and a
reference to a function of this package (a few hundred bytes pickled). The lexicons and the
language model are loaded by each worker process on its first document and cached for the
life of the process (:func:`restore.batch.warm_up` does it ahead of time).
"""
from __future__ import annotations

import importlib
from types import ModuleType


def require(module: str, extra: str) -> ModuleType:
    """Import ``module`` or fail with the command that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.split(".")[0]
        raise ImportError(
            f"restore.integrations.{extra} needs {top}, which is not installed: "
            f"pip install 'restore-text[{extra}]'"
        ) from exc
