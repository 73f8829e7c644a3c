"""Streaming large inputs: chunking, offsets, bounded memory, CLI streaming."""
from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import restore
from restore.cli import main
from restore.formats import line_col
from restore.inputs import InputError, decode
from restore.streaming import (HARD_FACTOR, AtomicWriter, StreamSummary, fix_file, iter_chunks, open_text,
                               stream_fix, validate_stream)


PARAGRAPHS = [
    "The talks on Could {n} were essentially the most productive in years.",
    "Nothing in this paragraph needs a repair; it is ordinary prose about the weather.",
    "Could you tell me whether the meeting on Could {n} went well?",
    "Officials said it was essentially the most important agreement since 2022.",
]


def document(paragraphs: int, sep: str = "\n\n") -> str:
    return sep.join(PARAGRAPHS[k % 4].format(n=k % 28 + 1) for k in range(paragraphs)) + "\n"


@pytest.fixture
def config(lexicon_path):
    return restore.Config(lexicons=(lexicon_path,), builtin=False, assume_spun=True)


def run(runner, args, **kw):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)


# --------------------------------------------------------------------------- chunking

@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n\r\t."), max_size=400), st.integers(1, 40), st.integers(1, 50))
def test_chunks_reassemble_exactly_and_stay_bounded(text, chunk_size, read_size):
    chunks = list(iter_chunks(io.StringIO(text, newline=""), chunk_size, read_size))
    assert "".join(chunks) == text
    assert all(chunks)
    assert all(len(c) <= HARD_FACTOR * chunk_size for c in chunks)


def test_chunks_end_at_paragraph_breaks():
    text = document(200)
    chunks = list(iter_chunks(io.StringIO(text), chunk_size=1000, read_size=300))
    assert len(chunks) > 5
    assert "".join(chunks) == text
    for c in chunks[:-1]:
        assert c.endswith("\n\n") and len(c) >= 1000
    assert len(chunks[-1]) >= 400  # no short tail without context
    short = list(iter_chunks(io.StringIO(text[:1400]), chunk_size=1000))
    assert short == [text[:1400]]


def test_single_newline_paragraphs_and_crlf():
    text = document(200, sep="\r\n")
    chunks = list(iter_chunks(io.StringIO(text, newline=""), chunk_size=500, read_size=128))
    assert "".join(chunks) == text
    assert all(c.endswith("\r\n") for c in chunks[:-1])


def test_giant_unbroken_token_is_cut():
    text = "x" * 10_000
    chunks = list(iter_chunks(io.StringIO(text), chunk_size=100, read_size=64))
    assert "".join(chunks) == text
    assert max(map(len, chunks)) <= HARD_FACTOR * 100


def test_chunking_memory_is_bounded(tmp_path):
    big = tmp_path / "big.txt"
    para = (document(4) + "\n") * 500  # about 150 KB
    with open(big, "w", encoding="utf-8") as fh:
        for _ in range(100):  # about 15 MB
            fh.write(para)
    size = big.stat().st_size
    tracemalloc.start()
    total = 0
    with open_text(big) as fh:
        for chunk in iter_chunks(fh):
            total += len(chunk)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert total == size
    assert peak < 2_000_000, f"chunking a {size} byte file peaked at {peak} bytes"


# --------------------------------------------------------------------------- restoring a stream

def test_stream_fix_offsets_positions_and_text(config):
    text = document(120)
    summary = StreamSummary()
    chunks = list(stream_fix(io.StringIO(text), config, chunk_size=700, summary=summary))
    assert len(chunks) > 3
    restored = "".join(c.result.text for c in chunks)
    whole = restore.fix(text, config)
    assert restored == whole.text  # with assume_spun the chunking changes nothing
    spans = [s for c in chunks for s in c.spans()]
    assert [(s.start, s.end, s.suggestion) for s in spans] == [(s.start, s.end, s.suggestion) for s in whole.spans]
    for c in chunks:
        for s in c.result.spans:
            doc_span = s.__class__(**{**s.to_dict(), "alternatives": tuple(s.alternatives),
                                      "evidence": tuple(s.evidence), "start": s.start + c.offset,
                                      "end": s.end + c.offset})
            assert text[doc_span.start:doc_span.end] == s.text
            assert c.position(s) == line_col(text, doc_span.start)
    assert summary.chars == len(text)
    assert summary.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert summary.applied == len(whole.applied)
    assert summary.spin_score == 1.0


