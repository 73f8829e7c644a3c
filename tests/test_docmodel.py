"""The document model: strong tells decide alone, soft tells decide in numbers."""
from __future__ import annotations

import pytest

import restore
from restore import docmodel, engine
from restore.scoring import get_model

CLEAN = (
    "The company said on Tuesday that it would cut about 500 jobs as part of a plan to reduce costs. "
    "Officials told reporters that the decision was difficult but necessary, and that staff would "
    "receive help to find new positions. The firm has struggled since last year, when sales fell sharply "
    "after the loss of its biggest customer. Analysts said the move was expected and that the shares rose "
    "slightly after the announcement. The chief executive said the business would focus on its most "
    "important markets and invest in new products. Unions criticised the plan and called for talks with "
    "the management to protect the jobs of their members. The government said it was watching the "
    "situation closely and was ready to support the region."
)
# The same text through a thesaurus spinner, with no month, modal or article tell in it
# ("staff" -> "workers" is one of its commonest swaps: 116 of the gold's 133 marks of "workers").
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
    # Six copies: each spun form counts at most engine.FORM_REPEATS times (22 soft tells,
    # where every copy counted gave over 40).
    assert full["soft"] >= 20 and result.spin_score >= 0.99
    clean = " ".join([CLEAN] * 6)
    assert restore.fix(clean).spin_score < 0.2


def _option_features(text: str, found: str, original: str) -> list[dict]:
    rows = engine.candidates(text, restore.Config(assume_spun=True))
    return [r["features"] for r in rows if r["text"] == found and r["original"] == original]


def test_an_untouched_original_elsewhere_argues_against_a_stand_in():
    text = "For instance, the file was large. One example is the file we sent, for instance."
    features = _option_features(text, "instance", "example")
    assert len(features) == 2 and all(f.get("orig_in_doc") == 1.0 for f in features)
    # an original that is itself a possible stand-in ("larger" for bigger) is weaker evidence
    text = "The bigger rooms were warm, and the larger hall was cold, and the bigger kitchen too."
    features = _option_features(text, "bigger", "larger")
    assert features and all(f.get("orig_as_finding") == 1.0 and not f.get("orig_in_doc") for f in features)


def test_originals_inside_compounds_and_multiword_stand_ins_do_not_count():
    # "right" only occurs inside "right-hand", which a spinner leaves alone
    text = "Write the proper name in the upper right-hand corner of the form, then sign it."
    features = _option_features(text, "proper", "right")
    assert features and all(not f.get("orig_in_doc") for f in features)


def test_an_absent_common_original_is_evidence_in_proportion_to_its_frequency():
    text = " ".join(["The committee met on Monday and the members discussed the budget."] * 10
                    + ["However, the decision was postponed."])
    (features,) = _option_features(text, "However", "But") or _option_features(text, "However", "but")
    # "but" is common: in 100 words it would be expected about once
    assert 0.2 < features["orig_missing"] <= engine.ORIG_MISSING_CAP


def test_occurrences_of_one_stand_in_share_their_confidence():
    spun = ("The battle began in spring. Thousands fled the battle zone, and the battle "
            "crippled the economy. Prisoners of battle were exchanged in May, officials mentioned.")
    result = restore.fix(spun, assume_spun=True)
    battles = [s for s in result.spans if s.text == "battle" and s.suggestion == "war"]
    assert len(battles) == 3
    assert len({s.confidence for s in battles}) == 1


def test_an_occurrence_the_language_model_keeps_is_not_lifted_by_the_others():
    """'remaining' stands for final in 'the remaining result was announced', but '12 games
    remaining' is the writer's own: pooling must not carry the confidence of the first
    kind to it, while the two of the first kind still share theirs."""
    spun = ("The remaining result was announced on Sunday, officials mentioned. The side is "
            "sixth with 12 games remaining. The remaining result surprised the fans.")
    result = restore.fix(spun, assume_spun=True, report_floor=0.0)
    spans = sorted((s for s in result.spans if s.text == "remaining"), key=lambda s: s.start)
    assert [s.suggestion for s in spans] == ["final"] * 3
    first, games, second = spans
    assert first.applied and second.applied and first.confidence == second.confidence
    assert games.confidence < first.confidence and not games.applied


