"""How densely the spinner worked around a finding, and what that says of its ambiguous words.

A spinner swaps only part of the words it knows: the seed replaces about two thirds of
them (``SEED_REPLACEMENT_RATE``), but a lighter setting, or a document partly rewritten by
hand afterwards, leaves more of them as the writer wrote them. An ambiguous finding
("began", "officers", "have been": words the spinner writes and writers write too) is a
swap with odds that grow with that rate. If the spinner replaces a share ``r`` of the words
it knows, then of the places where such a word stands, the ones where it is a swap come
from the words it replaced (in proportion to ``r``) and the ones where it is the writer's
own from the words it left (in proportion to ``1 - r``): the odds of a swap scale as
``r / (1 - r)``. The scoring model, the stand-in rates and the choice priors were all
measured on gold documents spun at the density of the seed, so a finding's confidence
holds for that density. Where the spinner was lighter it is moved down in log-odds by

    logit(r) - logit(SEED_REPLACEMENT_RATE),  r = SEED_REPLACEMENT_RATE * density / reference

``density`` is the engine's own estimate of swaps per spun word around the finding: the sum
of the confidences of the findings within ``HALF_WIDTH`` words each side (each is the
chance that a swap stands there), over the number of those words that are spun (the spin
map's P(spun) summed, so that a spun passage in a clean page is judged by its own words),
pulled towards ``reference`` by ``SMOOTHING_WORDS`` words of it. ``reference`` is the same
sum per word over the gold documents the confidences were fitted for
(``lexicons/model/intensity.json``, made by ``scripts/fit_intensity.py`` with this
adjustment turned off).

The move only ever lowers a confidence (a dense stretch says no more than the gold already
did) and by at most ``MAX_LOWER``. It applies to the ambiguous findings of the article
spinner only: a strong tell proves itself, and listed or composed phrases of a paper mill
are another tool's work. And only with the shipped lexicons loaded: the reference was
counted with them, and a user's own lexicon alone finds too few words to compare.

Chosen on the hand-spun articles of batches 62-73 with half and seven tenths of their marks
put back to the writer's words (what a lighter spinner leaves: 10% and 6% of words
swapped): precision at the default threshold 0.867 -> 0.899 and 0.815 -> 0.899, the
threshold that keeps precision at 0.90 moving from 0.72 and 0.75 to 0.56, and the articles
as spun (20-26%) unchanged (0.934 / 0.777 -> 0.935 / 0.777). Then measured once on two
sealed batches that no one had read: ten articles spun lightly (11-13% of words changed),
0.820 / 0.696 -> 0.868 / 0.613 at the default threshold and 0.551 -> 0.567 at precision
0.90; ten spun densely, 0.928 / 0.766 -> 0.928 / 0.763 and 0.802 both. A second sealed light
batch gained precision at the default threshold too (0.837 -> 0.875) but lost recall at
precision 0.90 (0.652 -> 0.625): the adjustment is for the default threshold, where a
reviewer sees the edits, more than for the best threshold. The seed comes back
as before, and so does every clean document but one of 700, a page with a stretch read as
spun, where three findings under 0.3, never applied, fell below the report floor.
"""
from __future__ import annotations

import json
import math
from bisect import bisect_left
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import accumulate

from ._data import data_dir

__all__ = ["SwapDensity", "lowering", "reference_density", "COUNT_FLOOR", "TABLE_NAME"]

TABLE_NAME = "intensity.json"

# The share of the words it knows that the spinner replaced in the seed (about 68%); the
# hand-spun gold was written to the same rate.
SEED_REPLACEMENT_RATE = 0.68
# Words each side of a finding over which the density is read: a paragraph or two.
HALF_WIDTH = 150
# Pseudo-words of the reference density added to every estimate: a short stretch with few
# findings says little.
SMOOTHING_WORDS = 100
# The most a confidence is lowered, in log-odds.
MAX_LOWER = 2.0
# Findings counted in the density: those a reviewer is shown by default (the engine's
# default report floor), whatever a caller's own floor.
COUNT_FLOOR = 0.2
# Build scripts turn the adjustment off to measure the reference it is judged against.
ENABLED = True


@lru_cache(maxsize=1)
def reference_density() -> float | None:
    """Swaps per spun word in the gold, counted from the spans it reports (see
    scripts/fit_intensity.py; None: no table shipped)."""
    path = data_dir() / "model" / TABLE_NAME
    if not path.is_file():
        return None
    value = json.loads(path.read_text(encoding="utf-8")).get("reference_density")
    return float(value) if value else None


class SwapDensity:
    """Expected swaps per spun word around each word of a document.

    ``counted`` holds (word index, confidence) of the findings that count; ``spun_at(i)`` is
    P(word i is spun) (the engine's spin map)."""

    def __init__(self, words: int, spun_at: Callable[[int], float], counted: Iterable[tuple[int, float]],
                 reference: float):
        self.words = words
        self.reference = reference
        pairs = sorted(counted)
        self._positions = [i for i, _ in pairs]
        self._swaps = [0.0, *accumulate(c for _, c in pairs)]
        self._spun = [0.0, *accumulate(spun_at(i) for i in range(words))]

    def around(self, i: int) -> float:
        lo, hi = max(0, i - HALF_WIDTH), min(self.words, i + HALF_WIDTH + 1)
        swaps = self._swaps[bisect_left(self._positions, hi)] - self._swaps[bisect_left(self._positions, lo)]
        spun = self._spun[hi] - self._spun[lo]
        return (swaps + SMOOTHING_WORDS * self.reference) / (spun + SMOOTHING_WORDS)


def lowering(density: float, reference: float) -> float:
    """The log-odds move (<= 0) of an ambiguous finding where ``density`` swaps a spun word
    are seen, against ``reference`` in the gold."""
    rate = min(0.95, max(0.05, SEED_REPLACEMENT_RATE * density / reference))
    return max(-MAX_LOWER, min(0.0, _logit(rate) - _logit(SEED_REPLACEMENT_RATE)))


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))