def test_positions_count_lone_carriage_returns_as_line_ends(config):
    text = document(60).replace("\n", "\r")
    chunks = list(stream_fix(io.StringIO(text, newline=""), config, chunk_size=700))
    assert len(chunks) > 1
    seen = 0
    for c in chunks:
        for s in c.result.spans:
            line, col = c.position(s)
            start = s.start + c.offset
            assert line == text.count("\r", 0, start) + 1
            assert col == start - text.rfind("\r", 0, start)
            seen += 1
    assert seen and line > 1


def test_stream_fix_with_processes_matches(config):
    text = document(80)
    one = [c.result.text for c in stream_fix(io.StringIO(text), config, chunk_size=500, jobs=1)]
    two = [c.result.text for c in stream_fix(io.StringIO(text), config, chunk_size=500, jobs=2)]
    assert one == two


def test_running_spin_score_is_length_weighted(lexicon_path):
    cfg = restore.Config(lexicons=(lexicon_path,), builtin=False)
    clean = "A plain sentence about nothing in particular.\n\n" * 60
    spun = document(40)
    summary = StreamSummary()
    list(stream_fix(io.StringIO(spun + clean), cfg, chunk_size=1500, summary=summary))
    assert 0.0 <= summary.spin_score <= summary.max_chunk_spin <= 1.0


def test_fix_file_in_place_is_atomic(tmp_path, config):
    src = tmp_path / "big.txt"
    src.write_text(document(60), encoding="utf-8")
    os.chmod(src, 0o600)
    summary = fix_file(src, src, config, chunk_size=400)
    assert summary.changed
    assert "on May 1 were the most productive" in src.read_text(encoding="utf-8")
    assert stat.S_IMODE(src.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".restore-tmp"] == []
    clean = tmp_path / "clean.txt"
    clean.write_text("Nothing here.\n", encoding="utf-8")
    ino = clean.stat().st_ino
    assert not fix_file(clean, clean, config).changed
    assert clean.stat().st_ino == ino  # unchanged: not rewritten


@pytest.mark.parametrize("jobs, error", [("2", TypeError), (True, TypeError), (0, ValueError), (1.5, TypeError)])
def test_stream_fix_and_fix_file_check_jobs_at_the_call(tmp_path, jobs, error):
    # as the other library functions do (batch.check_count): at the call, not at the first
    # chunk of a generator, and not after fix_file has read the whole file to validate it
    with pytest.raises(error, match="jobs"):
        stream_fix(io.StringIO("text"), jobs=jobs)
    with pytest.raises(error, match="jobs"):
        fix_file(tmp_path / "missing.txt", jobs=jobs)
    with pytest.raises(ValueError, match="chunk_size"):
        stream_fix(io.StringIO("text"), chunk_size=0)
    with pytest.raises(TypeError, match="config"):
        fix_file(tmp_path / "missing.txt", config={"threshold": 0.5})


def test_atomic_writer_abort_leaves_target(tmp_path):
    target = tmp_path / "t.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with AtomicWriter(target) as w:
            w.write("new")
            raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]


def test_open_text_errors_and_bom(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        open_text(tmp_path / "none.txt")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"good text\n" * 100_000 + b"\xff bad")
    with pytest.raises(InputError, match="offset 1000000"):
        open_text(bad)
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01" * 100)
    with pytest.raises(InputError, match="binary"):
        open_text(binary)
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffHello".encode("utf-8"))
    with open_text(bom) as fh:
        assert fh.read() == "Hello"


