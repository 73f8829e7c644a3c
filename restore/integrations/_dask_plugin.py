"""The Dask worker plugin of :func:`restore.integrations.dask.warm_workers` (apart, because
it needs ``distributed``, which plain Dask collections on the local scheduler do not)."""
from __future__ import annotations

from distributed import WorkerPlugin

from ..batch import warm_up
from ..config import Config


class WarmUp(WorkerPlugin):
    """Loads the engine's data (lexicons, language model) as soon as a worker starts."""

    name = "restore-warm-up"

    def __init__(self, config: Config) -> None:
        self.config = config

    def setup(self, worker) -> None:
        warm_up(self.config)
