"""Which original a spun form stood for, as gold-restored spun text shows it.

A spun form often has several candidate originals in the spinner's table ("agency" for
firm or company, "shoppers" for customers or consumers), ordered by word frequency, and the
language model chooses among them by context alone. The gold restorations of spun text
(the seed, and the articles spun by hand in its style) show which original the spinner
started from. ``lexicons/model/choice_priors.tsv`` holds those counts, made by
``scripts/fit_choice_priors.py``. For a found form seen ``n`` times, ``c`` of them as this
original, the feature is ``log(1 + c) - log(1 + n - c)``: positive when this original was
the usual one, negative when others were, and 0 for a form never seen. The engine adds it
to the options of the tables and of curated entries (not to tortured or composed phrases,
which the gold has too few of), and in the second pass only, so it never changes which
findings count as strong tells. For a curated entry only its negative part counts (the
engine takes ``min(0, feature)``): the entry loses confidence where the gold showed its
words standing for other originals as well.
"""
from __future__ import annotations

import math
import threading

from ._data import data_dir, tsv_rows
from .tokens import fold

__all__ = ["choice_prior", "choice_counts", "choice_key", "fold_phrase", "TABLE_NAME"]

TABLE_NAME = "choice_priors.tsv"

_LOCK = threading.Lock()
_TABLE: tuple[dict[tuple[str, str], int], dict[str, int]] | None = None


def _load() -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    path = data_dir() / "model" / TABLE_NAME
    counts: dict[tuple[str, str], int] = {}
    totals: dict[str, int] = {}
    if not path.exists():
        return counts, totals  # an older install: the feature is 0 everywhere
    for found, original, count in tsv_rows(path):
        counts[(found, original)] = int(count)
        totals[found] = totals.get(found, 0) + int(count)
    return counts, totals


def fold_phrase(text: str) -> str:
    """A phrase folded (case, apostrophes) with any run of whitespace read as one space."""
    return " ".join(fold(text).split())


def choice_key(found: str, original: str) -> tuple[str, str]:
    """The table's key: folded, with any run of whitespace read as one space, and a
    possessive that both sides end in left off: the engine reads "metropolis's" as the word
    "metropolis" and its "'s", so the gold's "metropolis's" for city's counts for the word."""
    f, o = fold_phrase(found), fold_phrase(original)
    if f.endswith(_POSSESSIVE) and o.endswith(_POSSESSIVE) and len(f) > 2 and len(o) > 2:
        f, o = f[:-2], o[:-2]
    return f, o


_POSSESSIVE = "'s"  # as fold() leaves it (curly apostrophes straightened)


def choice_counts(found: str, original: str) -> tuple[int, int]:
    """(c, n): of the n gold marks of these found words, c restored them to this original."""
    global _TABLE
    if _TABLE is None:
        with _LOCK:
            if _TABLE is None:
                _TABLE = _load()
    counts, totals = _TABLE
    f, o = choice_key(found, original)
    return counts.get((f, o), 0), totals.get(f, 0)


def choice_prior(found: str, original: str) -> float:
    """log(1 + c) - log(1 + n - c) for this (found, original); 0 for a found form never seen."""
    c, n = choice_counts(found, original)
    if not n:
        return 0.0
    return math.log1p(c) - math.log1p(n - c)
