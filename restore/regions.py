"""Where in a spun document the spinner worked: a spin score for each word.

The document model (:mod:`restore.docmodel`) asks whether a text went through a spinner at
all. A page can hold both: a spun article with the scraper's own clean sidebar, a thesis
with one copied and spun chapter, several documents pasted into one file. One spun
paragraph then opens the gate for every ambiguous stand-in of the clean pages around it,
and an encyclopedic paragraph with the writer's own "whereas" and "additionally" comes back
rewritten.

So a long spun document is read as a chain of spun and clean stretches: a two-state hidden
Markov model over its words. Each word emits strong and soft tells (as the document model
defines them) at per-word rates for its state, Poisson as in :mod:`restore.docmodel`; the
state changes rarely (``SWITCH`` a word). The forward-backward posterior P(spun at word
i) is used twice:

* in a spun document (first word spun with probability ``START_SPUN``), it scales each
  ambiguous finding: a clean stretch is left alone;
* in a document not spun as a whole, or barely, but with a strong tell, the chain starts
  from the document model's prior instead, and where the posterior passes the gate the
  stretch is read as a spun document would be (the engine takes the larger of the two
  readings): a spun passage quoted in a clean page is restored, there only;
* the same in a long document with no strong tell at all, from soft tells found by
  screening (``engine.screened_soft_positions``): a spun passage can give itself away by
  its soft tells alone ("thru the iciness", "one crimson pepper"). On the mixed pages of
  the benchmark (passages drawn from 1,009 hand-spun articles), passage recall 0.28 -> 0.50
  at precision 0.90 -> 0.91, edits outside the passages unchanged (4); with the screening
  that also follows the language model's leanings, on the passages drawn from 1,209
  articles, 0.30 -> 0.60 at precision 0.95. 4,967 clean documents (2.0 million words), the
  clean genres and every hand-spun article were restored exactly as before.

How it behaves:

* In a spun article the tells come every few dozen words. Leaving the spun state and
  coming back costs two switches (about 18 log-odds), as much as 400 words without a
  tell (about 0.04 log-odds a word), so the posterior stays near 1 throughout.
* A clean stretch of a thousand words costs about 40 log-odds as spun and is read as
  clean; past the last tell of a spun part the posterior falls by about 0.04 log-odds a
  word.
* At a blank line the state changes far more easily (``PARAGRAPH_SWITCH``): a spun passage
  pasted between clean paragraphs ends at its paragraph break instead of fading over the
  next fifty words, while inside a spun article a paragraph without a tell still costs two
  switches (about 8 log-odds) and stays spun. Measured on the mixed pages of the benchmark:
  edits outside the passage 5 -> 1, passage recall 0.33 -> 0.35; hand-spun articles with
  blank lines between paragraphs unchanged.
* Chosen on emulated spun validation documents and on clean validation pages with two
  hand-spun paragraphs inserted (24 pages): the emulated recall did not move, while the
  93 edits the mixed pages had outside their spun paragraphs fell to 6.
"""
from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable

