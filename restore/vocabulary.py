"""How much of a document's vocabulary the language model knows, and what that says of
its ambiguous findings.

The context evidence of an ambiguous finding ("value" for price, "function" for role) comes
from the language model, trained on news. Where a document's own words lie outside its
vocabulary (software documentation: "kwargs", "iterable", "subclass"; a technical wiki
page), two things go wrong together: the windows around its findings hold words the model
scores at a flat floor, so the evidence is thinner than it looks; and the document's
subject words are often words the spinner also writes ("function", "value", "method",
"return"), so a stand-in is more often the writer's own. Confidences fitted on news-like
gold then run high there: on emulated spun documentation, findings the engine gave
0.50-0.60 were right 36% of the time.

So the ambiguous findings of the article spinner (those the swap density also moves, see
restore.intensity) are lowered in log-odds by ``WEIGHT`` per unit of the share of the
lowercase words around them that the model does not know, above ``REFERENCE``. Lowercase
words only: names are unknown to any model ("Zelensky", "Umerov") and say nothing of the
register, so a news article full of them is not lowered. The share is read near the
finding and among spun words only, so that a spun passage quoted in a page of
documentation is judged by its own words. Measured over whole documents, the share is
0.006 at the median of the hand-spun articles (0.015 at their 90th percentile), 0.04 in
emulated software documentation, 0.013 in encyclopedia pages, 0 in news.

In the benchmark (quick run, against the code without it): the emulated slice's
calibration error 0.049 -> 0.028 (software documentation 0.084 before), its precision /
recall 0.840 / 0.592 -> 0.862 / 0.565; the hand-spun articles 0.913 / 0.790 -> 0.914 /
0.789 (calibration error 0.015 -> 0.017); spun passages in mixed pages 0.909 / 0.594 ->
0.914 / 0.588; the seed and every clean set unchanged.
"""
from __future__ import annotations

from collections.abc import Callable
from itertools import accumulate

from .intensity import HALF_WIDTH
from .tokens import Token

__all__ = ["UnknownShare", "lowering", "REFERENCE", "WEIGHT"]

# The share of unknown lowercase words below which nothing moves: the hand-spun articles
# that the confidences were fitted on sit under it.
REFERENCE = 0.015
# Log-odds per unit of share above REFERENCE (a share 0.04 above it lowers by 0.8). Chosen
# on the emulated VALIDATION documents (software documentation and encyclopedia pages,
# scripts/fit_scoring.select): their calibration error 0.048 with no lowering, 0.032 at 20,
# 0.038 at 30; the hand-spun articles' moved by under 0.001. Read over the whole document
# instead, the share did about as well (0.030 at 20), but a spun passage in a page of
# documentation was lowered with the page (the mixed pages' passage recall 0.594 -> 0.525).
WEIGHT = 20.0
# The most a confidence is lowered, in log-odds.
MAX_LOWER = 1.5


class UnknownShare:
    """The share of unknown lowercase words around each word of a document, among the words
    that are spun: each word weighs its P(spun) (``spun_at``, the engine's spin map), so that
    a spun passage quoted in a page of documentation is judged by its own words, not by the
    page's (as restore.intensity judges the swap density). Read over ``HALF_WIDTH`` words each
    side."""

    def __init__(self, tokens: list[Token], spun_at: Callable[[int], float], known: Callable[[str], bool],
                 normalise: Callable[[str], str]):
        lower = [0.0] * len(tokens)
        unknown = [0.0] * len(tokens)
        for i, t in enumerate(tokens):
            if t.text[:1].islower():
                weight = spun_at(i)
                lower[i] = weight
                if not known(normalise(t.text)):
                    unknown[i] = weight
        self.words = len(tokens)
        self._lower = [0.0, *accumulate(lower)]
        self._unknown = [0.0, *accumulate(unknown)]

    def around(self, i: int) -> float:
        lo, hi = max(0, i - HALF_WIDTH), min(self.words, i + HALF_WIDTH + 1)
        lower = self._lower[hi] - self._lower[lo]
        return (self._unknown[hi] - self._unknown[lo]) / lower if lower > 0 else 0.0


def lowering(share: float) -> float:
    """The log-odds move (<= 0) of an ambiguous finding where ``share`` of the spun
    lowercase words around it are unknown to the language model."""
    return -min(MAX_LOWER, WEIGHT * max(0.0, share - REFERENCE))
