"""Which original gold-restored spun text showed for a spun form (restore.choice_priors)
weighs in when a spun form has several candidate originals."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

import restore
from restore import choice_priors, gold

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def table(tmp_path, monkeypatch):
    """A small counts table in place of the shipped one."""
    model = tmp_path / "model"
    model.mkdir()
    (model / choice_priors.TABLE_NAME).write_text(
        "# name: test\nfound\toriginal\tcount\nagency\tfirm\t6\nagency\tcompany\t2\n", encoding="utf-8")
    monkeypatch.setattr(choice_priors, "data_dir", lambda: tmp_path)
    monkeypatch.setattr(choice_priors, "_TABLE", None)
    yield
    choice_priors._TABLE = None


def test_the_usual_original_scores_above_the_rarer_one(table):
    assert choice_priors.choice_prior("agency", "firm") == pytest.approx(math.log(7) - math.log(3))
    assert choice_priors.choice_prior("agency", "company") == pytest.approx(math.log(3) - math.log(7))


def test_an_original_never_seen_for_a_seen_form_scores_below_zero(table):
    assert choice_priors.choice_prior("Agency", "business") == pytest.approx(-math.log(9))


def test_a_form_never_seen_says_nothing(table):
    assert choice_priors.choice_prior("battle", "war") == 0.0


def test_the_key_is_folded_and_spaces_are_one():
    assert choice_priors.choice_key("Now\n not", "NOT") == ("now not", "not")


def test_a_possessive_on_both_sides_counts_for_the_word():
    """The engine finds "metropolis" in "metropolis's" (the "'s" is a token of its own), so
    the gold's possessive marks must count for the bare words."""
    assert choice_priors.choice_key("Metropolis’s", "city's") == ("metropolis", "city")
    assert choice_priors.choice_key("kids's", "children") == ("kids's", "children")  # one side only
    assert choice_priors.choice_key("its", "his") == ("its", "his")
    c, n = choice_priors.choice_counts("metropolis", "city")
    c_pos, n_pos = choice_priors.choice_counts("metropolis's", "city's")
    assert (c, n) == (c_pos, n_pos) and c > 0


def test_the_shipped_table_counts_the_gold_marks():
    """Every row is a positive count, and the table agrees with the gold files it was
    counted from (scripts/fit_choice_priors.py), so it is not stale."""
    sys.path.insert(0, str(ROOT / "scripts"))
    counts = {}
    for line in (ROOT / "lexicons" / "model" / choice_priors.TABLE_NAME).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("found\t") or not line.strip():
            continue
        found, original, count = line.split("\t")
        assert int(count) > 0
        counts[(found, original)] = int(count)
    seed = gold.parse((ROOT / "seeds" / "seed-000.txt").read_text(encoding="utf-8"))
    for m in seed.marks:
        if not m.optional:
            assert choice_priors.choice_key(m.spun, m.alternatives[0]) in counts


def test_now_not_comes_back_as_not_where_spun_text_showed_it():
    text = ("Officers mentioned the assembly befell on Could 19. \"There is simply now not enough "
            "water to head round,\" essentially the most senior respectable mentioned.")
    r = restore.fix(text)
    spans = [s for s in r.spans if s.text == "now not"]
    assert spans and spans[0].suggestion == "not" and spans[0].applied


def test_a_curated_entry_loses_confidence_where_the_gold_showed_other_originals(tmp_path, monkeypatch):
    """The choice feature applies to curated entries too: counts that show 'befell' standing
    for other originals than the entry's lower its confidence; counts that agree raise it."""
    text = ("Officials mentioned the assembly befell on Could 19, and essentially the most senior "
            "respectable stated the town would now not pay.")
    model = tmp_path / "model"
    model.mkdir()
    confs = {}
    for name, rows in (("agree", "befell\ttook place\t20\n"), ("disagree", "befell\thappened\t20\n")):
        (model / choice_priors.TABLE_NAME).write_text("# name: test\nfound\toriginal\tcount\n" + rows, encoding="utf-8")
        monkeypatch.setattr(choice_priors, "data_dir", lambda: tmp_path)
        monkeypatch.setattr(choice_priors, "_TABLE", None)
        span = [s for s in restore.fix(text).spans if s.text == "befell"][0]
        assert span.rule == "mw.befell"
        confs[name] = span.confidence
        if name == "disagree":  # the reviewer is told why
            assert "gold-restored spun text showed 'took place' for these words in 0 of 20 marks" in span.evidence
    choice_priors._TABLE = None
    assert confs["disagree"] < confs["agree"]
