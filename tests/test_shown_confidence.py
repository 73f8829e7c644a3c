"""A shown confidence never contradicts what was decided: 0.899 never reads 0.90 beside a
threshold of 0.90. Every view, screen included, rounds (formats.confidence_text) and shows
more decimals where rounding would cross the threshold."""
from __future__ import annotations

from restore.commands.review import Session
from restore.config import Config
from restore.model import Restoration, Span
from restore.screening import Finding, Report, format_text

TEXT = "The talks on Could 19 went well."


def test_screen_text_report_never_rounds_a_confidence_onto_its_minimum():
    finding = Finding(13, 18, "Could", "listed", "May", 0.899, "tortured:could", ("confidence 0.899: weak",))
    out = format_text([Report("paper.txt", 7, [finding], min_confidence=0.9)])
    assert "confidence 0.899 [weak]" in out
    assert "0.90" not in out
    counted = Finding(13, 18, "Could", "listed", "May", 0.9785, "tortured:could", ())
    assert "confidence 0.98\n" in format_text([Report("paper.txt", 7, [counted], min_confidence=0.5)]) + "\n"


def test_review_never_rounds_a_confidence_onto_the_threshold(tmp_path, capsys):
    # Review rounds (formats.confidence_text), but never onto the other side of the
    # threshold: 0.899 beside "below the threshold" 0.9 reads 0.899, not 0.90.
    span = Span(13, 18, "Could", "May", confidence=0.899, rule="month.could", applied=False)
    result = Restoration(original=TEXT, text=TEXT, spans=(span,), spin_score=1.0, threshold=0.9)
    session = Session(tmp_path / "a.txt", TEXT, result, Config(threshold=0.9), color=False)
    session.show(0)
    out = capsys.readouterr().out
    assert "confidence 0.899 (below the threshold" in out
    assert "0.90" not in out


def test_screen_evidence_never_rounds_a_confidence_onto_its_minimum(monkeypatch):
    from restore import screening

    span = Span(4, 20, "profound learning", "deep learning", confidence=0.899, rule="tortured:profound-learning")
    monkeypatch.setattr(screening, "analyse", lambda text, cfg: Restoration(text, text, (span,), 1.0))
    report = screening.screen("The profound learning model.", min_confidence=0.9)
    assert report.findings[0].evidence[-1] == "confidence 0.899: weak, not counted toward the risk level"
