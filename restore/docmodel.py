"""Document-level model: how likely is it that this whole text went through a spinner?

Strong tells ("essentially the most", "Could 19", "an settlement") almost never occur in
clean English. Model their count as Poisson: a spun document shows them at rate
``tell_rate_spun`` per word, a clean one at ``tell_rate_clean`` (false tells). For ``n``
tells in ``N`` words the log-likelihood ratio is

    n * log(rate_spun / rate_clean) - N * (rate_spun - rate_clean)

added to the prior log-odds that a document was spun. One stray tell in a long manual
is noise; two in a short article are proof. Ambiguous findings ("mentioned" for said)
are scaled by this probability, so a clean document comes back unchanged.
"""
from __future__ import annotations

import math

from .scoring import ScoringModel, sigmoid

# Measured: 19 tells in the 471 words of seed-000 (0.04 a word); we assume a spinner that
# shows four times fewer. Clean prose: 6 false tells in 1.4 million words of the Python
# documentation, smoothed. The prior: one document in ten that reaches us is spun.
#
# Soft tells are weaker and far more common: a word of the spinner's own dictionary whose
# original the language model clearly prefers in context (log-ratio >= 4), each spun form
# counted at most three times (engine.few_per_form: a manual says "query" on every line,
# a spinner swaps many different words; the rates below were fitted before that cap,
# which only lowers counts, and no hand-spun article reads as clean for it). Seed-000 shows
# 21 in 471 words (0.045 a word); clean prose averages about 0.003, but some clean pages
# show four times that (a page on random numbers). Their rates are therefore not means but
# fitted so that no clean document of the fitting data gets past a spin score of 0.2 on
# them (scripts/fit_soft_tells.py, stored in lexicons/model/scoring.json); the values here
# are the fallbacks. With them, soft tells alone can show a document spun: about 97% of
# emulated spun validation documents, and none of the clean ones.
DEFAULT_RATES = {
    "tell_rate_spun": 0.01, "tell_rate_clean": 5e-6, "prior_spun": 0.1,
    "soft_rate_spun": 0.025, "soft_rate_clean": 0.01,
}
SOFT_LM_RATIO = 4.0


def document_rates(model: ScoringModel) -> dict[str, float]:
    """The fitted per-word tell rates and prior (DEFAULT_RATES where the model has none)."""
    return {**DEFAULT_RATES, **{k: v for k, v in model.doc.items() if k in DEFAULT_RATES}}


def poisson_evidence(count: int, words: int, rate_spun: float, rate_clean: float) -> float:
    """Log-likelihood ratio, spun against clean, of ``count`` events in ``words`` words."""
    return count * math.log(rate_spun / rate_clean) - words * (rate_spun - rate_clean)


def spin_logit(strong_tells: int, words: int, model: ScoringModel) -> float:
    d = document_rates(model)
    z = math.log(d["prior_spun"] / (1.0 - d["prior_spun"]))
    return z + poisson_evidence(strong_tells, words, d["tell_rate_spun"], d["tell_rate_clean"])


def soft_evidence(soft_tells: int, words: int, model: ScoringModel) -> float:
    """Log-likelihood ratio of ``soft_tells`` in ``words`` (added to :func:`spin_logit`)."""
    d = document_rates(model)
    return poisson_evidence(soft_tells, words, d["soft_rate_spun"], d["soft_rate_clean"])


def spin_score(strong_tells: int, words: int, model: ScoringModel, soft_tells: int | None = None) -> float:
    """``soft_tells`` None: not counted, no evidence either way; a count (0 included) is
    weighed against the rates of spun and clean text."""
    z = spin_logit(strong_tells, words, model)
    if soft_tells is not None:
        z += soft_evidence(soft_tells, words, model)
    return sigmoid(z)
