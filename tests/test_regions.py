"""Regional spin: a spun passage inside clean pages does not open the gate for the pages."""
from __future__ import annotations

from pathlib import Path

import pytest

import restore
from restore import engine, gold, regions
from restore.matcher import Match

DATA = Path(__file__).resolve().parent / "data"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "seed-000.txt"


def test_a_spun_stretch_stays_spun_and_a_long_clean_stretch_reads_clean():
    # 600 spun words with a soft tell every 20 words, then 1,400 clean words without one.
    spin = regions.RegionalSpin(2000, strong=[50, 300], soft=list(range(5, 600, 20)))
    assert all(spin.factor(i) > 0.95 for i in range(0, 560, 10))
    assert spin.factor(800) < 0.1
    assert spin.factor(1500) < 0.01


def test_a_gap_between_tells_inside_a_spun_text_does_not_read_clean():
    # Tells every 20 words except for a quiet stretch of 150 (a quote, a list of names).
    soft = [i for i in range(5, 1200, 20) if not 500 <= i < 650]
    spin = regions.RegionalSpin(1200, strong=[100], soft=soft)
    assert min(spin.factor(i) for i in range(1200)) > 0.9


def test_a_paragraph_break_is_where_a_spun_passage_ends():
    # Clean words 0-599, then a spun paragraph (words 600-899, a soft tell every 15 words)
    # after a blank line, then clean words again after another.
    soft = list(range(605, 900, 15))
    plain = regions.RegionalSpin(1500, strong=[700], soft=soft)
    broken = regions.RegionalSpin(1500, strong=[700], soft=soft, paragraphs=[600, 900])
    # The last words of the clean paragraph before the passage: read as spun without the
    # break (the posterior fades word by word), as clean with it.
    assert plain.factor(595, start=0.5) > 0.5 and plain.factor(905, start=0.5) > 0.4
    assert broken.factor(595, start=0.5) < 0.15 and broken.factor(905, start=0.5) < 0.15
    assert min(broken.factor(i, start=0.5) for i in range(600, 900)) > 0.9


def test_paragraph_breaks_inside_a_spun_text_do_not_split_it():
    # Every 60 words a new paragraph; one paragraph (words 480-539) has no tell at all.
    soft = [i for i in range(5, 1200, 20) if not 480 <= i < 540]
    spin = regions.RegionalSpin(1200, strong=[100], soft=soft, paragraphs=range(60, 1200, 60))
    assert min(spin.factor(i) for i in range(1200)) > 0.9


def test_a_short_passage_with_a_strong_tell_opens_between_its_paragraph_breaks():
    """Read from the prior (a page not spun as a whole), a passage of a hundred words with
    one strong and two soft tells, pasted between paragraph breaks, passes the gate; the
    clean words on either side stay clean. Costed like a break inside a spun document, it
    would not pass."""
    args = dict(strong=[1030], soft=[1010, 1060], paragraphs=[1000, 1100])
    passage = regions.RegionalSpin(2100, **args)
    costly = regions.RegionalSpin(2100, **args, passage_switch=regions.PARAGRAPH_SWITCH)
    assert passage.peak(0.1) > 0.8 and costly.peak(0.1) < 0.5
    assert passage.factor(900, 0.1) < 0.05 and passage.factor(1200, 0.1) < 0.05


def test_given_a_spun_document_a_paragraph_break_costs_as_before():
    # The passage switch is for a chain read from the prior; a spun document's chain
    # (START_SPUN) keeps a paragraph without a tell spun whatever it is.
    soft = [i for i in range(5, 1200, 20) if not 480 <= i < 600]
    paragraphs = range(60, 1200, 60)
    easy = regions.RegionalSpin(1200, strong=[100], soft=soft, paragraphs=paragraphs, passage_switch=0.5)
    assert min(easy.factor(i) for i in range(1200)) > 0.9


def test_short_documents_are_one_region():
    spin = regions.RegionalSpin(regions.MIN_WORDS - 1, strong=[], soft=[])
    assert not spin.active
    assert spin.factor(10) == 1.0


def _mixed_page() -> tuple[str, int, int]:
    """The clean page of tests/data with two spun paragraphs of the seed at its start."""
    clean = (DATA / "clean_page.txt").read_text(encoding="utf-8")
    spun = "\n".join(gold.parse(SEED.read_text(encoding="utf-8")).spun.split("\n")[2:4])
    return spun + "\n\n" + clean, 0, len(spun)


