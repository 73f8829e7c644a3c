"""Tortured phrases (issue 4): the shipped list, composition, screening, the screen command.

The tests load only the tortured lexicons (``builtin=False`` plus the files under
lexicons/tortured/) so that they exercise this feature and not the other tables.
"""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import restore
from restore import compose, screening
from restore._data import data_dir
from restore.config import Config
from restore.tokens import fold, tokenize

TORTURED_DIR = data_dir() / "tortured"
FILES = tuple(sorted(TORTURED_DIR.glob("*.tsv")) + sorted(TORTURED_DIR.glob("*.toml")))
CFG = Config(builtin=False, lexicons=FILES, report_floor=0.0)


def spans_for(text: str):
    return [s for s in restore.check(text, CFG) if s.rule.startswith(("tortured", "composed"))]


def suggestion_at(text: str, phrase: str) -> str | None:
    start = text.index(phrase)
    for s in spans_for(text):
        if s.start <= start < s.end:
            return s.suggestion
    return None


def test_shipped_lexicon_credits_the_screener():
    head = (TORTURED_DIR / "pps.tsv").read_text(encoding="utf-8")[:2000]
    assert "# name: tortured-pps" in head
    assert "Cabanac" in head and "CC BY 4.0" in head
    readme = (TORTURED_DIR / "README.md").read_text(encoding="utf-8")
    assert "Cabanac" in readme and "CC BY 4.0" in readme


def test_listed_phrase_restored_with_case_kept():
    result = restore.fix("Counterfeit consciousness is changing medicine, as this study shows.", CFG)
    assert result.text == "Artificial intelligence is changing medicine, as this study shows."
    span = result.spans[0]
    assert span.rule.startswith("tortured") and span.applied


def test_lowercase_listed_phrase_in_a_sentence():
    text = "We trained a model with profound learning on the images."
    assert suggestion_at(text, "profound learning") == "deep learning"


def test_plural_variant():
    text = "The irregular woodlands were compared with boosting."
    assert fold(suggestion_at(text, "irregular woodlands") or "") == "random forests"


def test_hyphen_variant():
    text = "Counterfeit-consciousness methods were used."
    assert fold(suggestion_at(text, "Counterfeit-consciousness") or "") == "artificial intelligence"


def test_trailing_acronym_kept_as_written():
    text = "We marked the place of interest (ROI) in each scan."
    spans = [s for s in spans_for(text) if fold(s.suggestion) == "region of interest"]
    assert spans, spans_for(text)
    span = spans[0]
    assert text[span.start:span.end] == "place of interest"
    assert restore.apply(text, [span], only_applied=False) == "We marked the region of interest (ROI) in each scan."


def test_expected_phrase_notes_are_cleaned():
    from importlib import util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "build_tortured.py"
    spec = util.spec_from_file_location("build_tortured", path)
    mod = util.module_from_spec(spec)
    sys.modules["build_tortured"] = mod
    spec.loader.exec_module(mod)
    assert mod.clean_expected("region of interest (roi)") == (["region of interest"], "ok", "")
    originals, status, _ = mod.clean_expected("energy/power usage")
    assert status == "ok" and originals == ["energy usage", "power usage"]
    assert mod.clean_expected("???")[1] == "flag"
    assert mod.clean_expected("rythm pattern (?)")[1] == "unsure"
    assert mod.split_tortured("web of things (iot)") == ("web of things", "iot")


def test_legitimate_uses_are_never_flagged():
    legit = compose.legitimate()
    assert "supervised learning" in legit and "signal handling" in legit
    text = "We compare supervised learning with signal handling in the kernel and run a regression test."
    assert spans_for(text) == []
    report = screening.screen(text, config=CFG)
    assert report.findings == [] and report.risk == "none"


def test_clean_technical_sentence_not_flagged():
    text = ("The function returns a new list. Exceptions raised in the callback are logged, and the "
            "default timeout is used when no value is given. Test arrangement and grouping methods "
            "are described in the appendix.")
    report = screening.screen(text, config=CFG)
    assert report.counted == []


def test_listed_phrases_that_are_ordinary_economics_wording_are_left_alone():
    """"distant workers" (listed for remote servers) and "intermediate commodities" (for
    intermediate goods) are how economists write: a paper on supply chains holds both."""
    text = ("Estimates suggest that intermediate commodities account for more than half of trade. "
            "A delay in London can affect the hours and wages of distant workers in Bangladesh, "
            "as the paper shows in its second section.")
    assert [s for s in restore.fix(text).spans if s.applied] == []
    # Still known to the list: with support (a paper full of other listed phrases) they may fire.
    context = (TORTURED_DIR / "pps-context.toml").read_text(encoding="utf-8")
    assert '"distant workers"' in context and '"intermediate commodities"' in context