def test_no_cue_vetoes_hold_in_clean_text_and_lift_in_spun_text():
    sentence = "In accordance with the Met Office, heavy rain is expected over the weekend."
    assert not [s for s in restore.fix(sentence, report_floor=0.01).spans if s.text == "In accordance with"]
    # the same sentence inside a document that is certainly spun
    spun = restore.fix("The assembly befell on Could 19. " + SPUN + " " + sentence, report_floor=0.01)
    assert spun.spin_score >= engine.LIFT_GATE
    (span,) = [s for s in spun.spans if s.text == "In accordance with"]
    assert span.suggestion == "According to"
    assert any("certainly spun" in e for e in span.evidence)


def test_hard_vetoes_are_never_lifted():
    # "in accordance with the law" is ordinary English whatever the document
    text = SPUN + " The plan was drawn up in accordance with the law."
    assert not [s for s in restore.fix(text, report_floor=0.01).spans if s.text == "in accordance with"]


SHORT_SPUN = ("Others remain skeptical. Mark Delaney, whose two daughters attend one of many affected "
              "faculties, stated he would keep them dwelling until the outbreak is over moderately than "
              "vaccinate them. \"I respect the doctors, however this is our choice to make,\" he said.")
SHORT_CLEAN = ("Others remain skeptical. Mark Delaney, whose two daughters attend one of the affected "
               "schools, said he would keep them at home until the outbreak is over rather than "
               "vaccinate them. \"I respect the doctors, but this is our choice to make,\" he said.")


def test_a_short_paragraph_with_many_soft_tells_is_spun(no_strong_tells):
    """Under 60 words soft tells are no rate, but half a dozen of them still show a spinner
    (no clean paragraph of 20-60 words in the validation and news prose shows four)."""
    evidence = engine.document_evidence(SHORT_SPUN)
    assert evidence["words"] < engine.SOFT_MIN_WORDS and evidence["soft"] >= engine.SHORT_SOFT_MIN
    result = restore.fix(SHORT_SPUN)
    assert result.spin_score > 0.9
    assert "rather than" in result.text and "schools" in result.text


def test_the_same_paragraph_clean_is_left_alone():
    assert restore.fix(SHORT_CLEAN).text == SHORT_CLEAN


def test_a_lifted_reading_stands_where_nothing_else_reads_the_words():
    line = "Most guests arrived by train from the capital, officials mentioned."
    assert not restore.fix(line, report_floor=0.01).spans
    result = restore.fix("The assembly befell on Could 19. " + SPUN + " " + line, report_floor=0.01)
    (span,) = [s for s in result.spans if s.text == "guests"]
    assert span.suggestion == "visitors" and span.rule == "mw.guests-visitors"
    assert any("certainly spun" in e for e in span.evidence)


def test_a_lifted_reading_gives_way_to_the_tables_over_the_same_words():
    """'ultimate' stands for last only before a verb ("the ultimate time he played"); with
    its veto lifted, that reading would take every 'ultimate' in a spun article, where the
    spinner's table reads it as 'final' without a cue."""
    line = "He will take charge of the squad for the ultimate two qualifying games."
    result = restore.fix("The assembly befell on Could 19. " + SPUN + " " + line, report_floor=0.01)
    (span,) = [s for s in result.spans if s.text == "ultimate"]
    assert span.rule.startswith("spinner:") and span.suggestion == "final"
    assert not any("certainly spun" in e for e in span.evidence)


