"""restore on Dask: bags of texts, text columns of DataFrames, folders of files.

Needs ``pip install 'restore-text[dask]'``. Every function here only builds a lazy Dask
collection; nothing runs until you ``.compute()`` (or persist, or write) it. Results are
exactly ``restore.fix(text, config)`` for every text; a null text gives nulls.

    >>> import dask.dataframe as dd
    >>> from restore.integrations import dask as rdask
    >>> df = dd.read_parquet("crawl/", columns=["url", "text"])
    >>> out = rdask.restore_column(df, "text")          # + restore_text, restore_spin_score, ...
    >>> top = rdask.top_spun(rdask.screen_column(df, "text"), id_column="url", top=20)

What ships to the workers is a :class:`restore.Config` and a reference to a function of
this package; each worker process loads the lexicons and the language model on its first
document (about a second and a half) and keeps them. :func:`warm_workers` does that as
soon as a worker starts.
"""
from __future__ import annotations

import os
from typing import Iterable

from . import require

dask_bag = require("dask.bag", "dask")
dask_dataframe = require("dask.dataframe", "dask")
pd = require("pandas", "dask")

from ..api import _config  # noqa: E402  (after the dependency check, for its clear message)
from ..batch import DEFAULT_INCLUDE, expand_inputs  # noqa: E402
from ..config import Config  # noqa: E402
from ._frames import add_columns, column_names, frame, rank, restore_frame, screen_frame  # noqa: E402
from ._rows import FILE_FIELDS, RESTORE_FIELDS, SCREEN_FIELDS, restore_row, screen_path  # noqa: E402

__all__ = ["restore_bag", "restore_column", "screen_column", "screen_files", "top_spun", "warm_workers"]


def restore_bag(bag: "dask_bag.Bag", config: Config | None = None, **options) -> "dask_bag.Bag":
    """Restore a bag of texts: a bag of dicts ``{text, spin_score, spans, n_applied}``.

    ``text`` is the restored text, ``spans`` every finding as a JSON array (the report's
    serialisation: :func:`restore.formats.spans_from_json` reads it back), ``n_applied``
    the number of spans applied. Options as for :func:`restore.fix`.
    """
    return bag.map(restore_row, config=_config(config, options))


def _with(df, column: str, config: Config, prefix: str, fields: dict, make):
    if column not in df.columns:
        raise KeyError(f"no column {column!r} in the DataFrame (columns: {', '.join(map(str, df.columns))})")
    names = column_names(fields, prefix, df.columns)
    meta = pd.concat([df._meta, frame([], fields, df._meta.index, names)], axis=1)
    return df.map_partitions(add_columns, column, config, names, make, meta=meta)


def restore_column(df: "dask_dataframe.DataFrame", column: str, config: Config | None = None,
                   prefix: str = "restore_", **options) -> "dask_dataframe.DataFrame":
    """``df`` with four columns computed from the text column ``column``:
    ``<prefix>text`` (restored), ``<prefix>spin_score``, ``<prefix>spans`` (JSON) and
    ``<prefix>n_applied``. Partitions stay as they are: each is restored by one task."""
    return _with(df, column, _config(config, options), prefix, RESTORE_FIELDS, restore_frame)


def screen_column(df: "dask_dataframe.DataFrame", column: str, config: Config | None = None,
                  prefix: str = "", **options) -> "dask_dataframe.DataFrame":
    """``df`` with ``spin_score``, ``n_applied`` and ``words`` for the text column
    ``column`` (the restored text is not kept: a screening table stays small)."""
    return _with(df, column, _config(config, options), prefix, SCREEN_FIELDS, screen_frame)


def screen_files(paths: str | Iterable[str], config: Config | None = None, include: tuple[str, ...] = DEFAULT_INCLUDE,
                 npartitions: int | None = None, **options) -> "dask_dataframe.DataFrame":
    """A screening table of files: ``path, spin_score, n_applied, words, error``.

    ``paths`` are files, directories (searched recursively for ``include`` patterns) or
    quoted globs, expanded here as the command line does; the workers read the files, so
    they must see the same file system. A file that cannot be read or decoded gets a row
    with its ``error`` and no scores. ``npartitions`` defaults to four per worker thread of
    the current client, and at most about 1,000 files a task.
    """
    items = expand_inputs([paths] if isinstance(paths, str) else list(paths), include)
    names = [str(item.path) if item.path is not None else item.name for item in items]
    if not names:
        raise FileNotFoundError(f"no file to screen in {paths!r}")
    npartitions = npartitions or _file_partitions(len(names))
    meta = frame([], FILE_FIELDS)
    bag = dask_bag.from_sequence(names, npartitions=npartitions)
    return bag.map(screen_path, config=_config(config, options)).to_dataframe(meta=meta)


def _file_partitions(n_files: int) -> int:
    # Four partitions per core keep every core busy to the end; past that, ~1,000 files
    # a task (a few seconds of work) keep the scheduler's task count modest.
    try:
        from distributed import default_client

        cores = sum(default_client().nthreads().values())
    except (ImportError, ValueError):  # no distributed, or no client: the local scheduler
        cores = os.cpu_count() or 1
    return max(1, min(n_files, max(4 * cores, -(-n_files // 1000))))


def _top_of_partition(part, id_column: str, top: int | None):
    return rank(part, id_column, top)


def top_spun(table: "dask_dataframe.DataFrame", id_column: str = "path", top: int | None = 100) -> "pd.DataFrame":
    """The ``top`` most-spun rows of a screening table, ranked (computes; a pandas DataFrame).

    Ranking: spin score, then applied spans (both descending), then ``id_column``. Each
    partition keeps only its own top rows, so only ``top`` rows per partition travel back.
    """
    for needed in ("spin_score", "n_applied", id_column):
        if needed not in table.columns:
            raise KeyError(f"no column {needed!r} in the table: screen it first (screen_column or screen_files)")
    heads = table.map_partitions(_top_of_partition, id_column, top, meta=table._meta)
    return rank(heads.compute(), id_column, top)


def warm_workers(client, config: Config | None = None, **options) -> None:
    """Load the lexicons and the language model on every worker of ``client`` now, and on
    every worker that joins later, so that no task pays for it (optional: a worker that
    was not warmed loads them on its first document)."""
    require("distributed", "dask")
    from ._dask_plugin import WarmUp

    client.register_plugin(WarmUp(_config(config, options)), name=WarmUp.name)
