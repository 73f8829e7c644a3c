"""A suspected source as evidence: what the aligned reference has at each finding's place."""
import inspect

import pytest

import restore
from restore import engine
from restore.reference import CONTRADICTS, OTHER, STRONG, WEAK, ReferenceIndex

ORIGINAL = "The talks began on May 19. They want to end the war soon. The battle of Hastings was in 1066."
SPUN = "The talks began on Could 19. They want to end the battle soon. The battle of Hastings was in 1066."

INTEGRATED = "ReferenceIndex" in inspect.getsource(engine)
needs_engine = pytest.mark.skipif(not INTEGRATED, reason="engine does not use restore.reference yet")


def test_strong_when_the_reference_has_the_original_at_this_place():
    idx = ReferenceIndex(ORIGINAL, SPUN)
    at = SPUN.index("Could")
    ev = idx.evidence(at, at + 5, "May")
    assert ev.score == STRONG and ev.strong
    assert ev.reason == "the reference text has 'May' at this place"
    at = SPUN.index("battle soon")
    assert idx.evidence(at, at + 6, "war").score == STRONG


def test_contradicted_where_the_words_were_copied_unchanged():
    idx = ReferenceIndex(ORIGINAL, SPUN)
    at = SPUN.index("battle of Hastings")
    ev = idx.evidence(at, at + 6, "war")
    assert ev.score == CONTRADICTS
    assert "'battle' here too" in ev.reason


def test_other_word_at_this_place_and_weak_elsewhere():
    idx = ReferenceIndex(ORIGINAL, SPUN)
    at = SPUN.index("battle soon")
    ev = idx.evidence(at, at + 6, "fight")
    assert ev.score == OTHER and "'war' here, not 'fight'" in ev.reason
    # a sentence the reference does not have: only whether it contains the word
    text = SPUN + " Nobody expected the war to stop."
    idx = ReferenceIndex(ORIGINAL, text)
    at = text.index("war to stop")
    assert idx.evidence(at, at + 3, "war").score == WEAK
    assert idx.evidence(at, at + 3, "conflict").score == 0.0


def test_reference_raises_confidence(mini):
    plain = {s.text: s for s in restore.fix(SPUN, **mini).spans}
    with_ref = restore.fix(SPUN, reference=ORIGINAL, **mini)
    spans = {(s.start, s.text): s for s in with_ref.spans}
    could = spans[(SPUN.index("Could"), "Could")]
    assert could.applied and could.confidence >= plain["Could"].confidence
    battle = spans[(SPUN.index("battle soon"), "battle")]
    assert battle.applied and battle.suggestion == "war"
    assert any("reference text" in e for e in battle.evidence)


@needs_engine
def test_reference_evidence_is_placed(mini):
    result = restore.fix(SPUN, reference=ORIGINAL, **mini)
    assert result.text == ORIGINAL  # "The battle of Hastings" was copied as is: left alone
    could = next(s for s in result.spans if s.text == "Could")
    assert "the reference text has 'May' at this place" in could.evidence


def test_words_the_source_has_as_found_are_not_restored():
    source = ("The mayor mentioned the final report during the meeting on Tuesday. She stated that the "
              "budget would be balanced next year, and the council agreed to review the plan.")
    copy = ("The mayor mentioned the final report throughout the assembly on Tuesday. She stated that the "
            "finances could be balanced subsequent yr, and the council agreed to evaluation the plan.")
    r = restore.fix(copy, reference=source)
    found = {s.text for s in r.applied}
    # what the source contradicts is restored ("subsequent yr" word by word or as one phrase)
    assert "assembly" in found and "balanced next year" in r.text
    # ... and what it has word for word is not, however sure the lexicon is elsewhere
    assert not found & {"mentioned", "stated", "final"}
    assert "The mayor mentioned the final report" in r.text
