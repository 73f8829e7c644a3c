"""One document in, one row out: what the Dask and Spark integrations compute per text.

Plain Python (no pandas, no Dask, no Spark), so that a Dask bag of records and a pandas
batch (Dask DataFrame partitions, Spark pandas UDFs) share one definition of every column.
"""
from __future__ import annotations

import math
import sys

from ..api import fix
from ..config import Config
from ..formats import spans_json
from ..inputs import InputError, decode, read_path
from ..tokens import word_count

# Column name -> Python type of the value (None stands for a null in every column).
RESTORE_FIELDS: dict[str, type] = {"text": str, "spin_score": float, "spans": str, "n_applied": int}
SCREEN_FIELDS: dict[str, type] = {"spin_score": float, "n_applied": int, "words": int}
# A screened file: where it came from, its scores, and why it could not be read (or None).
FILE_FIELDS: dict[str, type] = {"path": str, **SCREEN_FIELDS, "error": str}


def is_missing(value: object) -> bool:
    """A null as it reaches us from Python (None), pandas (NaN, pd.NA), Parquet or Spark."""
    if value is None:
        return True
    if isinstance(value, str):
        return False
    if isinstance(value, float):
        return math.isnan(value)
    pandas = sys.modules.get("pandas")  # only look for pd.NA when pandas is in use
    return pandas is not None and value is pandas.NA


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"restore expects text (str) or a null, got {type(value).__name__}: {value!r:.60}")
    return value


def restore_row(value: object, config: Config) -> dict:
    """``restore.fix(value, config)`` as a row: restored text, spin score, spans (JSON, the
    report's serialisation) and the number of applied spans. A null gives a row of nulls."""
    if is_missing(value):
        return dict.fromkeys(RESTORE_FIELDS)
    result = fix(_text(value), config)
    return {"text": result.text, "spin_score": result.spin_score,
            "spans": spans_json(result.spans), "n_applied": len(result.applied)}


def screen_row(value: object, config: Config) -> dict:
    """The screening view of one document: spin score, applied spans, words."""
    if is_missing(value):
        return dict.fromkeys(SCREEN_FIELDS)
    text = _text(value)
    result = fix(text, config)
    return {"spin_score": result.spin_score, "n_applied": len(result.applied), "words": word_count(text)}


def _screen_or_error(read, path: str, config: Config) -> dict:
    # One unreadable or binary file becomes a row that says why, as on the command line:
    # a corpus-wide job must not die on one bad file.
    try:
        text = read()
    except InputError as exc:
        return {"path": path, **dict.fromkeys(SCREEN_FIELDS), "error": str(exc)}
    return {"path": path, **screen_row(text, config), "error": None}


def screen_path(path: str, config: Config) -> dict:
    """Screen the file at ``path`` (read where this runs: a shared or local file system)."""
    return _screen_or_error(lambda: read_path(path), str(path), config)


def screen_bytes(data: bytes, path: str, config: Config) -> dict:
    """Screen a file's content already read by the engine (Spark's binaryFile source)."""
    return _screen_or_error(lambda: decode(data, path), path, config)
