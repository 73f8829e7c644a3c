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


def _fit_script():
    sys.path.insert(0, str(ROOT / "scripts"))
    import fit_choice_priors
    return fit_choice_priors


def test_observed_originals_only_extend_known_forms():
    """An original the gold showed twice for a form the spinner table knows is added; one
    seen once, one the table already lists, and any form the table does not know are not."""
    from collections import Counter
    fit = _fit_script()
    counts = Counter({("roughly", "about"): 3, ("roughly", "approximately"): 5, ("roughly", "around"): 1,
                      ("town", "city"): 9})
    known = {"roughly": {"approximately"}}
    rows = fit.observed_rows(counts, known, min_count=2)
    assert rows == [("roughly", "about", pytest.approx(3 / 9))]
    assert fit.observed_rows(counts, known, frozenset({"roughly"}), min_count=2) == []  # a curated entry's form


def test_the_shipped_observed_table_extends_the_spinner_table():
    """spinner_observed.tsv adds originals to spun forms of spinner.tsv, never a new form or
    a pair the table already has (scripts/fit_choice_priors.py writes both)."""
    fit = _fit_script()
    tables = ROOT / "lexicons" / "tables"
    known = fit.read_table_pairs(tables / "spinner.tsv")
    observed = fit.read_table_pairs(tables / "spinner_observed.tsv")
    assert observed
    for spun, originals in observed.items():
        assert spun in known, spun
        assert not originals & known[spun], spun
    head = (tables / "spinner_observed.tsv").read_text(encoding="utf-8").splitlines()[:4]
    assert head[0] == "# name: spinner-observed" and head[3] == "spun\toriginal\tweight\tsource"


def test_an_observed_original_is_proposed_and_named(tmp_path):
    """In a spun document a form of the spinner table gets the original the gold showed for
    it, from the observed table, and the span says where the suggestion came from."""
    (tmp_path / "spinner_observed.tsv").write_text(
        "# name: spinner-observed-test\n# provenance: test\n# licence: CC0-1.0\n"
        "spun\toriginal\tweight\tsource\nroughly\tabout\t1.0\tgold-observed\n", encoding="utf-8")
    text = ("Officials mentioned the assembly befell on Could 19. Roughly 40 other folks attended, "
            "and essentially the most senior respectable stated the town would now not pay.")
    extra = [s for s in restore.fix(text, lexicons=[tmp_path / "spinner_observed.tsv"]).spans if s.text == "Roughly"]
    assert extra and extra[0].suggestion == "About" and extra[0].rule.startswith("spinner-observed")


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