def test_composed_phrase_found_for_an_unlisted_phrase():
    text = "Patients with bosom cancer were enrolled."
    listed = restore.lexicon.load(FILES, False)
    assert ("bosom", "cancer") not in {k for k in listed.main.lengths}  # sanity: not a listed key
    props = compose.propose(tokenize(text), text, compose.get_data(), listed)
    assert [(p.found, p.original) for p in props] == [("bosom cancer", "breast cancer")]
    assert 0.5 <= props[0].confidence < 1.0
    spans = [s for s in spans_for(text) if s.rule.startswith("composed")]
    assert spans and fold(spans[0].suggestion) == "breast cancer"
    # the composer's own reasons reach the span's evidence, for the reviewer
    evidence = spans[0].evidence
    assert evidence[0].startswith("composed word by word (not on the list)")
    assert any("'bosom' -> 'breast' is a swap seen" in e for e in evidence)
    assert any("established technical term" in e for e in evidence)


def test_composed_phrases_are_applied_only_beside_a_listed_one():
    """Composition guesses at a paraphrasing tool. In a paper where a listed tortured
    phrase shows one at work, the composed restoration is applied; in an article that
    only an article spinner damaged it is at most reported for review (that spinner's
    'circulatory illness' is circulatory disease, not 'blood disease')."""
    paper = ("We trained a profound learning model on the records. Patients with bosom cancer "
             "were enrolled in the irregular woodland study.")
    article = ("On Could 19 officials mentioned that patients with bosom cancer would get "
               "essentially the most advanced care, the ministry mentioned in a press release.")

    def composed(text, **kw):
        return [s for s in restore.fix(text, **kw).spans if s.rule.startswith("composed")]

    in_paper = composed(paper)
    assert in_paper and in_paper[0].applied and fold(in_paper[0].suggestion) == "breast cancer"
    in_article = composed(article, report_floor=0.0)
    assert restore.fix(article).spin_score > 0.9  # the article is certainly spun
    assert all(not s.applied for s in in_article)
    # when the user says the text is damaged, the composed guess is applied as before
    assert any(s.applied for s in composed(article, assume_spun=True))


def test_composition_sees_through_hyphens():
    """Paraphrasing tools hyphenate freely: "bosom-cancer" composes like "bosom cancer"."""
    listed = restore.lexicon.load(FILES, False)
    for text in ("Patients with bosom-cancer were enrolled.", "Patients with bosom cancer were enrolled."):
        props = compose.propose(tokenize(text), text, compose.get_data(), listed)
        assert [(fold(p.found).replace("-", " "), p.original) for p in props] == [("bosom cancer", "breast cancer")]
    # other punctuation still separates the words
    text = "Patients with bosom, cancer and more were enrolled."
    assert compose.propose(tokenize(text), text, compose.get_data(), listed) == []


def test_composition_rebuilt_from_pairs():
    data = compose.build_data(pairs=[("profound learning", "deep learning"), ("irregular woodland", "random forest")],
                              terms=["deep learning", "random forest", "deep forest"])
    text = "A profound woodland was grown."
    props = compose.propose(tokenize(text), text, data, None, min_confidence=0.0)
    assert [p.original for p in props] == ["deep forest"]
    assert compose.align_pairs([("profound learning", "deep learning")]) == {("profound", "deep"): 1}


def test_composition_terms_match_singular_and_plural():
    # Only the singular is a known term; the plural composition is accepted all the same.
    data = compose.build_data(pairs=[("neural organizations", "neural networks"), ("brain organization", "brain network")],
                              terms=["neural network"])
    assert data.term_source("neural networks") == "pps"
    assert data.term_source("neural network") == "pps"
    assert data.term_source("neural organizations") is None
    text = "We trained neural organizations on the data."
    props = compose.propose(tokenize(text), text, data, None, min_confidence=0.0)
    assert [(p.found, p.original) for p in props] == [("neural organizations", "neural networks")]
    # a phrase that is itself a known term (in the other number) is never proposed
    data = compose.build_data(pairs=[("neural organizations", "neural networks")], terms=["neural organization"])
    text = "We trained neural organizations on the data."
    assert compose.propose(tokenize(text), text, data, None, min_confidence=0.0) == []


def test_composition_prefers_the_fewest_swaps():
    # "keen framework" is one swap from "smart framework" and two from "smart system": the
    # paraphraser kept "framework", so the nearer term wins whatever the scores.
    data = compose.build_data(pairs=[("keen device", "smart device"), ("keen framework", "smart system"),
                                     ("keen framework", "smart system"), ("solid framework", "solid system")],
                              terms=["smart system", "smart framework"])
    text = "A keen framework was deployed."
    props = compose.propose(tokenize(text), text, data, None, min_confidence=0.0)
    assert [p.original for p in props] == ["smart framework"]


def test_screening_report_fields_and_risk_levels():
    assert screening.risk_level(0, 0.0) == "none"
    assert screening.risk_level(1, 0.1) == "low"
    assert screening.risk_level(1, 0.6) == "medium"
    assert screening.risk_level(2, 0.1) == "medium"
    assert screening.risk_level(3, 0.1) == "high"
    text = ("Our approach uses profound learning. Counterfeit consciousness and counterfeit neural "
            "networks were combined with bosom malignant growth data.")
    report = screening.screen(text, "paper.txt", config=CFG)
    d = report.to_dict()
    for key in ("document", "words", "phrases", "distinct", "per_1000_words", "risk", "findings", "note"):
        assert key in d
    assert d["risk"] == "high"
    assert d["per_1000_words"] > 0
    assert "not proof" in d["note"]
    kinds = {f["kind"] for f in d["findings"]}
    assert "listed" in kinds
    assert all(f["evidence"] for f in d["findings"])