# --------------------------------------------------------------------------- CLI

def test_cli_stream_matches_whole_document(runner, lex, tmp_path):
    src = tmp_path / "doc.txt"
    src.write_text(document(300), encoding="utf-8")
    for fmt in ("text", "word-diff", "compact"):
        whole = run(runner, [*lex, "-f", fmt, "--no-stream", src])
        streamed = run(runner, [*lex, "-f", fmt, "--stream", src])
        assert whole.exit_code == streamed.exit_code == 0
        assert streamed.stdout == whole.stdout, fmt


def test_cli_stream_jsonl_record(runner, lex, tmp_path):
    text = document(300)
    src = tmp_path / "doc.txt"
    src.write_text(text, encoding="utf-8")
    r = run(runner, [*lex, "-f", "jsonl", "--stream-above", "1000", src])
    (line,) = r.stdout.splitlines()
    rec = json.loads(line)
    assert rec["streamed"] is True and "text" not in rec
    assert rec["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert rec["applied"] == len(rec["spans"]) > 0
    for s in rec["spans"]:
        assert text[s["start"]:s["end"]] == s["text"]
    other = tmp_path / "other.txt"
    other.write_text("A short second document on Could 19.\n", encoding="utf-8")
    r = run(runner, [*lex, "-f", "json", "--stream", src, other])
    data = json.loads(r.stdout)
    assert data["documents"][0]["streamed"] is True and len(data["documents"]) == 2


def test_cli_stream_in_place_and_apply_roundtrip(runner, lex, tmp_path):
    text = document(200)
    src = tmp_path / "doc.txt"
    src.write_text(text, encoding="utf-8")
    report = tmp_path / "report.jsonl"
    r = run(runner, [*lex, "-f", "jsonl", "--stream", src])
    report.write_text(r.stdout, encoding="utf-8")
    expected = run(runner, [*lex, "--no-stream", src]).stdout
    r = run(runner, [*lex, "--stream", "--in-place", src])
    assert r.exit_code == 0 and r.stdout == ""
    assert src.read_text(encoding="utf-8") == expected
    src.write_text(text, encoding="utf-8")
    r = run(runner, ["apply", report, src])
    assert r.exit_code == 0 and r.stdout == expected


def test_cli_stream_from_stdin(runner, lex):
    text = document(200)
    whole = run(runner, [*lex, "--no-stream"], input=text).stdout
    auto = run(runner, [*lex, "--stream-above", "500"], input=text)
    forced = run(runner, [*lex, "--stream", "-f", "jsonl"], input=text)
    assert auto.stdout == whole
    assert json.loads(forced.stdout)["streamed"] is True


def test_cli_stream_undecodable_writes_nothing(runner, lex, tmp_path):
    src = tmp_path / "doc.txt"
    src.write_bytes(document(300).encode() + b"\xff\xfe tail")
    r = run(runner, [*lex, "--stream", src])
    assert r.exit_code == 3 and r.stdout == ""
    assert "not valid utf-8" in r.stderr


@pytest.mark.parametrize("block", [1, 2, 5, 64, 1 << 18])
def test_validate_stream_names_a_character_cut_off_at_the_end_where_it_starts(block):
    data = "caf\u00e9 \u20ac ".encode() + b"hello \xe2\x80"
    with pytest.raises(InputError) as whole:
        decode(data, "doc.txt")
    with pytest.raises(InputError) as streamed:
        validate_stream(io.BytesIO(data), "doc.txt", block=block)
    assert str(streamed.value) == str(whole.value)
    assert "byte 0xe2 at offset 16" in str(streamed.value)


@pytest.mark.parametrize("output", ["-o", "--in-place"])
def test_cli_stream_truncated_last_character_is_the_clear_error(runner, lex, tmp_path, output):
    src = tmp_path / "doc.txt"
    data = document(300).encode() + b"hello \xe2\x80"
    src.write_bytes(data)
    whole = run(runner, [*lex, "--no-stream", src])
    out = tmp_path / "out.txt"
    streamed = run(runner, [*lex, "--stream-above", "0", *([output, out] if output == "-o" else [output]), src])
    assert streamed.exit_code == whole.exit_code == 3
    assert streamed.stderr == whole.stderr
    assert f"{src}: not valid utf-8 (byte 0xe2 at offset {len(data) - 2})" in streamed.stderr
    assert not out.exists() and src.read_bytes() == data


def test_cli_stream_jobs(runner, lex, tmp_path):
    src = tmp_path / "doc.txt"
    src.write_text(document(2000), encoding="utf-8")
    one = run(runner, [*lex, "--stream", "-j", "1", src])
    two = run(runner, [*lex, "--stream", "-j", "2", src])
    assert one.stdout == two.stdout and one.exit_code == two.exit_code == 0


def test_streamed_standard_input_drops_a_byte_order_mark_and_stays_valid_json_on_bad_bytes(runner, lex):
    import json as _json

    from restore.cli import main as cli_main

    text = "The talks on Could 19 were essentially the most productive.\n"
    whole = runner.invoke(cli_main, [*lex, "-f", "json", "-"], input=b"\xef\xbb\xbf" + text.encode())
    streamed = runner.invoke(cli_main, [*lex, "--stream", "-f", "json", "-"], input=b"\xef\xbb\xbf" + text.encode())
    a = _json.loads(whole.stdout)["documents"][0]
    b = _json.loads(streamed.stdout)["documents"][0]
    assert [s["start"] for s in a["spans"]] == [s["start"] for s in b["spans"]]
    assert a["sha256"] == b["sha256"]
    broken = runner.invoke(cli_main, [*lex, "--stream", "-f", "json", "-"],
                           input=(text * 2000).encode() + b"\xff tail\n")
    assert broken.exit_code == 3
    record = _json.loads(broken.stdout)["documents"][0]
    assert "could not be read to the end" in record["error"]


def test_standard_input_that_fails_late_reports_the_offset_and_the_short_output(runner, lex):
    from restore.cli import main as cli_main

    text = "The talks on Could 19 were essentially the most productive.\n\n"
    data = (text * 3000).encode()
    r = runner.invoke(cli_main, [*lex, "--stream", "-"], input=data + b"\xff\xfe tail\n")
    assert r.exit_code == 3
    assert f"<stdin>: not valid utf-8 (byte 0xff at offset {len(data)})" in r.stderr
    summary = r.stderr.strip().splitlines()[-1]
    assert "the output for <stdin> stops short" in summary
    written = r.stdout
    assert written and "on May 19" in written and "Could 19" not in written
    covered = int(summary.split("first ")[1].split(" characters")[0].replace(",", ""))
    assert covered == len(written.replace("May", "Could").replace("were the most", "were essentially the most"))


def test_a_cut_inside_one_long_line_splits_no_phrase():
    # One line far longer than the hard limit: the cut falls between words, and never
    # between "essentially" and "the most" (both chunks missed that phrase).
    import io

    import restore
    from restore.streaming import iter_chunks, stream_fix
    from restore.config import Config
    text = "essentially the most " * 600
    chunks = list(iter_chunks(io.StringIO(text), chunk_size=256, read_size=300, config=Config()))
    assert "".join(chunks) == text and len(chunks) > 5
    assert all(c.startswith("essentially the most") for c in chunks)
    streamed = [s for ch in stream_fix(io.StringIO(text), chunk_size=256) for s in ch.spans()]
    whole = restore.fix(text).spans
    assert len(streamed) == len(whole) == 600
    assert [(s.start, s.end) for s in streamed] == [(s.start, s.end) for s in whole]