def test_the_clean_page_alone_is_left_alone():
    clean = (DATA / "clean_page.txt").read_text(encoding="utf-8")
    assert restore.fix(clean).text == clean


def test_spun_paragraphs_are_restored_and_the_clean_pages_after_them_are_not():
    text, a, b = _mixed_page()
    result = restore.fix(text)
    applied = [s for s in result.spans if s.applied]
    inside = [s for s in applied if a <= s.start < b]
    outside = [s for s in applied if not a <= s.start < b]
    assert result.spin_score > 0.9
    assert {s.suggestion for s in inside} >= {"Defense Minister", "May"}
    assert outside == []
    # Reported at a low floor, the writer's own "whereas" says why it was not applied.
    low = restore.fix(text, report_floor=0.0)
    notes = [e for s in low.spans if not a <= s.start < b and s.text == "whereas" for e in s.evidence]
    assert any("reads as clean" in e for e in notes)


def test_without_the_regional_model_the_clean_pages_would_be_edited(monkeypatch):
    # Shows that the test above can fail: the document-level gate alone opens for all.
    monkeypatch.setattr(regions.RegionalSpin, "factor", lambda self, i: 1.0)
    text, a, b = _mixed_page()
    applied = [s for s in restore.fix(text).spans if s.applied]
    assert any(not a <= s.start < b for s in applied)


@pytest.mark.parametrize("assume_spun", [True])
def test_assume_spun_skips_the_regional_model(assume_spun):
    text, a, b = _mixed_page()
    applied = [s for s in restore.fix(text, assume_spun=assume_spun).spans if s.applied]
    assert any(not a <= s.start < b for s in applied)


def _page_with_a_short_spun_passage() -> tuple[str, int, int]:
    """Three paragraphs of the seed (64 words) between two copies of the clean page: too
    little for the document as a whole to look spun."""
    clean = (DATA / "clean_page.txt").read_text(encoding="utf-8").split("\n\n")
    spun = "\n".join(gold.parse(SEED.read_text(encoding="utf-8")).spun.split("\n")[2:5])
    text = "\n\n".join(clean + [spun] + clean)
    a = text.index(spun)
    return text, a, a + len(spun)


def test_a_spun_passage_in_a_clean_page_is_restored_there_only():
    text, a, b = _page_with_a_short_spun_passage()
    result = restore.fix(text)
    applied = [s for s in result.spans if s.applied]
    inside = [s for s in applied if a <= s.start < b]
    assert result.spin_score < 0.5  # the page as a whole reads as clean
    assert len(inside) >= 5
    assert {"Defense Minister", "May"} <= {s.suggestion for s in inside}
    assert all(a <= s.start < b for s in applied)
    assert any("reads as spun" in e for s in inside for e in s.evidence)


def test_without_regions_the_short_passage_keeps_its_ambiguous_damage(monkeypatch):
    monkeypatch.setattr(regions.RegionalSpin, "peak", lambda self, start: 0.0)
    text, a, b = _page_with_a_short_spun_passage()
    inside = [s for s in restore.fix(text).spans if s.applied and a <= s.start < b]
    assert len(inside) <= 2  # only the strong tells ("Could 19")


def test_the_spin_map_opens_the_gate_only_around_a_spun_stretch():
    # 1,000 clean words, then 100 spun ones with two strong tells and a soft tell every
    # 10 words, then 1,000 clean words: not spun as a whole (spin 0.1).
    soft = list(range(1000, 1100, 10))
    spin = regions.RegionalSpin(2100, strong=[1020, 1060], soft=soft)
    m = regions.SpinMap(0.1, 0.5, spin, prior=0.1, certain=0.99)
    assert m.opens and not m.spun_doc
    assert m.spun_here(1050) and m.at(1050) > 0.9
    assert not m.spun_here(300) and not m.spun_here(1800)
    assert "reads as spun" in m.note(1050, 0.9)


def test_the_spin_map_of_a_short_or_tell_free_document_is_its_spin_score():
    m = regions.SpinMap(0.3, 0.5, None, prior=0.1, certain=0.99)
    assert not m.opens and m.at(10) == 0.3 and not m.spun_here(10) and m.note(10, 0.9) is None


