"""pandas batches: the work of one Dask partition or one Arrow batch of a Spark pandas UDF.

Columns use pandas' nullable dtypes ("string", "Float64", "Int64") so that a null text
gives nulls of the right type and a partition's dtypes never depend on its content (Dask
checks results against ``meta``; Spark casts them to the UDF's struct).
"""
from __future__ import annotations

from typing import Callable, Iterable

import pandas as pd

from ..config import Config
from ._rows import RESTORE_FIELDS, SCREEN_FIELDS, restore_row, screen_row

_DTYPES = {str: "string", float: "Float64", int: "Int64"}
# How a screening table is ranked: most spun first; among equal scores, more applied
# spans first; then by id, so that the order (and a top-N cut) is deterministic.
RANK_KEYS = ("spin_score", "n_applied")


def frame(rows: Iterable[dict], fields: dict[str, type], index=None, names: dict[str, str] | None = None) -> pd.DataFrame:
    """Rows (dicts with the keys of ``fields``) as a DataFrame with nullable dtypes."""
    rows = list(rows)
    names = names or {}
    columns = {names.get(f, f): pd.array([r[f] for r in rows], dtype=_DTYPES[kind]) for f, kind in fields.items()}
    return pd.DataFrame(columns, index=index)


def _apply(row_fn: Callable[[object, Config], dict], fields: dict[str, type],
           texts: pd.Series, config: Config, names: dict[str, str] | None = None) -> pd.DataFrame:
    return frame((row_fn(t, config) for t in texts), fields, index=texts.index, names=names)


def restore_frame(texts: pd.Series, config: Config, names: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per text: restored text, spin score, spans JSON, applied count."""
    return _apply(restore_row, RESTORE_FIELDS, texts, config, names)


def screen_frame(texts: pd.Series, config: Config, names: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per text: spin score, applied count, words."""
    return _apply(screen_row, SCREEN_FIELDS, texts, config, names)


def column_names(fields: dict[str, type], prefix: str, existing: Iterable[str]) -> dict[str, str]:
    """Field -> output column ``prefix + field``; refuses to overwrite a column silently."""
    names = {f: f"{prefix}{f}" for f in fields}
    clash = sorted(set(names.values()) & set(existing))
    if clash:
        raise ValueError(f"the table already has column(s) {', '.join(clash)}: pass another prefix=")
    return names


def add_columns(part: pd.DataFrame, column: str, config: Config, names: dict[str, str],
                make: Callable[..., pd.DataFrame]) -> pd.DataFrame:
    """``part`` with the columns ``make`` computes from ``part[column]`` appended."""
    return pd.concat([part, make(part[column], config, names)], axis=1)


def rank(table: pd.DataFrame, id_column: str, top: int | None = None) -> pd.DataFrame:
    """The most-spun rows first (unscored rows, such as unreadable files, last)."""
    keys = [*RANK_KEYS, id_column]
    ordered = table.sort_values(keys, ascending=[False, False, True], na_position="last", kind="mergesort")
    if top is not None:
        ordered = ordered.head(top)
    return ordered.reset_index(drop=True)