# A shorter document is one stretch: the document model has already judged it whole.
MIN_WORDS = 450
# Probability, per word, that the text changes between spun and clean; at a paragraph
# break (a blank line) it is far likelier: a page pasted together from documents, or a
# spun passage quoted in a clean page, changes there.
SWITCH = 1 / 10000
PARAGRAPH_SWITCH = 1 / 50
# The same at a blank line when the chain is read from the document model's prior, looking
# for a spun passage with a strong tell in a page that is not spun as a whole: such a
# passage is pasted in whole paragraphs, so it begins and ends at a paragraph break, while
# given that a document is spun a paragraph without a tell stays spun (PARAGRAPH_SWITCH).
# On clean pages with two paragraphs of a hand-spun article inserted (200 pages drawn from
# the TRAIN split, two draws), the passages' recall 0.553 -> 0.571 and 0.582 -> 0.601 at the
# same precision, and edits outside them 7 -> 7 and 12 -> 7: the passage ends at its break
# instead of fading into the page. Spun articles read as before (a spun document starts
# from START_SPUN). A stretch shown by soft tells alone keeps PARAGRAPH_SWITCH: with 1/10
# there too the passages gained three times as much (0.624 and 0.652), but man pages of
# one family (gcloud's, "replicated" in a paragraph of a clean reference) opened, and even
# 1/30 kept one of them open; with each form counted at most twice in the screen as well,
# a database's clean release notes (clean genres, round 17) came back with nine edits
# ("query" -> "question", "partitions" -> "walls").
PASSAGE_PARAGRAPH_SWITCH = 1 / 10
# P(the first word of a spun document is in a spun stretch).
START_SPUN = 0.95
# Tells a word, in a spun and in a clean stretch. Measured with the document model's
# definitions (engine.document_evidence): soft tells are 0.055 a word in emulated spun
# validation documents (a tenth of them below 0.033), 0.079 in the hand-spun articles,
# and 0.004 in clean validation prose (a tenth above 0.0085). The document model's own
# rates are lower (it must never call a clean page spun); a stretch is judged with
# rates near the measured ones, on the cautious side of each.
SOFT_RATE_SPUN = 0.045
SOFT_RATE_CLEAN = 0.006
STRONG_RATE_SPUN = 0.003
STRONG_RATE_CLEAN = 5e-6


def _emission(strong: int, soft: int, strong_rate: float, soft_rate: float) -> float:
    """Poisson likelihood of a word's tells (up to factors shared by both states)."""
    return (strong_rate ** strong) * (soft_rate ** soft) * math.exp(-strong_rate - soft_rate)


class RegionalSpin:
    """P(spun) of each word of a document, from the word positions of its tells.

    Positions are word (token) indices; ``factor(i, start)`` is P(word i lies in a spun
    stretch), for a chain whose first word is spun with probability ``start``."""

    def __init__(self, words: int, strong: list[int], soft: list[int], paragraphs: Iterable[int] = (),
                 passage_switch: float = PASSAGE_PARAGRAPH_SWITCH):
        self.words = words
        # P(a state change at a paragraph break) for a chain read from the prior.
        self.passage_switch = passage_switch
        self.strong = sorted(strong)
        self.soft = sorted(soft)
        self.paragraphs = frozenset(paragraphs)  # indices of words that open a paragraph
        self._posteriors: dict[float, list[float]] = {}
        self._spun = (STRONG_RATE_SPUN, SOFT_RATE_SPUN)
        self._clean = (STRONG_RATE_CLEAN, SOFT_RATE_CLEAN)

    @property
    def active(self) -> bool:
        return self.words >= MIN_WORDS

    def factor(self, i: int, start: float = START_SPUN) -> float:
        """P(word i is spun) for a chain whose first word is spun with probability
        ``start`` (by default: given that the document is spun)."""
        if not self.active:
            return 1.0
        return self._posterior(start)[min(max(i, 0), self.words - 1)]

    def _posterior(self, start: float) -> list[float]:
        if start not in self._posteriors:
            # Given that the document is spun (START_SPUN), a paragraph without a tell stays
            # spun; read from the prior, a passage changes state at its paragraph breaks.
            at_paragraph = PARAGRAPH_SWITCH if start >= START_SPUN else self.passage_switch
            self._posteriors[start] = self._forward_backward(start, at_paragraph)
        return self._posteriors[start]

    def peak(self, start: float) -> float:
        """The highest P(spun) of any word (0 for a document too short to have regions)."""
        return max(self._posterior(start)) if self.active else 0.0

    def _forward_backward(self, start: float, at_paragraph: float) -> list[float]:
        n = self.words
        events: dict[int, list[int]] = {}
        for i in self.strong:
            if 0 <= i < n:
                events.setdefault(i, [0, 0])[0] += 1
        for i in self.soft:
            if 0 <= i < n:
                events.setdefault(i, [0, 0])[1] += 1
        quiet = (_emission(0, 0, *self._spun), _emission(0, 0, *self._clean))

        def emit(i: int) -> tuple[float, float]:
            e = events.get(i)
            if e is None:
                return quiet
            return _emission(e[0], e[1], *self._spun), _emission(e[0], e[1], *self._clean)

        paragraphs = self.paragraphs

        def move_into(i: int) -> float:
            """P(the state changes between word i - 1 and word i)."""
            return at_paragraph if i in paragraphs else SWITCH

        # Forward, normalised at every word (only the ratio of the two states matters).
        fwd: list[float] = [0.0] * n  # P(spun at i | words 0..i)
        ps, pc = start, 1.0 - start
        for i in range(n):
            if i:
                move = move_into(i)
                stay = 1.0 - move
                ps, pc = ps * stay + pc * move, ps * move + pc * stay
            es, ec = emit(i)
            ps, pc = ps * es, pc * ec
            total = ps + pc
            ps, pc = ps / total, pc / total
            fwd[i] = ps
        # Backward: combine with P(words i+1.. | state at i).
        post: list[float] = [0.0] * n
        bs = bc = 1.0
        for i in range(n - 1, -1, -1):
            s, c = fwd[i] * bs, (1.0 - fwd[i]) * bc
            post[i] = s / (s + c)
            es, ec = emit(i)
            move = move_into(i)
            stay = 1.0 - move
            bs, bc = stay * es * bs + move * ec * bc, move * es * bs + stay * ec * bc
            total = bs + bc
            bs, bc = bs / total, bc / total
        return post

    def counts(self, i: int, half_width: int = 150) -> tuple[int, int, int]:
        """(strong tells, soft tells, words) within ``half_width`` words of word ``i``, for
        the evidence a reviewer reads."""
        lo, hi = max(0, i - half_width), min(self.words, i + half_width + 1)
        strong = bisect_left(self.strong, hi) - bisect_left(self.strong, lo)
        soft = bisect_left(self.soft, hi) - bisect_left(self.soft, lo)
        return strong, soft, hi - lo


