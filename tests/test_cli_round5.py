"""The command line and library, round 5: the README's examples run as written, the
public modules are reachable, alternatives are adapted like suggestions, reviewer-facing
views escape control characters, one rounding rule for confidences, and streaming fixes."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from restore.cli import main

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def run(runner, args, **kw):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)


# --------------------------------------------------------------------------- 2. README lexicon example

def _readme_entry_block() -> str:
    section = README[README.index("## Adding a lexicon entry"):]
    m = re.search(r"```toml\n(.*?)```", section, re.S)
    assert m, "no TOML block in 'Adding a lexicon entry'"
    return m.group(1)


@pytest.mark.parametrize("builtin", [True, False])
def test_readme_lexicon_example_runs_as_written(runner, tmp_path, builtin):
    block = _readme_entry_block()
    mine = tmp_path / "mine.toml"
    mine.write_text(block, encoding="utf-8")
    entry = tomllib.loads(block)["entry"][0]
    assert entry["fix"] and entry["keep"]
    extra = [] if builtin else ["--no-builtin"]
    for gold in entry["fix"]:
        spun = re.sub(r"\[\[(.*?)=>(.*?)\]\]", r"\1", gold)
        want = re.sub(r"\[\[(.*?)=>(.*?)\]\]", r"\2", gold)
        r = run(runner, ["--lexicon", mine, *extra, "--assume-spun", "-"], input=spun + "\n")
        assert r.exit_code == 0, r.stderr
        assert r.stdout == want + "\n"
    for keep in entry["keep"]:
        r = run(runner, ["--lexicon", mine, *extra, "-"], input=keep + "\n")
        assert r.exit_code == 0, r.stderr
        assert r.stdout == keep + "\n"


# --------------------------------------------------------------------------- 3. public modules

def test_formats_streaming_and_span_mismatch_are_reachable_after_import_restore():
    import subprocess
    import sys
    code = ("import sys, restore, restore.applying\n"
            "assert callable(restore.formats.spans_from_json) and callable(restore.streaming.stream_fix)\n"
            "assert restore.SpanMismatch is restore.applying.SpanMismatch and 'SpanMismatch' in restore.__all__\n"
            "assert 'restore.lm' not in sys.modules, 'import restore loaded the language model'\n"
            "assert 'click' not in sys.modules\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_apply_raises_the_exported_span_mismatch():
    import restore
    spans = restore.fix("The talks on Could 19 went well.", assume_spun=True).spans
    assert spans
    with pytest.raises(restore.SpanMismatch):
        restore.apply("Something else entirely, and longer than that.", spans)


# --------------------------------------------------------------------------- 4. alternatives adapted

def test_alternatives_of_a_widened_span_carry_the_article_and_capitals(runner):
    import json

    import restore
    r = restore.fix("A previous hospital administrator said so.", assume_spun=True)
    span = next(s for s in r.spans if s.text == "A previous")
    assert span.suggestion == "An old"
    assert span.alternatives and all(re.match(r"An? \w", a) for a in span.alternatives), span.alternatives
    assert "A past" in span.alternatives and "A last" in span.alternatives
    # each alternative replaces the whole span, as the suggestion does
    for alt in span.alternatives:
        restored = restore.apply(r.original, [restore.Span(**{**span.to_dict(), "suggestion": alt, "applied": True})])
        assert restored.startswith(alt + " hospital")
    out = run(runner, ["-f", "json", "--assume-spun", "-"], input=r.original)
    doc = json.loads(out.stdout)["documents"][0]
    js = next(s for s in doc["spans"] if s["text"] == "A previous")
    assert js["suggestion"] == "An old" and js["alternatives"] == list(span.alternatives)


def test_review_fixes_the_article_before_the_span_when_an_alternative_is_picked(runner, tmp_path):
    import json

    import restore
    text = "Zelensky mentioned the talks was an settlement to trade prisoners of battle.\n"
    r = restore.fix(text)
    span = next(s for s in r.spans if s.text == "settlement")
    assert "village" in span.alternatives
    k = span.alternatives.index("village") + 1
    doc = tmp_path / "a.txt"
    doc.write_text(text, encoding="utf-8")
    answers = "".join("{}\n".format(k if s is span else "n") for s in r.spans)
    out = run(runner, ["review", doc], input=answers)
    assert out.exit_code == 0, out.stderr
    reviewed = (tmp_path / "a.restored.txt").read_text(encoding="utf-8")
    assert "was a village to trade" in reviewed, reviewed
    # the log replays to the same text
    res = run(runner, ["apply", tmp_path / "a.review.json", doc])
    assert res.exit_code == 0, res.stderr
    assert res.stdout == reviewed
    log = json.loads((tmp_path / "a.review.json").read_text(encoding="utf-8"))
    d = next(d for d in log["decisions"] if d["decision"] == "alternative")
    assert d["text"] == "an settlement" and d["replacement"] == "a village"


# --------------------------------------------------------------------------- 5. control characters

CONTROL_DOC = ("The \x1b]0;pwned\x07 talks \x1b[31mred\x1b[0m on Could 19 were essentially the\nmost productive,"
               " the primary assembly befell.\n")


def test_review_shows_the_documents_control_characters_escaped(runner, tmp_path):
    doc = tmp_path / "c.txt"
    doc.write_text(CONTROL_DOC, encoding="utf-8")
    out = run(runner, ["review", "--no-color", doc], input="y\n" * 10)
    assert out.exit_code == 0, out.stderr
    for raw in ("\x1b", "\x07", "\r"):
        assert raw not in out.stdout
    # the real text is shown, escape sequences included (not stripped as colours would be)
    assert "The \\x1b]0;pwned\\x07 talks \\x1b[31mred\\x1b[0m on [-Could-]{+May+} 19" in out.stdout
    # a span across a line break stays on the one indented context line
    assert "[-essentially the\u23cemost-]{+the most+} productive" in out.stdout
    for line in out.stdout.splitlines():
        if "[-" in line:
            assert line.startswith("  ")


def test_explain_and_compact_escape_control_characters(runner, tmp_path):
    from restore.formats import compact_row, explain_rows
    from restore.model import Span
    s = Span(start=0, end=5, text="bat\x1btle", suggestion="war\r", alternatives=("fight\x1b[2J",),
             confidence=0.9, rule="r", evidence=("seen \x1b]0;x\x07 here",), applied=True)
    rows = "\n".join(explain_rows(s, 1, 1)) + compact_row(s, "f", 1, 1)
    assert "\x1b" not in rows and "\x07" not in rows and "\r" not in rows
    assert "fight\\x1b[2J" in rows and "seen \\x1b]0;x\\x07 here" in rows and "war\u23ce" in rows
    doc = tmp_path / "c.txt"
    doc.write_text(CONTROL_DOC, encoding="utf-8")
    out = run(runner, ["--explain", "-f", "compact", doc])
    assert out.exit_code == 0
    assert "\x1b" not in out.stdout + out.stderr and "\x07" not in out.stdout + out.stderr


# --------------------------------------------------------------------------- 6. one rounding rule

def test_confidence_text_rounds_half_up_and_never_across_the_threshold():
    from restore.formats import confidence_text
    assert confidence_text(0.9785) == "0.98"      # rounded, not cut (was 0.97 in compact)
    assert confidence_text(0.545) == "0.55"       # half up
    assert confidence_text(0.3) == "0.30" and confidence_text(1.0) == "1.00"
    assert confidence_text(0.5479, 0.55) == "0.548"   # below the threshold: never "0.55"
    assert confidence_text(0.55, 0.55) == "0.55" and confidence_text(0.9785, 0.55) == "0.98"


def test_compact_explain_review_and_html_show_the_same_confidence(runner, tmp_path):
    import json

    import restore
    text = "Zelensky mentioned the talks was an settlement to trade 1,000 prisoners of battle on Could 19.\n"
    doc = tmp_path / "a.txt"
    doc.write_text(text, encoding="utf-8")
    r = restore.fix(text)
    span = next(s for s in r.spans if s.applied and round(s.confidence, 2) != int(s.confidence * 100) / 100)
    want = f"{span.confidence:.4f}"
    want = str(__import__("decimal").Decimal(want).quantize(__import__("decimal").Decimal("0.01"), "ROUND_HALF_UP"))
    compact = run(runner, ["-f", "compact", "--explain", doc])
    row = next(line for line in compact.stdout.splitlines() if f": {span.rule}: " in line)
    assert row.endswith(f"({want})")
    assert f"({want}, applied) [{span.rule}]" in compact.stderr
    page = run(runner, ["-f", "html", doc]).stdout
    data = json.loads(re.search(r'<script type="application/json" id="restore-data">(.*?)</script>', page, re.S).group(1))
    hs = next(s for s in data["documents"][0]["spans"] if s["rule"] == span.rule)
    assert hs["shown"] == want and "s.shown" in page and "toFixed(2)" not in page
    out = run(runner, ["review", "--no-log", "-o", tmp_path / "out.txt", doc], input="n\n" * 10)
    assert f"confidence {want} (applied by default)" in out.stdout
