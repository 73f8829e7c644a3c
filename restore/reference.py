"""A suspected source text as evidence: ``restore.fix(text, reference=original)``.

:class:`ReferenceIndex` aligns the reference with the text being restored (by sentence,
then by word: :mod:`restore.align`) once, and then answers, for each finding, what the
reference has *at that place*:

* the reference has the candidate original exactly where the finding sits: strong support
  (score ``+1``), "the reference text has 'May' at this place";
* the reference has the found text itself there (the words were copied unchanged): strong
  evidence against restoring (score ``-1``), "the reference text has 'on' here too";
* the reference has some other word there: mild evidence against this candidate
  (score ``-0.5``), "the reference text has 'war' here, not 'fight'";
* otherwise (no aligned sentence) only whether the reference contains the original's words
  anywhere: weak support (score ``+0.3``), "the reference text contains 'May'".

The score is meant for the engine's ``reference`` feature (weight 4.0 in the default model).
"""
from __future__ import annotations

from dataclasses import dataclass

from .align import Alignment, align
from .tokens import fold, phrase_key, tokenize

__all__ = ["ReferenceEvidence", "ReferenceIndex", "STRONG", "WEAK", "CONTRADICTS", "OTHER"]

STRONG = 1.0
WEAK = 0.3
OTHER = -0.5
CONTRADICTS = -1.0


@dataclass(frozen=True)
class ReferenceEvidence:
    score: float  # STRONG, WEAK, 0.0, OTHER or CONTRADICTS
    reason: str = ""

    @property
    def strong(self) -> bool:
        return self.score >= STRONG


_NONE = ReferenceEvidence(0.0, "")


class ReferenceIndex:
    """The reference aligned with one text; build once per text, query per finding."""

    def __init__(self, reference: str, text: str):
        self.reference = reference
        self.text = text
        self.alignment: Alignment = align(reference, text)
        self.words = {fold(t.text) for t in tokenize(reference)}
        self._pair_by_spun = {p.spun: p for p in self.alignment.aligned_pairs}
        self._subs_by_sentence: dict[int, list] = {}
        for sub in self.alignment.substitutions:
            self._subs_by_sentence.setdefault(sub.spun_sentence, []).append(sub)

    def _weak(self, original: str) -> ReferenceEvidence:
        words = [fold(t.text) for t in tokenize(original)]
        if words and all(w in self.words for w in words):
            return ReferenceEvidence(WEAK, f"the reference text contains {original!r}")
        return _NONE

    def evidence(self, start: int, end: int, original: str) -> ReferenceEvidence:
        """What the reference says about restoring ``text[start:end]`` to ``original``."""
        al = self.alignment
        sent = al.spun_sentence_at(start)
        if sent is None or sent.index not in self._pair_by_spun:
            return self._weak(original)
        pair = self._pair_by_spun[sent.index]
        idx = [k for k, t in enumerate(sent.tokens) if t.start < end and start < t.end]
        if not idx:
            return self._weak(original)
        found = self.text[start:end]
        tmap = al.token_maps.get(sent.index, {})
        if all(k in tmap for k in idx):
            o_sent = al.orig_sentences[pair.orig]
            there = self.reference[o_sent.tokens[tmap[idx[0]]].start:o_sent.tokens[tmap[idx[-1]]].end]
            if phrase_key(there) == phrase_key(original):
                return ReferenceEvidence(STRONG, f"the reference text has {there!r} at this place")
            return ReferenceEvidence(CONTRADICTS, f"the reference text has {there!r} here too (copied unchanged)")
        want = phrase_key(original)
        for sub in self._subs_by_sentence.get(sent.index, ()):
            if not (sub.spun_start < end and start < sub.spun_end):
                continue
            have = phrase_key(sub.original)
            if have == want or f" {want} " in f" {have} ":
                return ReferenceEvidence(STRONG, f"the reference text has {original!r} at this place")
            # Positional look-up inside a longer substitution with as many words on each side.
            o_sent = al.orig_sentences[sub.orig_sentence]
            o_toks = [t for t in o_sent.tokens if sub.orig_start <= t.start < sub.orig_end]
            s_toks = [t for t in sent.tokens if sub.spun_start <= t.start < sub.spun_end]
            there = sub.original
            if len(o_toks) == len(s_toks):
                ks = [k for k, t in enumerate(s_toks) if t.start < end and start < t.end]
                if ks:
                    there = self.reference[o_toks[ks[0]].start:o_toks[ks[-1]].end]
            if phrase_key(there) == want:
                return ReferenceEvidence(STRONG, f"the reference text has {there!r} at this place")
            if phrase_key(there) == phrase_key(found):
                return ReferenceEvidence(CONTRADICTS, f"the reference text has {there!r} here too (copied unchanged)")
            return ReferenceEvidence(OTHER, f"the reference text has {there!r} here, not {original!r}")
        return self._weak(original)