class SpinMap:
    """P(spun) at each word of a document: its spin score, refined by its stretches.

    ``regional`` is None for a document too short to have stretches, or one with no
    strong tell and below the gate. In a spun document the score at a word is the
    document's times its stretch's (``START_SPUN``); where the document is not certainly
    spun, a stretch read from the document model's ``prior`` that passes the gate on its
    own tells opens it there (the larger of the two readings counts)."""

    def __init__(self, spin: float, gate: float, regional: RegionalSpin | None, prior: float,
                 certain: float):
        self.spin = spin
        self.gate = gate
        self.prior = prior
        self.spun_doc = spin >= gate
        self.opens = bool(regional is not None and regional.active and spin < certain
                          and regional.peak(prior) >= gate)
        self.regional = regional if (self.spun_doc or self.opens) else None

    def at(self, i: int) -> float:
        """P(spun) at word i."""
        if self.regional is None:
            return self.spin
        here = self.spin * self.regional.factor(i) if self.spun_doc else 0.0
        return max(here, self.regional.factor(i, self.prior)) if self.opens else here

    def spun_here(self, i: int) -> bool:
        """Whether ambiguous findings at word i are considered at all."""
        return self.spun_doc or (self.opens and self.at(i) >= self.gate)

    def note(self, i: int, clean_below: float) -> str | None:
        """The evidence line for a finding at word i, when its stretch changed its score."""
        if self.regional is None:
            return None
        near_strong, near_soft, near = self.regional.counts(i)
        tells = f"{near_strong} strong and {near_soft} soft tells in the {near} words around it"
        at = self.at(i)
        if self.opens and at > self.spin:
            return f"the text around it reads as spun: spin here {at:.2f} ({tells})"
        here = self.regional.factor(i)
        if here < clean_below:
            return f"the text around it reads as clean: spin here {here:.2f} ({tells})"
        return None
