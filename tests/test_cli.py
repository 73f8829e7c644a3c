"""The command line: every output format, exit codes, safe writes, and `apply`.

All tests use a small lexicon written into a temporary directory together with
--no-builtin, so they do not depend on the shipped lexicons.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat

import pytest

from restore.cli import main


SPUN = "The talks on Could 19 were essentially the most productive.\n\nThe battle went on. Could you help?\n"
CLEAN = "Nothing to see here. The weather was fine.\n"


@pytest.fixture
def spun_file(tmp_path):
    p = tmp_path / "article.txt"
    p.write_text(SPUN, encoding="utf-8")
    return p


def run(runner, args, **kw):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)


# --------------------------------------------------------------------------- formats

def test_text_from_stdin(runner, lex):
    r = run(runner, lex, input=SPUN)
    assert r.exit_code == 0
    assert "on May 19 were the most productive" in r.stdout
    assert "Could you help?" in r.stdout


def test_text_from_file_and_explicit_fix_subcommand(runner, lex, spun_file):
    a = run(runner, [*lex, spun_file])
    b = run(runner, ["fix", *lex, spun_file])
    assert a.exit_code == b.exit_code == 0
    assert a.stdout == b.stdout
    assert a.stdout.startswith("The talks on May 19")
    assert spun_file.read_text(encoding="utf-8") == SPUN  # the input is never touched


def test_unified_diff(runner, lex, spun_file):
    r = run(runner, [*lex, "-f", "diff", spun_file])
    assert r.exit_code == 0
    assert f"--- a/{spun_file}" in r.stdout
    assert "-The talks on Could 19 were essentially the most productive." in r.stdout
    assert "+The talks on May 19 were the most productive." in r.stdout


def test_word_diff_plain_and_coloured(runner, lex, spun_file):
    plain = run(runner, [*lex, "-f", "word-diff", spun_file])
    assert plain.exit_code == 0
    assert "on [-Could-]{+May+} 19" in plain.stdout
    assert "[-essentially the most-]{+the most+}" in plain.stdout
    assert "\x1b[" not in plain.stdout  # not a terminal: no colour
    colour = run(runner, [*lex, "-f", "word-diff", "--color", spun_file])
    assert "\x1b[31m[-Could-]\x1b[0m\x1b[32m{+May+}\x1b[0m" in colour.stdout


def test_compact_lines(runner, lex, spun_file):
    r = run(runner, [*lex, "-f", "compact", spun_file])
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert f"{spun_file}:1:14: t.could-may: Could -> May (" in lines[0]
    pattern = re.compile(r"^.+:\d+:\d+: [\w.:-]+: .+ -> .+ \(\d\.\d\d\)$")
    assert all(pattern.match(line) for line in lines)
    assert any(":1:28: t.essentially-the-most: essentially the most -> the most" in line for line in lines)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\v", "\u2028"])
@pytest.mark.parametrize("stream", ["--no-stream", "--stream"])
def test_compact_lines_count_every_kind_of_line_end(runner, lex, tmp_path, newline, stream):
    # the line ends of restore.tokens: the line a finding is reported on is the engine's
    doc = tmp_path / "doc.txt"
    doc.write_bytes(SPUN.replace("\n", newline).encode("utf-8"))
    r = run(runner, [*lex, stream, "-f", "compact", doc])
    rows = r.stdout.splitlines()
    assert f"{doc}:1:14: t.could-may: Could -> May (" in rows[0]
    # "The battle went on." is the third line of the file whatever its line ends are.
    assert any(f"{doc}:3:5: " in row and "battle -> war" in row for row in rows)


@pytest.mark.parametrize("stream", ["--no-stream", "--stream"])
def test_compact_keeps_a_finding_across_lines_on_one_line(runner, lex, tmp_path, stream):
    doc = tmp_path / "doc.txt"
    doc.write_bytes("The talks on Could 19 were essentially the\r\nmost productive.\nThe battle\u2028went on.\n"
                    .encode("utf-8"))
    r = run(runner, [*lex, stream, "-f", "compact", doc])
    rows = r.stdout.split("\n")
    assert rows[-1] == "" and len(rows) == 4, rows  # three findings, three lines, nothing else
    assert f"{doc}:1:28: t.essentially-the-most: essentially the\u23cemost -> the most (" in rows[1]


def test_diff_counts_lines_as_patch_does(runner, lex, tmp_path):
    # A unified diff must apply with patch, for which only LF ends a line: a CR-only file is
    # one line there, whatever compact reports (documented in the README).
    doc = tmp_path / "doc.txt"
    doc.write_bytes(SPUN.replace("\n", "\r").encode("utf-8"))
    r = run(runner, [*lex, "-f", "diff", doc])
    assert "@@ -1 +1 @@" in r.stdout


def test_json_report(runner, lex, spun_file):
    r = run(runner, [*lex, "-f", "json", spun_file])
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["schema"] == "restore-text/report/1"
    (doc,) = data["documents"]
    assert doc["path"] == str(spun_file)
    assert doc["sha256"] == hashlib.sha256(SPUN.encode()).hexdigest()
    assert doc["text"].startswith("The talks on May 19")
    for span in doc["spans"]:
        assert SPUN[span["start"]:span["end"]] == span["text"]
    assert {s["rule"] for s in doc["spans"] if s["applied"]} >= {"t.could-may", "t.essentially-the-most"}


def test_json_report_of_several_files_and_empty_batch_of_spans(runner, lex, spun_file, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    r = run(runner, [*lex, "-f", "json", spun_file, clean])
    data = json.loads(r.stdout)
    assert [d["path"] for d in data["documents"]] == [str(spun_file), str(clean)]
    assert data["documents"][1]["spans"] == []
    assert data["documents"][1]["changed"] is False


def test_jsonl_one_line_per_document(runner, lex, spun_file, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    r = run(runner, [*lex, "-f", "jsonl", spun_file, clean])
    lines = r.stdout.splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    assert [rec["path"] for rec in records] == [str(spun_file), str(clean)]
    assert records[0]["changed"] and not records[1]["changed"]


@pytest.mark.skipif(os.name != "posix" or os.uname().sysname == "Darwin",
                    reason="needs a file system that takes any bytes in a name")
@pytest.mark.parametrize("args", [["-f", "json"], ["-f", "jsonl"], ["-f", "jsonl", "--stream"],
                                  ["-f", "html"], ["screen", "-f", "json"]])
def test_a_file_name_that_is_not_utf8_is_escaped_in_reports(lexicon_path, tmp_path, args):
    """b'caf\\xe9.txt' (Latin-1) is shown as caf\\xe9.txt, so that a report stays valid UTF-8."""
    import subprocess
    import sys

    folder = os.fsencode(tmp_path / "docs")
    os.mkdir(folder)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as fh:
        fh.write(SPUN.encode("utf-8"))
    lex = [] if args[0] == "screen" else ["--no-builtin", "-l", str(lexicon_path), "--assume-spun"]
    done = subprocess.run([sys.executable, "-m", "restore", *args, *lex, folder], capture_output=True,
                          cwd=os.path.dirname(os.path.dirname(__file__)))
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode("utf-8")  # strict: no raw byte, no lone surrogate
    name = os.fsdecode(os.path.join(folder, b"caf")) + "\\xe9.txt"
    if "html" in args:
        assert name in out
        return
    records = [json.loads(line) for line in out.splitlines()] if "jsonl" in args else json.loads(out)["documents"]
    assert [r.get("path", r.get("document")) for r in records] == [name]


def test_html_is_self_contained(runner, lex, spun_file):
    r = run(runner, [*lex, "-f", "html", spun_file])
    assert r.exit_code == 0
    page = r.stdout
    assert page.startswith("<!DOCTYPE html>")
    data = json.loads(re.search(r'<script type="application/json" id="restore-data">(.*?)</script>', page,
                                re.S).group(1))
    n_spans = len(data["documents"][0]["spans"])
    assert page.count('<mark class="rs ') == n_spans > 0
    assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)=', page)  # nothing fetched
    assert "http://" not in page and "https://" not in page
    assert "@import" not in page and "url(" not in page
    assert "Download restored text" in page and "spin score" in page


def test_html_escapes_the_document(runner, lex):
    r = run(runner, [*lex, "-f", "html"], input="<script>alert(1)</script> on Could 19 </script>\n")
    assert "<script>alert(1)" not in r.stdout
    assert "&lt;script&gt;alert(1)" in r.stdout


def test_explain_goes_to_stderr(runner, lex, spun_file):
    r = run(runner, [*lex, "--explain", spun_file])
    assert r.exit_code == 0
    assert "followed by a day number" in r.stderr
    assert "followed by a day number" not in r.stdout


def test_several_files_get_headers(runner, lex, spun_file, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    r = run(runner, [*lex, spun_file, clean])
    assert f"==> {spun_file} <==" in r.stdout and f"==> {clean} <==" in r.stdout
    assert "2 documents, 1 changed" in r.stderr


def test_empty_input(runner, lex, tmp_path):
    r = run(runner, lex, input="")
    assert r.exit_code == 0 and r.stdout == ""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for fmt in ("text", "diff", "word-diff", "compact", "jsonl", "json", "html"):
        r = run(runner, [*lex, "-f", fmt, empty])
        assert r.exit_code == 0, (fmt, r.stderr)
    r = run(runner, [*lex, "-f", "json", empty])
    assert json.loads(r.stdout)["documents"][0]["spans"] == []


# --------------------------------------------------------------------------- exit codes

def test_check_exit_codes(runner, lex, spun_file, tmp_path):
    r = run(runner, [*lex, "--check", spun_file])
    assert r.exit_code == 1
    assert "t.could-may: Could -> May" in r.stdout  # compact by default
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    r = run(runner, [*lex, "--check", clean])
    assert r.exit_code == 0 and r.stdout == ""
    r = run(runner, [*lex, "--check", "-f", "jsonl", spun_file])
    assert r.exit_code == 1 and json.loads(r.stdout)["applied"] >= 2


@pytest.mark.parametrize("args", [
    ["--no-such-option"],
    ["-f", "yaml"],
    ["-t", "1.5"],
    ["-j", "0"],
    ["--in-place", "-o", "out.txt", "x.txt"],
    ["--in-place"],
    ["--stream", "-f", "html"],
])
def test_usage_errors_exit_2(runner, lex, args, tmp_path):
    r = runner.invoke(main, [*lex, *args], input="text")
    assert r.exit_code == 2, r.output


def test_check_is_a_dry_run_and_refuses_in_place(runner, lex, spun_file):
    r = run(runner, [*lex, "--check", "--in-place", spun_file])
    assert r.exit_code == 2
    assert "--check only reports and never writes" in r.stderr
    assert spun_file.read_text(encoding="utf-8") == SPUN


def test_missing_file_exit_3(runner, lex, tmp_path):
    r = run(runner, [*lex, tmp_path / "nope.txt"])
    assert r.exit_code == 3
    assert "no such file" in r.stderr


def test_undecodable_and_binary_exit_3(runner, lex, tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\u00e9 on Could 19".encode("latin-1"))
    r = run(runner, [*lex, bad])
    assert r.exit_code == 3 and "not valid utf-8" in r.stderr
    assert run(runner, [*lex, "--encoding", "latin-1", bad]).exit_code == 0
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    r = run(runner, [*lex, binary])
    assert r.exit_code == 3 and "binary" in r.stderr
    r = run(runner, lex, input=b"\x00\x01\x02binary")
    assert r.exit_code == 3


def test_invalid_lexicon_exit_3(runner, tmp_path, spun_file):
    broken = tmp_path / "broken.toml"
    broken.write_text("[[entry]]\nid = 'x'\nspun = 'no originals'\n", encoding="utf-8")
    r = run(runner, ["--no-builtin", "-l", broken, spun_file])
    assert r.exit_code == 3 and "invalid lexicon" in r.stderr
    not_toml = tmp_path / "bad.toml"
    not_toml.write_text("this is = = not toml", encoding="utf-8")
    assert run(runner, ["--no-builtin", "-l", not_toml, spun_file]).exit_code == 3
    r = run(runner, ["--no-builtin", "-l", tmp_path / "missing.toml", spun_file])
    assert r.exit_code == 3


def test_no_builtin_without_lexicons_changes_nothing(runner, spun_file):
    r = run(runner, ["--no-builtin", spun_file])
    assert r.exit_code == 0 and r.stdout == SPUN


# --------------------------------------------------------------------------- writing

def test_in_place_is_atomic_and_keeps_permissions(runner, lex, spun_file, tmp_path):
    os.chmod(spun_file, 0o640)
    inode = spun_file.stat().st_ino
    r = run(runner, [*lex, "--in-place", spun_file])
    assert r.exit_code == 0
    assert r.stdout == ""
    assert spun_file.read_text(encoding="utf-8").startswith("The talks on May 19")
    assert stat.S_IMODE(spun_file.stat().st_mode) == 0o640
    assert spun_file.stat().st_ino != inode  # replaced by a rename, not rewritten in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt"]  # no temp file left


def test_in_place_leaves_unchanged_files_alone(runner, lex, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    before = clean.stat()
    assert run(runner, [*lex, "--in-place", clean]).exit_code == 0
    after = clean.stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


@pytest.mark.parametrize("encoding, data", [
    ("latin-1", ("Caf\u00e9 " + SPUN).encode("latin-1")),
    ("utf-16", ("Caf\u00e9 " + SPUN).encode("utf-16")),  # with its byte-order mark
    ("utf-8", ("Caf\u00e9 " + SPUN).encode("utf-8-sig")),
])
@pytest.mark.parametrize("stream", ["--no-stream", "--stream"])
def test_output_file_keeps_the_input_encoding_as_in_place_does(runner, lex, tmp_path, encoding, data, stream):
    src = tmp_path / "doc.txt"
    src.write_bytes(data)
    out = tmp_path / "out.txt"
    r = run(runner, [*lex, stream, "--encoding", encoding, "-o", out, src])
    assert r.exit_code == 0, r.stderr
    assert run(runner, [*lex, stream, "--encoding", encoding, "--in-place", src]).exit_code == 0
    assert out.read_bytes() == src.read_bytes()
    assert out.read_bytes().decode(encoding).lstrip("\ufeff").startswith("Caf\u00e9 The talks on May 19")
    # a report is UTF-8 whatever the input's encoding
    r = run(runner, [*lex, "--encoding", encoding, "-f", "json", "-o", out, src])
    assert json.loads(out.read_bytes().decode("utf-8"))["documents"][0]["text"].startswith("Caf\u00e9 The")


def test_output_file_refuses_a_suggestion_its_encoding_cannot_hold(runner, tmp_path):
    lexicon = tmp_path / "dash.toml"
    lexicon.write_text('[lexicon]\nname = "dash"\n\n[[entry]]\nid = "dash.could"\nspun = ["Could"]\n'
                       'originals = ["May\u2014"]\nprior = 0.97\ntell = true\n', encoding="utf-8")
    src = tmp_path / "doc.txt"
    src.write_bytes("Caf\u00e9 talks on Could 19.\n".encode("latin-1"))
    out = tmp_path / "out.txt"
    r = run(runner, ["--no-builtin", "-l", lexicon, "--assume-spun", "--encoding", "latin-1", "-o", out, src])
    assert r.exit_code == 3 and "cannot write the output in latin-1" in r.stderr
    assert not out.exists()


def test_output_file_and_refusal_to_overwrite_input(runner, lex, spun_file, tmp_path):
    out = tmp_path / "out.txt"
    r = run(runner, [*lex, "-o", out, spun_file])
    assert r.exit_code == 0 and r.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("The talks on May 19")
    r = run(runner, [*lex, "-o", spun_file, spun_file])
    assert r.exit_code == 2 and "refusing" in r.stderr
    assert spun_file.read_text(encoding="utf-8") == SPUN
    # also through another spelling of the same path, and when the input is found in a directory
    r = run(runner, [*lex, "-o", str(tmp_path / "." / "article.txt"), tmp_path])
    assert r.exit_code == 2
    assert spun_file.read_text(encoding="utf-8") == SPUN


def test_version_and_help_list_subcommands(runner):
    r = run(runner, ["--version"])
    assert r.exit_code == 0 and "restore-text" in r.stdout
    r = run(runner, ["--help"])
    assert "review" in r.stdout and "apply" in r.stdout


# --------------------------------------------------------------------------- apply

def _report(runner, lex, path, fmt="json"):
    r = run(runner, [*lex, "-f", fmt, path])
    assert r.exit_code == 0
    return r.stdout


def test_apply_reviewed_subset(runner, lex, spun_file, tmp_path):
    report = json.loads(_report(runner, lex, spun_file))
    for span in report["documents"][0]["spans"]:
        if span["rule"] == "t.essentially-the-most":
            span["applied"] = False  # the reviewer rejected this one
        if span["rule"] == "t.battle":
            span["suggestion"] = "conflict"  # and picked another word here
    rp = tmp_path / "reviewed.json"
    rp.write_text(json.dumps(report), encoding="utf-8")
    r = run(runner, ["apply", rp, spun_file])
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("The talks on May 19 were essentially the most productive.")
    if any(s["rule"] == "t.battle" and s["applied"] for s in report["documents"][0]["spans"]):
        assert "The conflict went on." in r.stdout
    assert "applied" in r.stderr


def test_apply_in_place_and_output(runner, lex, spun_file, tmp_path):
    rp = tmp_path / "report.json"
    rp.write_text(_report(runner, lex, spun_file), encoding="utf-8")
    out = tmp_path / "fixed.txt"
    assert run(runner, ["apply", rp, spun_file, "-o", out]).exit_code == 0
    expected = out.read_text(encoding="utf-8")
    assert expected.startswith("The talks on May 19")
    assert run(runner, ["apply", rp, spun_file, "-o", spun_file]).exit_code == 2
    assert run(runner, ["apply", rp, spun_file, "--in-place"]).exit_code == 0
    assert spun_file.read_text(encoding="utf-8") == expected


def test_apply_refuses_a_changed_file(runner, lex, spun_file, tmp_path):
    rp = tmp_path / "report.json"
    rp.write_text(_report(runner, lex, spun_file), encoding="utf-8")
    spun_file.write_text(SPUN + "A new line.\n", encoding="utf-8")
    out = tmp_path / "fixed.txt"
    r = run(runner, ["apply", rp, spun_file, "-o", out])
    assert r.exit_code == 3 and "changed since the report" in r.stderr
    assert not out.exists()
    # without the hash check the spans still match (text was only appended)
    r = run(runner, ["apply", "--no-hash-check", rp, spun_file])
    assert r.exit_code == 0 and r.stdout.endswith("A new line.\n")


def test_apply_refuses_a_span_that_no_longer_matches(runner, lex, spun_file, tmp_path):
    rp = tmp_path / "report.json"
    rp.write_text(_report(runner, lex, spun_file), encoding="utf-8")
    spun_file.write_text("X" + SPUN, encoding="utf-8")  # everything shifts by one
    r = run(runner, ["apply", "--no-hash-check", rp, spun_file])
    assert r.exit_code == 3 and "no longer matches" in r.stderr
    assert r.stdout == ""
    # a hand-edited report whose span text is wrong is refused too, even with the right hash
    spun_file.write_text(SPUN, encoding="utf-8")
    report = json.loads(rp.read_text(encoding="utf-8"))
    report["documents"][0]["spans"][0]["text"] = "Would"
    rp.write_text(json.dumps(report), encoding="utf-8")
    assert run(runner, ["apply", rp, spun_file]).exit_code == 3


@pytest.mark.parametrize("field,value,message", [
    ("applied", "no", "spans[1]: 'applied' must be true or false (a JSON boolean), not 'no'"),
    ("applied", 1, "spans[1]: 'applied' must be true or false (a JSON boolean), not 1"),
    ("start", "14", "spans[1]: 'start' must be an integer offset, not '14'"),
    ("end", 18.0, "spans[1]: 'end' must be an integer offset, not 18.0"),
    ("end", True, "spans[1]: 'end' must be an integer offset, not true"),
    ("start", -1, "spans[1]: start -1 and end "),
    ("suggestion", None, "spans[1]: 'suggestion' must be a string, not null"),
    ("alternatives", "May", "spans[1]: 'alternatives' must be a list of strings, not 'May'"),
    ("text", "MISSING", "spans[1] has no 'text'"),
])
def test_apply_checks_the_types_of_the_span_fields(runner, lex, spun_file, tmp_path, field, value, message):
    report = json.loads(_report(runner, lex, spun_file))
    span = report["documents"][0]["spans"][1]
    if value == "MISSING":
        del span[field]
    else:
        span[field] = value
    rp = tmp_path / "edited.json"
    rp.write_text(json.dumps(report), encoding="utf-8")
    r = run(runner, ["apply", rp, spun_file])
    assert r.exit_code == 3 and message in r.stderr, r.stderr
    assert r.stdout == ""


def test_apply_cuts_long_quotations_in_its_errors(runner, lex, spun_file, tmp_path):
    report = json.loads(_report(runner, lex, spun_file))
    span = report["documents"][0]["spans"][0]
    span["end"] = len(SPUN) + 500  # past the end: the file's side is the rest of the file
    span["text"] = "x" * 500
    rp = tmp_path / "edited.json"
    rp.write_text(json.dumps(report), encoding="utf-8")
    r = run(runner, ["apply", "--no-hash-check", rp, spun_file])
    assert r.exit_code == 3
    assert "spans[0]" in r.stderr and "no longer matches" in r.stderr
    assert f"{'x' * 60!r}... (500 characters)" in r.stderr and "x" * 61 not in r.stderr
    rest = SPUN[span["start"]:]
    assert f"{rest[:60]!r}... ({len(rest)} characters)" in r.stderr and rest[:61] not in r.stderr


def test_apply_picks_the_document_from_a_jsonl_batch(runner, lex, spun_file, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    rp = tmp_path / "report.jsonl"
    r = run(runner, [*lex, "-f", "jsonl", spun_file, clean])
    rp.write_text(r.stdout, encoding="utf-8")
    r = run(runner, ["apply", rp, spun_file])
    assert r.exit_code == 0 and r.stdout.startswith("The talks on May 19")
    r = run(runner, ["apply", rp, clean])
    assert r.exit_code == 0 and r.stdout == CLEAN
    other = tmp_path / "other.txt"
    other.write_text("Unrelated.\n", encoding="utf-8")
    assert run(runner, ["apply", rp, other]).exit_code == 3


def test_apply_rejects_what_is_not_a_report(runner, spun_file, tmp_path):
    rp = tmp_path / "x.json"
    rp.write_text(json.dumps({"schema": "something/else"}), encoding="utf-8")
    r = run(runner, ["apply", rp, spun_file])
    assert r.exit_code == 3 and "not a restore-text report" in r.stderr
    assert run(runner, ["apply", tmp_path / "none.json", spun_file]).exit_code == 3
    assert run(runner, ["apply", rp, tmp_path / "none.txt"]).exit_code == 3


def test_apply_takes_an_html_report(runner, lex, spun_file, tmp_path):
    page = tmp_path / "report.html"
    assert run(runner, [*lex, "-f", "html", "-o", page, spun_file]).exit_code == 0
    expected = run(runner, [*lex, spun_file]).stdout
    r = run(runner, ["apply", page, spun_file])
    assert r.exit_code == 0 and r.stdout == expected


@pytest.mark.parametrize("args", [["-t", "nan"], ["--check", "-t", "nan"], ["-t", "1.5"],
                                  ["screen", "--min-confidence", "nan"], ["review", "--min-confidence", "nan"]])
def test_a_confidence_that_is_not_a_number_from_0_to_1_is_a_usage_error(runner, spun_file, args):
    r = runner.invoke(main, [*args, str(spun_file)])
    assert r.exit_code == 2
    assert "not a number from 0 to 1" in r.output


def test_in_place_writes_through_a_symbolic_link(runner, tmp_path, lex):
    target = tmp_path / "target.txt"
    target.write_text(SPUN, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    r = run(runner, [*lex, "--in-place", link])
    assert r.exit_code == 0
    assert link.is_symlink()
    assert "May 19" in target.read_text(encoding="utf-8")


def test_in_place_keeps_a_byte_order_mark(runner, tmp_path, lex):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + SPUN.encode("utf-8"))
    assert run(runner, [*lex, "--in-place", p]).exit_code == 0
    data = p.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")
    assert "May 19" in data.decode("utf-8-sig")


def test_compare_refuses_to_write_over_an_input(runner, tmp_path):
    original, spun = tmp_path / "o.txt", tmp_path / "s.txt"
    original.write_text("The talks on May 19 were productive.\n", encoding="utf-8")
    spun.write_text("The talks on Could 19 were productive.\n", encoding="utf-8")
    r = runner.invoke(main, ["compare", str(original), str(spun), "-o", str(spun)])
    assert r.exit_code == 2
    assert spun.read_text(encoding="utf-8") == "The talks on Could 19 were productive.\n"


def test_a_utf16_file_gets_a_hint_not_binary(runner, tmp_path):
    p = tmp_path / "wide.txt"
    p.write_bytes(SPUN.encode("utf-16"))
    r = runner.invoke(main, [str(p)])
    assert r.exit_code == 3
    assert "--encoding utf-16" in r.output
    assert run(runner, ["--encoding", "utf-16", p]).exit_code == 0


def test_a_file_without_a_final_newline_does_not_run_into_the_next_name(runner, tmp_path, lex):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("The talks on Could 19.", encoding="utf-8")
    second.write_text(CLEAN, encoding="utf-8")
    out = run(runner, [*lex, first, second]).stdout
    assert "The talks on May 19.\n==> " in out


def test_the_diff_splits_lines_at_newlines_only(tmp_path):
    import shutil
    import subprocess

    from restore import fix
    from restore.formats import unified_diff

    text = "Page one\x0cstill line one.\rThe talks on Could 19 went on\u2028and on.\nLast line"
    r = fix(text, assume_spun=True)
    patch = unified_diff(r, "doc.txt")
    assert patch.count("\\ No newline at end of file") == 1  # only for the real last line
    if shutil.which("patch"):
        (tmp_path / "doc.txt").write_bytes(text.encode("utf-8"))
        done = subprocess.run(["patch", "-p1", "-s"], input=patch.encode("utf-8"), cwd=tmp_path)
        assert done.returncode == 0
        assert (tmp_path / "doc.txt").read_bytes() == r.text.encode("utf-8")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_exit_3_with_a_message(spun_file):
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "restore", "--check", str(spun_file)], stdout=full,
                              stderr=subprocess.PIPE, text=True)
    assert done.returncode == 3
    assert "cannot write the output" in done.stderr and "Traceback" not in done.stderr


def test_a_reader_that_goes_away_ends_every_format_quietly_with_exit_3(lexicon_path, tmp_path):
    """`restore-text -f FORMAT big.txt | head -c 10`: the same exit code for every format,
    also under PYTHONUNBUFFERED, where a write that the pipe took only in part used to lose
    the rest silently (exit 0 for the formats that write their output at once)."""
    import subprocess
    import sys

    big = tmp_path / "big.txt"
    big.write_text(SPUN * 3000, encoding="utf-8")  # every format writes far more than a pipe holds
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": os.path.dirname(os.path.dirname(os.path.abspath(__file__)))}
    args = [sys.executable, "-m", "restore", "--no-builtin", "-l", str(lexicon_path), "--assume-spun", "--no-stream"]
    procs = {fmt: subprocess.Popen([*args, "-f", fmt, str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=env, cwd=tmp_path)
             for fmt in ("text", "diff", "word-diff", "json", "jsonl", "compact", "html")}
    codes = {}
    for fmt, proc in procs.items():
        assert len(proc.stdout.read(10)) == 10
        proc.stdout.close()  # the reader goes away while the writer waits on a full pipe
        stderr = proc.stderr.read().decode()
        codes[fmt] = proc.wait()
        assert stderr == "", (fmt, stderr)
    assert codes == dict.fromkeys(procs, 3)


def _subcommand_args(name, lexicon_path, tmp_path, big=True):
    """A run of the command ``name``; with ``big``, one whose output is far more than a pipe
    holds."""
    import subprocess
    import sys

    base = [sys.executable, "-m", "restore"]
    doc = tmp_path / "doc.txt"
    doc.write_text(SPUN * (3000 if big else 1), encoding="utf-8")
    if name == "apply":
        report = tmp_path / "doc.json"
        subprocess.run([*base, "--no-builtin", "-l", lexicon_path, "--assume-spun", "-f", "json", "-o", report, doc],
                       check=True, env=_env())
        return [*base, "apply", report, doc]
    if name == "compare":  # distinct lines: the alignment of 3000 equal paragraphs takes minutes
        original = tmp_path / "original.txt"
        original.write_text("".join(f"Item {k}: the talks on May {k} were the most productive in the war.\n"
                                    for k in range(1500 if big else 2)), encoding="utf-8")
        spun = tmp_path / "spun.txt"
        spun.write_text(original.read_text(encoding="utf-8").replace("war", "battle"), encoding="utf-8")
        return [*base, "compare", original, spun]
    if name == "learn":
        return [*base, "learn", "--dry-run", f"{doc}:{doc}", "-o", tmp_path / "l.toml"]
    if name == "fix":
        return [*base, doc]
    papers = tmp_path / "papers"
    papers.mkdir()
    for k in range(300 if big else 1):  # a record of some 500 bytes each
        (papers / f"p{k:03}.txt").write_text(CLEAN, encoding="utf-8")
    return [*base, "screen", "-f", "json", papers]


def _env():
    return {**os.environ, "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": os.path.dirname(os.path.dirname(os.path.abspath(__file__)))}


@pytest.mark.parametrize("name", ["apply", "compare", "screen"])
def test_a_reader_that_goes_away_ends_the_other_commands_quietly_with_exit_3(lexicon_path, tmp_path, name):
    """As for the main command: under PYTHONUNBUFFERED the rest of a write that the pipe took
    only in part was lost without a word, and the command exited 0."""
    import subprocess

    args = _subcommand_args(name, lexicon_path, tmp_path)
    proc = subprocess.Popen([str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
                            cwd=tmp_path)
    assert len(proc.stdout.read(10)) == 10
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait() == 3, stderr
    assert "Traceback" not in stderr and "error" not in stderr


@pytest.mark.parametrize("name", ["apply", "compare", "screen", "learn", "fix"])
def test_a_closed_standard_output_is_reported(lexicon_path, tmp_path, name):
    """`restore-text ... >&-`: a traceback (exit 1) or, through click.echo, nothing at all
    and exit 0; now a message and exit 3, as for any output that cannot be written."""
    import subprocess

    args = _subcommand_args(name, lexicon_path, tmp_path, big=False)
    done = subprocess.run([str(a) for a in args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(),
                          cwd=tmp_path, preexec_fn=lambda: os.close(1))
    stderr = done.stderr.decode()
    assert done.returncode == 3, stderr
    assert "cannot write the output" in stderr and "Traceback" not in stderr


@pytest.mark.parametrize("command", [[], ["screen"], ["review"]])
def test_an_unknown_encoding_is_a_usage_error(runner, spun_file, command):
    r = runner.invoke(main, [*command, "--encoding", "bogus", str(spun_file)])
    assert r.exit_code == 2 and "unknown encoding" in r.output


@pytest.mark.parametrize("codec", ["rot13", "base64", "zlib", "hex"])
def test_a_codec_that_is_no_text_encoding_is_a_usage_error(runner, spun_file, codec):
    # These used to end in a traceback and exit 1, which --check reads as "damage found".
    r = runner.invoke(main, ["--encoding", codec, str(spun_file)])
    assert r.exit_code == 2 and "not a text encoding" in r.output


# --------------------------------------------------------------------------- devices and pipes

@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("command", [[], ["--no-stream"], ["-f", "json"], ["screen"], ["compare", "/dev/zero"]])
def test_an_endless_binary_device_is_refused_not_read_forever(command):
    import subprocess
    import sys

    # The timeout only guards the test run against the old behaviour (reading without end).
    done = subprocess.run([sys.executable, "-m", "restore", *command, "/dev/zero"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 3
    assert "binary" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("command", [["--no-stream"], ["screen", "-"]])
def test_endless_binary_standard_input_is_refused_not_read_forever(command):
    import subprocess
    import sys

    with open("/dev/zero", "rb") as zero:
        done = subprocess.run([sys.executable, "-m", "restore", *command], stdin=zero,
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 3 and "binary" in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("fmt", ["text", "json", "compact"])
def test_a_named_pipe_is_read_like_standard_input(runner, lex, tmp_path, fmt):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(SPUN, encoding="utf-8"))
    writer.start()
    r = run(runner, [*lex, "-f", fmt, fifo])
    writer.join()
    assert r.exit_code == 0
    from_file = tmp_path / "same.txt"
    from_file.write_text(SPUN, encoding="utf-8")
    expected = run(runner, [*lex, "-f", fmt, from_file]).stdout.replace(str(from_file), str(fifo))
    assert r.stdout == expected


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_into_an_output_file(runner, lex, tmp_path):
    # -o keeps the input's byte-order mark: looking for one must not read (or wait on) a pipe
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(SPUN, encoding="utf-8"))
    writer.start()
    out = tmp_path / "out.txt"
    r = run(runner, [*lex, fifo, "-o", out])
    writer.join(timeout=60)
    assert r.exit_code == 0 and out.read_text(encoding="utf-8").startswith("The talks on May 19")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_in_place_refuses_a_named_pipe(runner, lex, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    r = run(runner, [*lex, "--in-place", fifo])
    assert r.exit_code == 2 and "regular files" in r.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_output_into_a_named_pipe_is_written_through_not_replaced(runner, lex, tmp_path, spun_file):
    import threading

    fifo = tmp_path / "out.pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    r = run(runner, [*lex, spun_file, "-o", fifo])
    reader.join(timeout=60)
    assert r.exit_code == 0
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert got and "on May 19 were the most productive" in got[0]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="making a device node needs root")
def test_output_onto_a_device_writes_to_it_and_keeps_the_device(runner, lex, tmp_path, spun_file):
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null
    r = run(runner, [*lex, spun_file, "-o", null])
    assert r.exit_code == 0
    assert stat.S_ISCHR(null.stat().st_mode)


# --------------------------------------------------------------------------- screen

PAPER = "We used profound learning and counterfeit consciousness for bosom malignant growth.\n"


def test_screen_takes_directories_and_globs_like_the_main_command(runner, tmp_path):
    papers = tmp_path / "papers"
    (papers / "sub").mkdir(parents=True)
    (papers / "sub" / "p.txt").write_text(PAPER, encoding="utf-8")
    (papers / "notes.md").write_text("The function returns a list of strings.\n", encoding="utf-8")
    (papers / "data.bin").write_bytes(b"\x00\x01")
    (papers / ".hidden.txt").write_text(PAPER, encoding="utf-8")

    def documents(*args):
        r = run(runner, ["screen", "-f", "json", *args])
        assert r.exit_code == 0, r.stderr
        return [d["document"] for d in json.loads(r.stdout)["documents"]]

    assert documents(papers) == [str(papers / "notes.md"), str(papers / "sub" / "p.txt")]
    assert documents(papers / "**" / "*.txt") == [str(papers / "sub" / "p.txt")]
    assert documents("--include", "*.md", papers) == [str(papers / "notes.md")]
    r = run(runner, ["screen", papers / "*.nothing"])
    assert r.exit_code == 3 and "no file matches this pattern" in r.stderr
    r = run(runner, ["screen", "-", "-"], input=PAPER)
    assert r.exit_code == 2 and "standard input (-) can be read only once" in r.stderr


def test_screen_json_has_a_record_for_a_file_that_failed(runner, tmp_path):
    paper = tmp_path / "paper.txt"
    paper.write_text(PAPER, encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x00binary")
    r = run(runner, ["screen", "-f", "json", binary, paper])
    assert r.exit_code == 3 and "binary.txt: looks like a binary file" in r.stderr
    failed, screened = json.loads(r.stdout)["documents"]
    assert failed == {"document": str(binary), "error": "looks like a binary file (contains NUL bytes); not processed"}
    assert screened["document"] == str(paper) and screened["risk"] == "high"


@pytest.mark.parametrize("fmt", ["diff", "html"])
def test_a_whole_file_format_warns_above_the_streaming_size(runner, lex, spun_file, fmt):
    # diff and html read a file whole while text and --in-place stream it: their edits can
    # differ, and the reviewer is told so instead of approving one set and getting another.
    r = run(runner, [*lex, "--stream-above", "10", "-f", fmt, spun_file])
    assert r.exit_code == 0
    assert "reads it whole" in r.stderr and "--no-stream" in r.stderr
    quiet = run(runner, [*lex, "--stream-above", "10", "--no-stream", "-f", fmt, spun_file])
    assert "reads it whole" not in quiet.stderr
    small = run(runner, [*lex, "-f", fmt, spun_file])
    assert "reads it whole" not in small.stderr