def test_a_spun_passage_in_a_clean_page_lifts_its_own_vetoes_only():
    from pathlib import Path

    from restore import gold
    here = Path(__file__).resolve().parent
    clean = (here / "data" / "clean_page.txt").read_text(encoding="utf-8").split("\n\n")
    seed = gold.parse((here.parent / "seeds" / "seed-000.txt").read_text(encoding="utf-8")).spun
    line = "Most guests arrived by train from the capital, officials mentioned."
    passage = "\n".join(seed.split("\n")[2:5]).replace("on the dialogue.", "on the dialogue. " + line)
    text = "\n\n".join(clean + [passage] + clean + [line])
    result = restore.fix(text, report_floor=0.01)
    assert result.spin_score < 0.5  # the page as a whole reads as clean
    a = text.index(passage)
    guests = [s for s in result.spans if s.text == "guests"]
    assert [a <= s.start < a + len(passage) for s in guests] == [True]
    assert guests[0].suggestion == "visitors" and guests[0].applied


def test_a_telling_article_lifts_the_spinners_own_guess_not_the_mined_thesaurus():
    # "an settlement": the spinner's table knows settlement for agreement, and the article
    # that fits only the original makes it near certain. "an startling": the article shows
    # a swap, but only the mined thesaurus has a guess ("amazing"): shown, not applied.
    # (The example said "an surprising" until the gold taught the learned table
    # "surprising" for unexpected.)
    text = ("Officials mentioned on Could 19 that they reached an settlement after engineers "
            "detected an startling fault, essentially the most severe this yr.")
    spans = {s.text: s for s in restore.fix(text).spans}
    assert spans["settlement"].suggestion.endswith("agreement") and spans["settlement"].confidence >= 0.85
    guess = spans["startling"]
    assert guess.rule.startswith("thesaurus:") and not guess.applied


def test_no_soft_tell_counted_is_evidence_and_not_counting_is_none():
    # A long document in which none of the spinner's words is a soft tell reads as clean;
    # one whose soft tells were not counted keeps its strong tells' score.
    from restore.docmodel import spin_score
    from restore.scoring import get_model
    model = get_model()
    settled_by_tells = spin_score(2, 1300, model)
    assert spin_score(2, 1300, model, None) == settled_by_tells
    assert spin_score(2, 1300, model, 0) < spin_score(2, 1300, model, 14) < settled_by_tells
    assert spin_score(2, 1300, model, 0) < 0.5


def test_the_linear_score_weighs_each_feature_and_ignores_unweighted_ones():
    from restore.scoring import ScoringModel

    model = ScoringModel(weights={"prior": 2.0, "lm": -0.5, "bias": 1.0})
    assert model.linear({"prior": 0.25, "lm": 4.0, "unknown": 9.0}) == 2.0 * 0.25 - 0.5 * 4.0
    assert model.linear({}) == 0
    assert model.linear({"bias": 1.0}) == 1.0


def _sampled(monkeypatch, tell: bool, n: int = 200, words: int = 2000) -> tuple[int | None, int]:
    """engine._soft_tells over ``n`` stand-in candidates that all are (or none is) a soft
    tell: its estimate, and how many it read."""
    reads = []
    monkeypatch.setattr(engine, "is_soft_tell", lambda context, m, original: reads.append(m) or tell)
    monkeypatch.setattr(engine, "few_candidates_per_form", lambda matches, tokens: matches)
    candidates = [(k, "original") for k in range(n)]
    context = type("Context", (), {"tokens": []})()
    got = engine._soft_tells(lambda: candidates, lambda: [], get_model(), context, 0, words)
    return got, len(reads)


def test_the_soft_tell_sample_of_clean_prose_stops_early_but_not_too_early(monkeypatch):
    estimate, reads = _sampled(monkeypatch, tell=False)
    assert estimate == 0
    # Settled in ten reads or fewer (two standard errors and ten reads at least took 15),
    # never before SOFT_MIN_SAMPLE.
    assert engine.SOFT_MIN_SAMPLE <= reads <= 10


def test_a_document_of_soft_tells_is_read_through_its_whole_sample(monkeypatch):
    estimate, reads = _sampled(monkeypatch, tell=True)
    assert reads == len(range(0, 200, 200 // engine.SOFT_SAMPLE)) and estimate == 200
