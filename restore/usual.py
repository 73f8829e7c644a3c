"""How much the language model usually prefers an original where the found words are genuine.

The n-gram model's log-ratio (context with the original minus context as found) is not
centred on zero for text nobody spun. A shorter original scores better almost everywhere
("were" for "have been": +1.1 nats on average in clean prose, +2.2 for "had been"), and a
frequent original beats a rarer found word in most contexts. Read raw, such a ratio makes
every genuine "had been" look spun. ``lexicons/model/lm_usual.tsv`` (made by
``scripts/build_lm_usual.py`` from clean prose that the scoring fit does not read as clean
rows) holds, for each (found, original) pair seen there, the mean log-ratio over its
genuine occurrences, shrunk toward zero for rarely seen pairs. The engine offers it as the
feature ``lm_usual``, and the fitted weight decides how much of the ratio is this habit
rather than evidence from the context.
"""
from __future__ import annotations

import threading

from ._data import data_dir
from .tokens import fold

__all__ = ["usual_ratio", "pair_key", "TABLE_NAME"]

TABLE_NAME = "lm_usual.tsv"

_LOCK = threading.Lock()
_TABLE: dict[tuple[str, str], float] | None = None


def _load() -> dict[tuple[str, str], float]:
    path = data_dir() / "model" / TABLE_NAME
    table: dict[tuple[str, str], float] = {}
    if not path.exists():
        return table  # an older install: the feature is 0 everywhere, as before
    with path.open(encoding="utf-8") as fh:
        header_seen = False
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            if not header_seen:
                header_seen = True  # found, original, n, usual
                continue
            found, original, _n, usual = line.rstrip("\n").split("\t")
            table[(found, original)] = float(usual)
    return table


def pair_key(found: str, original: str) -> tuple[str, str]:
    """The table's key: folded, with any run of whitespace (a line break inside a found
    phrase) read as one space."""
    return " ".join(fold(found).split()), " ".join(fold(original).split())


def usual_ratio(found: str, original: str) -> float:
    """The shrunk mean log-ratio of (found -> original) over genuine text; 0 when unseen."""
    global _TABLE
    if _TABLE is None:
        with _LOCK:
            if _TABLE is None:
                _TABLE = _load()
    return _TABLE.get(pair_key(found, original), 0.0)
