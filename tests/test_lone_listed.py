"""A long paper whose only tell is one listed two-word phrase: the field's own wording,
reported for review but not applied. Two different listed phrases, or a short text, keep
the list's authority."""
import restore
from restore.engine import LONE_LISTED_MIN_WORDS

PAPER = (
    "In this paper we examine how vineyard management shapes fruit quality across three "
    "growing seasons. We propose a simple model of canopy density and yield, and we "
    "evaluate it on data collected from twelve commercial sites in the region. Previous "
    "studies (Smith et al., 2019; Rossi, 2021) reported that {phrase} varies with "
    "irrigation and with the timing of leaf removal. Our results show that {phrase} was "
    "strongly associated with berry weight and with the concentration of soluble solids "
    "at harvest. The methodology combines field sampling with a regression analysis of "
    "seasonal temperature, rainfall and soil moisture. We discuss the implications for "
    "growers who must balance yield against quality, and we outline the limitations of "
    "the dataset, which covers a small number of cultivars. Further research should test "
    "the model in cooler climates and over a longer period, since the three seasons "
    "studied here were unusually warm and dry. {extra}The data and the analysis code are "
    "available from the authors on request, and the sampling protocol is described in "
    "the supplementary material that accompanies this article in full detail."
)


def _fix(phrase: str, extra: str = ""):
    text = PAPER.format(phrase=phrase, extra=extra)
    assert len(text.split()) >= LONE_LISTED_MIN_WORDS
    return restore.fix(text)


def test_a_single_listed_phrase_in_a_long_paper_is_reported_not_applied():
    result = _fix("bunch size")
    listed = [s for s in result.spans if s.text == "bunch size"]
    assert len(listed) == 2
    assert not any(s.applied for s in listed)
    assert all(0.3 <= s.confidence < 0.55 for s in listed)
    assert any("only listed phrase" in e for e in listed[0].evidence)
    assert "bunch size" in result.text


def test_two_different_listed_phrases_are_applied():
    result = _fix("bunch size", extra="The profound learning baseline performed poorly. ")
    applied = {s.text: s.suggestion for s in result.spans if s.applied}
    assert applied.get("bunch size") == "batch size"
    assert applied.get("profound learning") == "deep learning"


def test_a_single_listed_phrase_in_a_short_paper_is_applied():
    text = "In this paper we propose a profound learning model for the detection of faults (Lee et al., 2020)."
    result = restore.fix(text)
    assert [(s.text, s.suggestion) for s in result.spans if s.applied] == [("profound learning", "deep learning")]


def test_a_long_phrase_keeps_its_authority_alone():
    result = _fix("bosom malignant growth")
    assert any(s.applied and s.suggestion == "breast cancer" for s in result.spans)
