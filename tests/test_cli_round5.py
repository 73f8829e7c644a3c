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
    r = restore.fix("A concerned hospital administrator said so.", assume_spun=True)
    span = next(s for s in r.spans if s.text == "A concerned")
    assert span.suggestion == "An involved"
    assert span.alternatives and all(re.match(r"An? \w", a) for a in span.alternatives), span.alternatives
    assert "A feared" in span.alternatives and "A worried" in span.alternatives
    # each alternative replaces the whole span, as the suggestion does
    for alt in span.alternatives:
        restored = restore.apply(r.original, [restore.Span(**{**span.to_dict(), "suggestion": alt, "applied": True})])
        assert restored.startswith(alt + " hospital")
    out = run(runner, ["-f", "json", "--assume-spun", "-"], input=r.original)
    doc = json.loads(out.stdout)["documents"][0]
    js = next(s for s in doc["spans"] if s["text"] == "A concerned")
    assert js["suggestion"] == "An involved" and js["alternatives"] == list(span.alternatives)


def test_review_fixes_the_article_before_the_span_when_an_alternative_is_picked(runner, tmp_path):
    import json

    import restore
    from restore.casing import takes_an

    # A stand-in after "an" whose original takes "an" ("an settlement" -> "an agreement")
    # and with an alternative that takes "a": which word has one depends on the shipped
    # choice priors, so the first of a few that does is used.
    for word in ("settlement", "finish", "assault", "effort", "enlargement", "exercise", "estimate"):
        text = f"Zelensky mentioned the talks was an {word} to trade prisoners of battle.\n"
        r = restore.fix(text)
        span = next((s for s in r.spans if s.text == word), None)
        picked = next((a for a in span.alternatives if not takes_an(a)), None) if span else None
        if picked:
            break
    assert picked, "no stand-in after 'an' with an alternative that takes 'a'"
    k = span.alternatives.index(picked) + 1
    doc = tmp_path / "a.txt"
    doc.write_text(text, encoding="utf-8")
    answers = "".join("{}\n".format(k if s is span else "n") for s in r.spans)
    out = run(runner, ["review", doc], input=answers)
    assert out.exit_code == 0, out.stderr
    reviewed = (tmp_path / "a.restored.txt").read_text(encoding="utf-8")
    assert f"was a {picked} to trade" in reviewed, reviewed
    # the log replays to the same text
    res = run(runner, ["apply", tmp_path / "a.review.json", doc])
    assert res.exit_code == 0, res.stderr
    assert res.stdout == reviewed
    log = json.loads((tmp_path / "a.review.json").read_text(encoding="utf-8"))
    d = next(d for d in log["decisions"] if d["decision"] == "alternative")
    assert d["text"] == f"an {word}" and d["replacement"] == f"a {picked}"


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
    # A span whose confidence rounds up at two places (0.9844 -> 0.98 would not show it):
    # the first of these texts that has one is used, so a recalibration cannot hide it.
    texts = ["Zelensky mentioned the talks was an settlement to trade 1,000 prisoners of battle on Could 19.\n",
             "Officials mentioned on Could 19 that essentially the most affected sufferers used to be moved. "
             "The organisation stated the battle would proceed.\n"]
    found = [(t, s) for t in texts for s in restore.fix(t).spans
             if s.applied and round(s.confidence, 2) != int(s.confidence * 100) / 100]
    assert found
    text, span = found[0]
    doc = tmp_path / "a.txt"
    doc.write_text(text, encoding="utf-8")
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


# --------------------------------------------------------------------------- 8. streaming threshold

def test_files_over_256_kib_are_streamed_by_default(runner, tmp_path):
    import json

    from restore.streaming import DEFAULT_STREAM_ABOVE
    assert DEFAULT_STREAM_ABOVE == 256 * 1024
    big = tmp_path / "big.txt"
    big.write_text("The weather was fine today, and the market opened on time.\n" * 4600, encoding="utf-8")
    assert 256 * 1024 < big.stat().st_size < 1024 * 1024
    out = run(runner, ["-f", "json", big])
    assert out.exit_code == 0, out.stderr
    assert json.loads(out.stdout)["documents"][0]["streamed"] is True


# --------------------------------------------------------------------------- 9. smaller ones

@pytest.mark.parametrize("fh", ["a string", b"bytes", 42, "io.BytesIO"])
def test_stream_fix_refuses_what_is_no_text_stream_at_the_call(fh):
    import io

    import restore
    if fh == "io.BytesIO":
        fh = io.BytesIO(b"x")
    with pytest.raises(TypeError, match="text stream"):
        restore.streaming.stream_fix(fh)  # the call itself, not the first chunk


def test_fix_file_without_dst_writes_nothing_and_tells_what_would_change(tmp_path):
    import restore
    src = tmp_path / "ff.txt"
    text = "The talks on Could 19 were essentially the most productive.\n"
    src.write_text(text, encoding="utf-8")
    summary = restore.streaming.fix_file(src)
    assert summary.changed is True and summary.applied >= 2
    assert src.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ff.txt"]
    assert "nothing is written" in restore.streaming.fix_file.__doc__


@pytest.mark.parametrize("value", ["Fraction", "Decimal"])
def test_thresholds_take_any_real_number(value):
    from decimal import Decimal
    from fractions import Fraction

    import restore
    half = Fraction(1, 2) if value == "Fraction" else Decimal("0.5")
    text = "The talks on Could 19 went well."
    got = restore.fix(text, threshold=half, report_floor=half / 2, assume_spun=True)
    assert got.text == restore.fix(text, threshold=0.5, report_floor=0.25, assume_spun=True).text
    assert got.threshold == 0.5 and isinstance(got.threshold, float)
    with pytest.raises(TypeError):
        restore.fix(text, threshold=True)


def test_learn_twice_says_nothing_changed_without_contradiction(runner, tmp_path):
    o, s, out = tmp_path / "orig.txt", tmp_path / "spun.txt", tmp_path / "mine.toml"
    o.write_text("The meeting took place on May 19 in Istanbul. Zelensky said the talks ended the war.\n",
                 encoding="utf-8")
    s.write_text("The assembly befell on Could 19 in Istanbul. Zelensky mentioned the talks ended the battle.\n",
                 encoding="utf-8")
    assert run(runner, ["learn", f"{o}:{s}", "-o", out]).exit_code == 0
    before = out.read_bytes()
    again = run(runner, ["learn", f"{o}:{s}", "-o", out])
    assert again.exit_code == 0 and out.read_bytes() == before
    assert "nothing new; the file is unchanged" in again.stderr
    assert " updated" not in again.stderr and "already in the file as they are" in again.stderr


def test_readme_article_example_happens():
    import restore
    assert '"a concerned" → "an involved" with `assume_spun`' in README
    r = restore.fix("Officers mentioned a concerned administrator led essentially the most productive assembly "
                    "on Could 19.", assume_spun=True)
    span = next(s for s in r.spans if "concerned" in s.text)
    assert (span.text, span.suggestion) == ("a concerned", "an involved")
    assert span.alternatives[:2] == ("a feared", "a worried")
    assert '"an honest" → "a decent"' not in README