def test_cli_screen_text_and_json(tmp_path, monkeypatch):
    from restore.cli import main

    paper = tmp_path / "paper.txt"
    paper.write_text("We used profound learning and counterfeit consciousness for bosom malignant growth.\n",
                     encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("The function returns a list of strings.\n", encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["screen", str(paper), str(clean)])
    assert res.exit_code == 0, res.output
    assert "risk" in res.output.lower() and "not proof" in res.output
    res = runner.invoke(main, ["screen", "--format", "json", str(paper), str(clean)])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.output)
    docs = {d["document"]: d for d in payload["documents"]}
    assert docs[str(paper)]["risk"] in ("medium", "high")
    assert docs[str(clean)]["risk"] == "none"
    assert "not proof" in payload["note"]


@pytest.mark.parametrize("phrase,original", [
    ("bosom malignant growth", "breast cancer"),
    ("information mining", "data mining"),
    ("huge information", "big data"),
])
def test_examples_from_the_issue(phrase, original):
    text = f"This section describes {phrase} and its role in the present study."
    assert fold(suggestion_at(text, phrase) or "") == original


def test_benchmark_criterion_for_composed_proposals():
    from benchmarks.tortured import restores_part

    assert restores_part("profound learning", "deep learning", ["deep learning"])
    # singular and plural alike
    assert restores_part("canny transport frameworks", "intelligent transport systems",
                         ["intelligent transport system"])
    # a part of the phrase restored to a part of the original
    assert restores_part("stochastic angle", "stochastic gradient", ["stochastic gradient descent"])
    # the expected original whole, plus a word of the found text left as it was
    assert restores_part("mean supreme mistake", "mean absolute error", ["absolute error"])
    # wrong originals stay wrong
    assert not restores_part("keen framework", "smart system", ["smart framework"])
    assert not restores_part("atomic vitality", "atomic energy", ["nuclear energy"])
    assert not restores_part("mean supreme mistake", "mean total error", ["absolute error"])


PAPER = (
    "In this paper, we propose a novel framework based on profound learning for the early detection "
    "of lung disease. Counterfeit consciousness methods, particularly convolutional neural organizations, "
    "have shown remarkable performance in imaging. We compare our model with irregular woodland "
    "classifiers on a public dataset. The proposed approach achieves a precision of 97.2%, and we "
    "examine the effect of move learning on the framework."
)


def test_tortured_phrases_do_not_open_the_article_spinner_tables():
    """A paper full of listed tortured phrases is damaged by a paraphrasing tool; that is no
    evidence that its everyday words ("methods", "approach", "examine") are stand-ins."""
    result = restore.fix(PAPER)
    applied = {s.text: s.suggestion for s in result.spans if s.applied}
    assert applied["profound learning"] == "deep learning"
    assert applied["irregular woodland"] == "random forest"
    assert result.spin_score > 0.99
    for word in ("methods", "particularly", "approach", "achieves", "examine"):
        assert word not in applied, (word, applied)


def test_overlapping_listed_phrases_join_into_one_restoration():
    text = "We trained a backing vector machine taking in model on the data."
    result = restore.fix(text)
    (span,) = [s for s in result.spans if s.applied]
    assert (span.text, span.suggestion) == ("backing vector machine taking in", "support vector machine learning")
    assert result.text == "We trained a support vector machine learning model on the data."
    assert any("overlap" in e for e in span.evidence)


def test_a_curated_entry_beats_a_composed_guess_on_the_same_words():
    """Composition guesses "economic development" for "financial development"; the curated
    collocation knows the spinner's "economic growth" and takes the stretch, whatever the
    two confidences."""
    text = "The bank expects financial development to slow to 2 percent."
    result = restore.fix(text, assume_spun=True)
    (span,) = [s for s in result.spans if s.text == "financial development"]
    assert span.rule == "col.economic-growth" and span.suggestion == "economic growth"


@pytest.mark.parametrize("text", [
    "The potter's unique marks are pressed into the base of each jug.",
    "She finished a 128 piece jigsaw of the harbour.",
    "We list a few places of interest near the station.",
])
def test_the_other_number_of_a_listed_phrase_is_judged_on_its_own(text):
    # The list has "unique mark" and "128 pieces"; their other numbers are ordinary English
    # whatever the listed form's risk (scripts/build_tortured.py), so they sit in the tier
    # that needs context, not in the table, and a clean sentence reports nothing.
    table = (TORTURED_DIR / "pps.tsv").read_text(encoding="utf-8")
    assert "\nunique marks\t" not in table and "\n128 piece\t" not in table
    assert [s for s in restore.fix(text).spans] == []
