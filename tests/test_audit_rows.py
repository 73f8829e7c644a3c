"""scripts/audit_rows.py: per-rule counts of edits on clean text read as spun against
restorations on hand-spun articles, and the demotion of the lemma rows it lists."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Mapping a surface form back to its lemma rows uses lemminflect, a build-time dependency
# of scripts/ (in the test extra, so CI runs these too).
needs_lemminflect = pytest.mark.skipif(importlib.util.find_spec("lemminflect") is None,
                                       reason="lemminflect is a build-time dependency")


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("audit_rows", ROOT / "scripts" / "audit_rows.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["audit_rows"] = module
    spec.loader.exec_module(module)
    return module


def _data(tmp_path, clean_text: str):
    """A data directory: one spun article ("stated" restored to said, right; its original is
    clean text too) and one clean text."""
    (tmp_path / "handspun").mkdir()
    (tmp_path / "clean-genres").mkdir()
    (tmp_path / "handspun" / "a.txt").write_text(
        "The minister [[stated=>said]] on [[Could=>May]] 19 that [[essentially the most=>the most]] "
        "pressing task [[used to be=>was]] the [[battle=>war]].\n", encoding="utf-8")
    (tmp_path / "clean-genres" / "b.txt").write_text(clean_text, encoding="utf-8")


def test_counts_clean_edits_and_restorations(audit, tmp_path, capsys):
    # Clean text that uses the stand-in in its own sense, twice: read as spun, it is changed.
    _data(tmp_path, "The terms are stated in the contract, which both parties signed on Tuesday. "
                    "The council stated its position in a letter.\n")
    report = tmp_path / "report.tsv"
    assert audit.main(["--data", str(tmp_path), "--tsv", str(report), "--min-clean", "2", "--ratio", "0"]) == 0
    rows = {line.split("\t")[0]: line.split("\t")[1:4] for line in report.read_text().splitlines()[1:]}
    clean, right, wrong = (int(x) for x in rows["spinner:stated"])
    assert (clean, right, wrong) == (2, 1, 0)
    out = capsys.readouterr().out
    assert out.startswith("clean texts read as spun: 2 texts")  # the clean text and the article's original
    # listed: 2 clean edits >= 2, and >= 0 x 1 right + 2
    assert any(line.split()[3:4] == ["spinner:stated"] for line in out.splitlines())


def test_listing_rule_needs_clean_edits_to_outweigh_restorations(audit, tmp_path, capsys):
    _data(tmp_path, "Nothing here is spun at all.\n")
    audit.main(["--data", str(tmp_path), "--min-clean", "1"])
    out = capsys.readouterr().out
    assert "0 rules with clean edits" in out


@needs_lemminflect
def test_demote_judges_a_row_on_all_its_forms_and_spares_attested_ones(audit, tmp_path):
    table = tmp_path / "spinner_lemmas.tsv"
    table.write_text(
        "# name: test\n"
        "spun_lemma\toriginal_lemma\tpos\tconfidence\tnote\n"
        "firm\tcompany\tnoun\thigh\t\n"
        "agency\tcompany\tnoun\tmed\tsome note\n"
        "sequence\tseries\tnoun\tlow\t\n"
        "finish\tend\tverb\thigh\t\n"
        "offer\tprovide\tverb\thigh\t\n"
        "battle\twar\tnoun\thigh\t\n", encoding="utf-8")
    forms = {
        "firms": (5, 1, False), "firm": (3, 0, False),        # together 8 clean >= 2 x 1 + 2
        "agency": (5, 0, False),
        "sequence": (9, 0, False),                            # low already: switched off
        "finished": (6, 0, False), "finish": (2, 9, False),   # together 8 clean < 2 x 9 + 2
        "offer": (9, 0, True),                                # a stand-in of a real spun document
        "battle": (1, 0, False),                              # too few clean edits
    }
    changed = audit.demote(table, forms, min_clean=4, ratio=2.0)
    assert [c.split(" ->")[0] for c in changed] == ["firm", "agency", "sequence"]
    lines = table.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# name: test" and lines[1].startswith("spun_lemma\t")
    firm = lines[2].split("\t")
    assert firm[:4] == ["firm", "company", "noun", "low"]
    assert "8 edits on clean text" in firm[4] and "1 right" in firm[4] and "firm, firms" in firm[4]
    agency = lines[3].split("\t")
    assert agency[3] == "low" and agency[4].startswith("some note; demoted")
    sequence = lines[4].split("\t")
    assert sequence[3] == "off" and sequence[4].startswith("switched off by scripts/audit_rows.py: 9 edits")
    assert lines[5] == "finish\tend\tverb\thigh\t"
    assert lines[6] == "offer\tprovide\tverb\thigh\t"
    assert lines[7] == "battle\twar\tnoun\thigh\t"


@needs_lemminflect
def test_lemma_keys_cover_inflected_forms(audit):
    assert "firm" in audit.lemma_keys("firms")
    assert "rely" in audit.lemma_keys("relied")
    assert audit.lemma_keys("wi fi") >= {"wi fi"}
