"""The document model: strong tells decide alone, soft tells decide in numbers."""
from __future__ import annotations

import pytest

import restore
from restore import docmodel, engine
from restore.scoring import get_model

CLEAN = (
    "The company said on Tuesday that it would cut about 500 jobs as part of a plan to reduce costs. "
    "Officials told reporters that the decision was difficult but necessary, and that workers would "
    "receive help to find new positions. The firm has struggled since last year, when sales fell sharply "
    "after the loss of its biggest customer. Analysts said the move was expected and that the shares rose "
    "slightly after the announcement. The chief executive said the business would focus on its most "
    "important markets and invest in new products. Unions criticised the plan and called for talks with "
    "the management to protect the jobs of their members. The government said it was watching the "
    "situation closely and was ready to support the region."
)
# The same text through a thesaurus spinner, with no month, modal or article tell in it.
SPUN = (
    "The firm said on Tuesday that it would cut about 500 jobs as part of a plan to scale back costs. "
    "Officials told newsmen that the resolution was troublesome but mandatory, and that workers would "
    "obtain assist to discover new positions. The firm has wrestled since last year, when sales fell "
    "sharply after the loss of its largest buyer. Analysts said the move was anticipated and that the "
    "shares rose slightly after the announcement. The chief executive said the enterprise would focus on "
    "its most essential markets and invest in new merchandise. Unions criticised the plan and called for "
    "talks with the administration to defend the jobs of their members. The government said it was "
    "watching the state of affairs carefully and was prepared to assist the region."
)


@pytest.fixture
def no_strong_tells(monkeypatch):
    """Take away every strong tell, so that only the soft-tell rate can show spinning."""
    monkeypatch.setattr(engine, "_can_tell", lambda opt: False)


def test_soft_tells_alone_show_a_spun_document(no_strong_tells):
    evidence = engine.document_evidence(SPUN)
    assert evidence["strong"] == 0
    assert evidence["soft"] >= 8
    result = restore.fix(SPUN)
    assert result.spin_score >= 0.5
    fixed = {(s.text, s.suggestion) for s in result.spans if s.applied}
    assert {("troublesome", "difficult"), ("anticipated", "expected")} <= fixed
    # every suggestion applied is what the clean text says there
    assert all(suggestion in CLEAN for _, suggestion in fixed)


def test_clean_text_has_few_soft_tells_and_stays_unchanged(no_strong_tells):
    evidence = engine.document_evidence(CLEAN)
    assert evidence["soft"] <= 2
    result = restore.fix(CLEAN)
    assert result.spin_score < 0.2
    assert result.text == CLEAN


def test_soft_tells_are_a_rate_not_a_count():
    model = get_model()
    # The same twelve soft tells are damning in 150 words and noise in 3,000.
    short = docmodel.spin_score(0, 150, model, soft_tells=12)
    long = docmodel.spin_score(0, 3000, model, soft_tells=12)
    assert short > 0.9 > 0.1 > long


def test_sampled_estimate_agrees_with_the_full_count():
    """The engine estimates the soft-tell count on a sample and stops early on clean text;
    the estimate must land on the right side of the gate either way."""
    text = " ".join([SPUN] * 6)
    full = engine.document_evidence(text)
    result = restore.fix(text)
    assert full["soft"] >= 40 and result.spin_score >= 0.99
    clean = " ".join([CLEAN] * 6)
    assert restore.fix(clean).spin_score < 0.2
