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
    w = tmp_path / "w.txt"
    w.write_bytes(SPUN.encode("utf-16"))
    r = run(runner, [*lex, b, w])
    assert r.exit_code == 3
    assert "b.bin: looks like a binary file (contains NUL bytes)" in r.stderr
    assert "w.txt: starts with a UTF-16 byte-order mark; pass --encoding utf-16" in r.stderr
    r = run(runner, [*lex, "--encoding", "utf-16", w])
    assert r.exit_code == 0 and r.stdout == FIXED
