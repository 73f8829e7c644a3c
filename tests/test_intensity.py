"""The density of swaps around a finding (restore/intensity.py) and what it does in the engine."""
from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import restore
from restore import gold, intensity
from restore.intensity import MAX_LOWER, SEED_REPLACEMENT_RATE, SMOOTHING_WORDS, SwapDensity, lowering

SEED = Path(__file__).resolve().parent.parent / "seeds" / "seed-000.txt"
MARK = re.compile(r"\[\[(.*?)=>(.*?)\]\]", re.S)


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def test_no_move_at_or_above_the_gold_density():
    assert lowering(0.15, 0.15) == 0.0
    assert lowering(0.40, 0.15) == 0.0  # a dense stretch never raises a confidence


def test_the_move_is_the_change_in_the_odds_of_a_swap():
    # Half the gold's density: the spinner replaced about half as many of the words it knows.
    rate = SEED_REPLACEMENT_RATE / 2
    assert lowering(0.075, 0.15) == pytest.approx(_logit(rate) - _logit(SEED_REPLACEMENT_RATE))


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.floats(0.01, 0.5))
def test_the_move_is_bounded_and_falls_with_the_density(a, b, reference):
    lo, hi = sorted((a, b))
    assert -MAX_LOWER <= lowering(lo, reference) <= lowering(hi, reference) <= 0.0


def test_the_density_counts_the_findings_in_the_window_over_its_spun_words():
    reference = 0.1
    # 1000 words, all spun; three findings near word 500, one far away.
    d = SwapDensity(1000, lambda i: 1.0, [(480, 0.9), (500, 0.8), (520, 0.7), (5, 0.99)], reference)
    window = 2 * intensity.HALF_WIDTH + 1
    assert d.around(500) == pytest.approx((2.4 + SMOOTHING_WORDS * reference) / (window + SMOOTHING_WORDS))
    # At the start of the text the window is cut short and holds only the far finding.
    assert d.around(0) == pytest.approx((0.99 + SMOOTHING_WORDS * reference) / (intensity.HALF_WIDTH + 1 + SMOOTHING_WORDS))


def test_clean_words_do_not_dilute_a_spun_passage():
    """A spun passage in a clean page is judged by its own words: the clean words around it
    (P(spun) = 0) do not count in the density."""
    reference = 0.1
    passage = range(400, 460)
    spun_at = lambda i: 1.0 if i in passage else 0.0  # noqa: E731
    counted = [(i, 0.9) for i in range(400, 460, 4)]  # 15 swaps in 60 spun words
    d = SwapDensity(1000, spun_at, counted, reference)
    assert d.around(430) == pytest.approx((13.5 + SMOOTHING_WORDS * reference) / (60 + SMOOTHING_WORDS))
    assert d.around(430) > reference


def test_the_shipped_reference_is_a_density_of_swaps():
    ref = intensity.reference_density()
    assert ref is not None and 0.05 < ref < 0.3


def _lightened(keep_every: int) -> gold.GoldDocument:
    """The seed with all but every ``keep_every``-th mark put back to the writer's words:
    what a lighter setting of the spinner would have left."""
    k = [0]

    def put_back(m: re.Match) -> str:
        k[0] += 1
        return m.group(0) if k[0] % keep_every == 0 else m.group(2).split("|")[0].rstrip("?")

    return gold.parse(MARK.sub(put_back, SEED.read_text(encoding="utf-8")))


def _without_intensity(text: str, monkeypatch) -> restore.Restoration:
    with monkeypatch.context() as m:
        m.setattr(intensity, "ENABLED", False)
        return restore.fix(text)


def test_the_seed_as_spun_is_not_moved(monkeypatch):
    spun = gold.parse(SEED.read_text(encoding="utf-8")).spun
    r = restore.fix(spun)
    r0 = _without_intensity(spun, monkeypatch)
    assert [s.confidence for s in r.spans] == [s.confidence for s in r0.spans]
    assert not any("sparse" in e for s in r.spans for e in s.evidence)


def test_a_lightly_spun_text_has_its_ambiguous_findings_lowered(monkeypatch):
    light = _lightened(4)
    r = restore.fix(light.spun)
    before = {(s.start, s.end): s.confidence for s in _without_intensity(light.spun, monkeypatch).spans}
    lowered = [s for s in r.spans if any(e.startswith("swaps are sparse here") for e in s.evidence)]
    assert len(lowered) >= 5
    for s in lowered:
        assert s.confidence < before[(s.start, s.end)]
    # Strong tells prove themselves: "Could 19" and the damaged ministry keep their confidence.
    for s in r.spans:
        if s.rule in ("month.could", "ent.defense-minister"):
            assert s not in lowered and s.confidence == before[(s.start, s.end)]


def test_a_clean_text_is_untouched(monkeypatch):
    clean = gold.parse(SEED.read_text(encoding="utf-8")).original
    r = restore.fix(clean)
    r0 = _without_intensity(clean, monkeypatch)
    assert [s.confidence for s in r.spans] == [s.confidence for s in r0.spans]
    assert not [s for s in r.spans if s.applied]


def _entry(spun: str, original: str, prior: float, tell: bool) -> str:
    """A user's lexicon entry for one made-up stand-in, with its own example."""
    return (f'[[entry]]\nid = "mine.{spun}"\nspun = ["{spun}"]\noriginals = ["{original}"]\nprior = {prior}\n'
            f'tell = {str(tell).lower()}\ncase = "any"\ninflect = ""\nprovenance = "test"\n'
            f'fix = ["It moved [[{spun}=>{original}]]."]\nkeep = ["It moved {original}."]\n\n')


# A tell that makes the text spun, and an ambiguous stand-in.
USER_LEXICON = _entry("zorbly", "quickly", 0.95, True) + _entry("flimbo", "slowly", 0.7, False)

SPARSE_TEXT = ("The queue moved zorbly at first. "
               + "People waited in the rain for the doors to open and talked about the weather. " * 12
               + "Later the line moved flimbo. The staff worked zorbly to clear it. "
               + "Nobody complained about the wait or the cold. " * 10)


def _flimbo(r: restore.Restoration):
    return next(s for s in r.spans if s.text == "flimbo")


def test_a_users_lexicon_alone_is_not_judged_by_the_gold_density(tmp_path, monkeypatch):
    """The gold's density was counted with the shipped lexicons: a document read with a
    user's lexicon only has too few findings to compare, so nothing is lowered."""
    own = tmp_path / "mine.toml"
    own.write_text(USER_LEXICON, encoding="utf-8")
    alone = restore.fix(SPARSE_TEXT, lexicons=[own], builtin=False)
    assert alone.spin_score > 0.5
    with monkeypatch.context() as m:
        m.setattr(intensity, "ENABLED", False)
        unadjusted = restore.fix(SPARSE_TEXT, lexicons=[own], builtin=False)
    assert [s.confidence for s in alone.spans] == [s.confidence for s in unadjusted.spans]
    # With the shipped lexicons too, the same sparse stand-in is lowered.
    both = restore.fix(SPARSE_TEXT, lexicons=[own])
    assert _flimbo(both).confidence < _flimbo(alone).confidence
    assert any(e.startswith("swaps are sparse here") for e in _flimbo(both).evidence)
