"""Document-level model: how likely is it that this whole text went through a spinner?

Strong tells ("essentially the most", "Could 19", "an settlement") almost never occur in
clean English. Their count, set against the length of the document, gives the spin score.
Ambiguous entries ("mentioned" for said) only fire in documents that probably were spun.
"""
from __future__ import annotations

import math

from .scoring import ScoringModel, sigmoid


def spin_score(strong_tells: int, words: int, model: ScoringModel) -> float:
    d = model.doc
    z = d["bias"] + d["strong"] * strong_tells + d["per_1000_words"] * (words / 1000.0)
    # Long documents need proportionally more tells: one stray match in a book is noise.
    z -= 0.8 * math.log1p(max(0, words - 2000) / 2000.0)
    return sigmoid(z)
