"""How much of the vocabulary around a finding the language model knows (restore/vocabulary.py),
and what it does in the engine."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import restore
from restore import gold, vocabulary
from restore.lm import get_model
from restore.tokens import tokenize
from restore.vocabulary import MAX_LOWER, REFERENCE, WEIGHT, UnknownShare, lowering

SEED = Path(__file__).resolve().parent.parent / "seeds" / "seed-000.txt"
# Lowercase words no English language model knows: what software documentation is full of.
JARGON = ["kwargs", "iterable", "xrange", "stdout", "argv", "getattr", "setuptools", "sysconfig"]


def _share(text: str, spun_at=lambda i: 1.0) -> UnknownShare:
    lm = get_model()
    return UnknownShare(tokenize(text), spun_at, lm.known, lm.normalise)


def test_nothing_moves_at_or_below_the_reference():
    assert lowering(0.0) == lowering(REFERENCE) == 0.0


def test_the_move_grows_with_the_share_above_the_reference():
    assert lowering(REFERENCE + 0.04) == pytest.approx(-WEIGHT * 0.04)


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_the_move_is_bounded_and_falls_as_the_share_rises(a, b):
    lo, hi = sorted((a, b))
    assert -MAX_LOWER <= lowering(hi) <= lowering(lo) <= 0.0


def test_unknown_lowercase_words_count_and_names_do_not():
    # "kwargs" and "iterable" are unknown; "Zelensky" and "Umerov" too, but they are names.
    text = "Zelensky and Umerov said the kwargs of the iterable were passed to the function today."
    lower = [t for t in tokenize(text) if t.text[:1].islower()]
    assert _share(text).around(0) == pytest.approx(2 / len(lower))
    assert _share("Zelensky met Umerov and Yermak in Kyiv on the first day.").around(0) == 0.0


def test_a_spun_passage_is_judged_by_its_own_words():
    """Unknown words in the clean page around a spun passage (P(spun) = 0 there) do not
    count: the passage's findings are not lowered with the page."""
    page = " ".join(["the kwargs of the iterable go to stdout"] * 10)
    passage = " ".join(["the officers said the assembly went well on the final day"] * 3)
    text = f"{page} {passage} {page}"
    n_page = len(tokenize(page))
    n_passage = len(tokenize(passage))
    inside = range(n_page, n_page + n_passage)
    assert _share(text, lambda i: 1.0 if i in inside else 0.0).around(n_page + 5) == 0.0
    assert _share(text).around(n_page + 5) > REFERENCE  # read as one, the page's words weigh in


def _confidences(text: str) -> dict[tuple[str, str], float]:
    return {(s.text, s.rule): s.confidence for s in restore.fix(text).spans}


def _with_jargon(text: str) -> str:
    """The text with a clause of unknown lowercase words after every sentence."""
    clause = " See " + ", ".join(JARGON) + " and " + JARGON[0] + "."
    return text.replace(". ", "." + clause + " ")


def test_ambiguous_findings_in_unknown_vocabulary_are_lowered_and_tells_are_not():
    spun = gold.parse(SEED.read_text(encoding="utf-8")).spun
    plain = restore.fix(spun)
    jargon = restore.fix(_with_jargon(spun))
    lowered = [s for s in jargon.spans if any("unknown to the language model" in e for e in s.evidence)]
    assert len(lowered) >= 5
    before = {(s.text, s.suggestion): s.confidence for s in plain.spans}
    assert sum(s.confidence < before.get((s.text, s.suggestion), 1.0) for s in lowered) >= 5
    # Strong tells prove themselves: "Could 19" and "Protection Minister" are not lowered.
    for s in jargon.spans:
        if s.rule in ("month.could", "ent.defense-minister"):
            assert s not in lowered


def test_the_seed_itself_is_not_moved():
    spun = gold.parse(SEED.read_text(encoding="utf-8")).spun
    assert not any("unknown to the language model" in e for s in restore.fix(spun).spans for e in s.evidence)


def test_a_clean_text_full_of_jargon_stays_clean():
    clean = _with_jargon(gold.parse(SEED.read_text(encoding="utf-8")).original)
    assert not [s for s in restore.fix(clean).spans if s.applied]


def test_the_module_constants_are_sane():
    assert 0 < REFERENCE < 0.05 and WEIGHT > 0 and MAX_LOWER > 0
    assert vocabulary.HALF_WIDTH > 0
