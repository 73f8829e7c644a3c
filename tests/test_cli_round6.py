"""The command line and library, round 6: wide encodings without a byte-order mark, and
the other edges a demanding user found (see each section)."""
from __future__ import annotations

import pytest

from restore.cli import main

SPUN = "They met on Could 19 to talk about the prisoners of battle.\n"
FIXED = "They met on May 19 to talk about the prisoners of war.\n"


def run(runner, args, **kw):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)


# --------------------------------------------------------------------------- 1. UTF-16 without a BOM

@pytest.mark.parametrize("order", ["le", "be"])
@pytest.mark.parametrize("stream", [[], ["--stream"]])
def test_utf16_without_a_byte_order_mark_is_an_error_that_names_it(runner, lex, tmp_path, order, stream):
    # --encoding utf-16 on a file without the mark ended in a traceback (a bare UnicodeError
    # from the incremental decoder); read whole, Python guessed the byte order instead.
    p = tmp_path / "a.txt"
    p.write_bytes(SPUN.encode(f"utf-16-{order}"))
    r = run(runner, [*lex, *stream, "--encoding", "utf-16", p])
    assert r.exit_code == 3
    assert "no UTF-16 byte-order mark" in r.stderr and "utf-16-le or utf-16-be" in r.stderr
    # Under the default encoding it was called "a binary file": it is UTF-16, and says so.
    r = run(runner, [*lex, *stream, p])
    assert r.exit_code == 3
    assert f"looks like UTF-16 without a byte-order mark; pass --encoding utf-16-{order}" in r.stderr
    r = run(runner, [*lex, *stream, "--encoding", f"utf-16-{order}", p])
    assert r.exit_code == 0 and r.stdout == FIXED


def test_utf16_without_a_byte_order_mark_on_standard_input(runner, lex):
    r = run(runner, [*lex, "--encoding", "utf-16", "-"], input=SPUN.encode("utf-16-le"))
    assert r.exit_code == 3 and "no UTF-16 byte-order mark" in r.stderr


def test_binary_and_byte_order_marks_keep_their_messages(runner, lex, tmp_path):
    b = tmp_path / "b.bin"
    b.write_bytes(bytes(range(256)) * 4)
    z = tmp_path / "z.bin"  # every other byte a NUL, but the others control bytes: binary
    z.write_bytes(b"\x00\x01" * 100)
    w = tmp_path / "w.txt"
    w.write_bytes(SPUN.encode("utf-16"))
    r = run(runner, [*lex, b, z, w])
    assert r.exit_code == 3
    assert "b.bin: looks like a binary file (contains NUL bytes)" in r.stderr
    assert "z.bin: looks like a binary file (contains NUL bytes)" in r.stderr
    assert "w.txt: starts with a UTF-16 byte-order mark; pass --encoding utf-16" in r.stderr
    r = run(runner, [*lex, "--encoding", "utf-16", w])
    assert r.exit_code == 0 and r.stdout == FIXED


# --------------------------------------------------------------------------- 2. empty file names

def test_an_empty_file_argument_is_an_error_not_the_current_directory(runner, lex, tmp_path, monkeypatch):
    # Path("") is ".": `restore-text --in-place "$UNSET"` rewrote every text file under the
    # current directory.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    r = run(runner, [*lex, "--in-place", ""])
    assert r.exit_code == 3 and "'': an empty file name" in r.stderr
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == SPUN
    r = run(runner, [*lex, "-f", "json", "", "a.txt"])
    assert r.exit_code == 3 and r.stdout.count('"path"') == 2 and "an empty file name" in r.stdout
    r = run(runner, ["screen", ""])
    assert r.exit_code == 3 and "a.txt" not in r.stdout


@pytest.mark.parametrize("args", [[], ["apply", "report.json"], ["compare", "a.txt"], ["review"]])
def test_an_empty_output_name_is_a_usage_error(runner, lex, tmp_path, monkeypatch, args):
    # -o "" wrote to standard output (review: beside FILE), as if no -o had been given.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    r = run(runner, [*args, "-o", "", "a.txt"], input="")
    assert r.exit_code == 2 and "an empty file name" in r.stderr
    assert r.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
