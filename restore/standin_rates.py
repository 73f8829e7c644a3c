"""How often words the engine flags were really a stand-in, as gold-restored spun text shows.

Most words of a spun article are the writer's own, and many of them are words a spinner
also produces: "officers", "final", "simple", "have been". The lexicon cannot tell from one
occurrence whether such a word is a swap. The gold documents (the seed, and the articles
spun by hand in its style) can say how it usually goes: of the places where the engine
flagged these words in gold spun text, how many were marked as swaps and how many were the
writer's own words left alone. ``lexicons/model/standin_rates.tsv`` holds those counts,
made by ``scripts/fit_standin_rates.py``.

For flagged words seen ``m`` times marked and ``u`` times unmarked, the rate is
``log(1 + m) - log(1 + u)``, clipped to +-``CLIP``, and the feature is that rate minus its
average over all flagged occurrences of the table: above 0 where the words were more often
a swap than flagged words are on average ("befell", "essentially the most"), below 0 where
they were more often the writer's own ("officers", "simple"), and 0 for words never flagged
in the gold, which are taken to be average. (Shrinking the counts of rarely seen forms
towards the average did worse on articles the counts were not made from.)

The engine moves a finding's confidence by it in log-odds, times the weight ``standin`` of the scoring model. The counts
come from spun documents, so the move is made to the confidence that the finding is right if
the document is spun, before the document's spin score scales it. It applies to the shipped
tables and curated entries only (a user's own entries speak for their own text), and never
to tortured or composed phrases, which the gold has too few of.
"""
from __future__ import annotations

import math
import threading

from ._data import data_dir, tsv_rows
from .tokens import fold

__all__ = ["standin_rate", "standin_counts", "standin_key", "use_counts", "TABLE_NAME", "CLIP"]

TABLE_NAME = "standin_rates.tsv"

# Counts of a few dozen marks say "usually a swap" or "usually not", not how far; beyond
# e**2 to 1 either way, more evidence only says the same more loudly.
CLIP = 2.0


def _rate(marked: int, unmarked: int) -> float:
    return max(-CLIP, min(CLIP, math.log1p(marked) - math.log1p(unmarked)))


class _Table:
    def __init__(self, counts: dict[str, tuple[int, int]]):
        self.counts = counts
        flagged = sum(m + u for m, u in counts.values())
        # The average rate of a flagged occurrence: what a form never flagged is taken to have.
        self.centre = sum((m + u) * _rate(m, u) for m, u in counts.values()) / flagged if flagged else 0.0


_LOCK = threading.Lock()
_TABLE: _Table | None = None


def _load() -> _Table:
    path = data_dir() / "model" / TABLE_NAME
    counts: dict[str, tuple[int, int]] = {}
    if not path.exists():
        return _Table(counts)  # an older install: the feature is 0 everywhere
    for found, marked, unmarked in tsv_rows(path):
        counts[found] = (int(marked), int(unmarked))
    return _Table(counts)


def use_counts(counts: dict[str, tuple[int, int]] | None) -> None:
    """Use these counts in place of the shipped table (None: the shipped table again); for
    measuring the feature on articles its counts were not made from."""
    global _TABLE
    with _LOCK:
        _TABLE = None if counts is None else _Table(counts)


def _table() -> _Table:
    global _TABLE
    if _TABLE is None:
        with _LOCK:
            if _TABLE is None:
                _TABLE = _load()
    return _TABLE


def standin_key(found: str) -> str:
    """The table's key: folded, with any run of whitespace read as one space."""
    return " ".join(fold(found).split())


def standin_counts(found: str) -> tuple[int, int]:
    """(m, u): flagged in gold spun text m times as a marked swap, u times as the writer's own."""
    return _table().counts.get(standin_key(found), (0, 0))


def standin_rate(found: str) -> float:
    """How much more (above 0) or less (below 0) often than average these flagged words were
    a swap; 0 for words never flagged in the gold."""
    table = _table()
    m, u = table.counts.get(standin_key(found), (0, 0))
    if not (m or u):
        return 0.0
    return _rate(m, u) - table.centre