# A spun recipe paragraph with no strong tell: every word it gives away ("thru",
# "crimson", "inventory") is one the spinner's dictionary shares with ordinary English.
_SOFT_ONLY_PASSAGE = (
    "The stew is affordable, it is filling, and it tastes even higher the following day. "
    "You will want two tablespoons of olive oil, one massive onion, three cloves of garlic, one "
    "crimson pepper, part a teaspoon of floor cumin, two tins of combined beans and a handful of "
    "recent parsley.\n"
    "Fry the onion gently thru the primary ten minutes, then add the garlic and the pepper and "
    "stir. Pour within the vegetable inventory, convey it to the boil and let it simmer till the "
    "beans are gentle.")


def _page_with_a_soft_only_passage() -> tuple[str, int, int]:
    clean = (DATA / "clean_page.txt").read_text(encoding="utf-8").split("\n\n")
    text = "\n\n".join(clean + [_SOFT_ONLY_PASSAGE] + clean)
    a = text.index(_SOFT_ONLY_PASSAGE)
    return text, a, a + len(_SOFT_ONLY_PASSAGE)


def test_a_passage_shown_spun_by_soft_tells_alone_is_restored_there_only():
    text, a, b = _page_with_a_soft_only_passage()
    assert engine.document_evidence(text)["strong"] == 0  # what makes this case its own
    result = restore.fix(text)
    applied = [s for s in result.spans if s.applied]
    assert result.spin_score < 0.5
    assert all(a <= s.start < b for s in applied)
    assert {("crimson", "red"), ("inventory", "stock"), ("thru", "through"), ("convey", "bring")} <= {
        (s.text, s.suggestion) for s in applied}
    assert any("reads as spun" in e for s in applied for e in s.evidence)


def test_without_the_screening_the_soft_only_passage_is_left_spun(monkeypatch):
    # Shows that the test above can fail: with no stretch read for its soft tells, a page
    # without a strong tell is read as one clean document.
    monkeypatch.setattr(engine, "SCREEN_MIN_TELLS", 10**6)
    text, a, b = _page_with_a_soft_only_passage()
    assert not [s for s in restore.fix(text).spans if s.applied]


class _ScriptedContext:
    """A language model that prefers the original at the given word positions (clearly at
    ``tells``, a little at ``leaning``) and the text as found elsewhere."""

    def __init__(self, tells: set[int], leaning: set[int] = frozenset()):
        self.tells = tells
        self.leaning = leaning
        self.read: list[int] = []

    def log_ratio(self, match, original):
        self.read.append(match.tok_start)
        if match.tok_start in self.tells:
            return 5.0
        return 3.0 if match.tok_start in self.leaning else -1.0


def _candidates(positions):
    return [(Match(i, i + 1, 6 * i, 6 * i + 5, []), "original") for i in positions]


def test_screening_reads_a_cluster_whole_and_little_of_clean_prose():
    # A candidate every 10 words over 2,000 words; soft tells at every candidate of words
    # 1,000-1,100 (a spun paragraph) and at two lone words of the clean prose.
    positions = list(range(0, 2000, 10))
    cluster = set(range(1000, 1110, 10))
    context = _ScriptedContext(cluster | {130, 1500})
    found = engine.screened_soft_positions(context, _candidates(positions))
    assert cluster <= set(found)  # read whole, though only one in SCREEN_STRIDE is screened
    assert 130 not in found  # off the screen's stride and far from any tell: never read
    assert len(set(context.read)) < len(positions) / 2
    assert len(context.read) == len(set(context.read))  # no candidate read twice


def test_screening_follows_a_lean_to_tells_the_stride_missed():
    # A spun paragraph whose soft tells all fall between the stride's reads; the stride
    # reads one candidate there that the language model only leans on (half a tell).
    positions = list(range(0, 2000, 10))
    stride = engine.SCREEN_STRIDE
    first = 100  # candidate index where the paragraph starts: read by the stride
    assert first % stride == 0
    tells = {positions[k] for k in range(first + 1, first + 12) if k % stride}
    found = engine.screened_soft_positions(_ScriptedContext(tells, {positions[first]}), _candidates(positions))
    assert set(found) == tells
    # Without the lean, nothing leads the screen there.
    assert engine.screened_soft_positions(_ScriptedContext(tells), _candidates(positions)) == []
