"""Batch runs: directories and globs, bad files in a batch, --jobs order, progress, fix_many."""
from __future__ import annotations

import io
import itertools
import json
import os
import re
from pathlib import Path

import pytest

import restore
from restore.batch import Item, expand_inputs, ordered_map
from restore.cli import main
from restore.progress import Progress



def _doc(k: int) -> str:
    if k % 3 == 0:
        return f"Document {k} is clean and short.\n"
    return f"Document {k}: the talks on Could {k % 28 + 1} were essentially the most useful of all.\n"


@pytest.fixture
def tree(tmp_path):
    """docs/a.txt, docs/sub/b.md, docs/sub/deeper/c.txt, docs/skip.bin, docs/.hidden/h.txt"""
    root = tmp_path / "docs"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text(_doc(1), encoding="utf-8")
    (root / "sub" / "b.md").write_text(_doc(2), encoding="utf-8")
    (root / "sub" / "deeper" / "c.txt").write_text(_doc(3), encoding="utf-8")
    (root / "skip.bin").write_bytes(b"\x00\x01\x02")
    (root / ".hidden" / "h.txt").write_text(_doc(4), encoding="utf-8")
    (root / ".dotfile.txt").write_text(_doc(5), encoding="utf-8")
    return root


def run(runner, args, **kw):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)


# --------------------------------------------------------------------------- inputs

def test_directories_are_searched_recursively_in_stable_order(tree):
    items = expand_inputs([str(tree)])
    rel = [str(Path(i.name).relative_to(tree)) for i in items]
    assert rel == ["a.txt", "sub/b.md", "sub/deeper/c.txt"]  # no .bin, no hidden entries


def test_include_patterns_and_explicit_files(tree):
    items = expand_inputs([str(tree)], include=("*.md",))
    assert [Path(i.name).name for i in items] == ["b.md"]
    items = expand_inputs([str(tree / "skip.bin")])  # named explicitly: always taken
    assert [Path(i.name).name for i in items] == ["skip.bin"]


def test_globs_are_expanded_recursively_and_deduplicated(tree):
    items = expand_inputs([str(tree / "**" / "*.txt"), str(tree / "a.txt")])
    names = [str(Path(i.name).relative_to(tree)) for i in items]
    assert names == ["a.txt", "sub/deeper/c.txt"]
    (missing,) = expand_inputs([str(tree / "*.nothing")])
    assert missing.error and "no file matches" in missing.error


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_globs_do_not_follow_symbolic_link_loops_as_directories_do_not(tree):
    (tree / "sub" / "loop").symlink_to("..", target_is_directory=True)  # docs/sub/loop -> docs
    walked = [i.name for i in expand_inputs([str(tree)])]
    globbed = [i.name for i in expand_inputs([str(tree / "**" / "*.txt"), str(tree / "**" / "*.md")])]
    assert sorted(walked) == sorted(globbed) == [str(tree / "a.txt"), str(tree / "sub" / "b.md"),
                                                 str(tree / "sub" / "deeper" / "c.txt")]
    (linked,) = expand_inputs([str(tree / "*" / "loop")])  # a linked directory is not matched
    assert linked.path is None and "no file matches" in linked.error


def test_globs_match_what_glob_matches_without_links(tree):
    import glob

    from restore.batch import _glob

    for pattern in ("*", "**", "**/*.txt", "*/", "**/", ".*", "**/.*", ".hidden/*", "*/*.md", "s*/**/c.txt",
                    "[ab].*"):
        expected = sorted({os.path.normpath(p) for p in glob.glob(str(tree / pattern), recursive=True)})
        assert sorted({os.path.normpath(p) for p in map(str, _glob(str(tree / pattern)))}) == expected, pattern


def test_stdin_and_unknown_names():
    items = expand_inputs(["-", "does-not-exist.txt"])
    assert items[0] == Item("<stdin>", None) and items[0].is_stdin
    assert items[1].path == Path("does-not-exist.txt") and items[1].error is None


# --------------------------------------------------------------------------- CLI batches

def test_directory_batch_jsonl(runner, lex, tree):
    r = run(runner, [*lex, "-f", "jsonl", tree])
    assert r.exit_code == 0, r.stderr
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [Path(rec["path"]).name for rec in records] == ["a.txt", "b.md", "c.txt"]
    assert [rec["changed"] for rec in records] == [True, True, False]
    assert "3 documents, 2 changed" in r.stderr


def test_quoted_glob_on_the_command_line(runner, lex, tree):
    r = run(runner, [*lex, "-f", "compact", str(tree / "**" / "*.txt")])
    assert r.exit_code == 0
    assert "a.txt:1:" in r.stdout and "b.md" not in r.stdout
    r = run(runner, [*lex, str(tree / "*.nothing")])
    assert r.exit_code == 3 and "no file matches" in r.stderr


def test_one_bad_file_is_reported_and_skipped(runner, lex, tree, tmp_path):
    (tree / "bad.txt").write_bytes(b"caf\xe9 Could 19")
    (tree / "zz.txt").write_text(_doc(7), encoding="utf-8")
    r = run(runner, [*lex, "-f", "jsonl", tree, tmp_path / "missing.txt"])
    assert r.exit_code == 3
    records = [json.loads(line) for line in r.stdout.splitlines()]
    names = [Path(rec["path"]).name for rec in records]
    assert names == ["a.txt", "bad.txt", "b.md", "c.txt", "zz.txt", "missing.txt"]  # in order
    assert [Path(rec["path"]).name for rec in records if "error" not in rec] == ["a.txt", "b.md", "c.txt", "zz.txt"]
    assert "bad.txt: not valid utf-8" in r.stderr
    assert "missing.txt: no such file" in r.stderr
    assert re.search(r"6 documents, 3 changed \(\d+ fixes applied\), 2 failed", r.stderr)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_failed_file_has_a_record_in_json_and_jsonl(runner, lex, tree, tmp_path, jobs):
    (tree / "bad.txt").write_bytes(b"caf\xe9 Could 19")
    (tree / "nul.txt").write_bytes(b"\x00\x00binary")
    missing = tmp_path / "missing.txt"
    args = [*lex, "-j", jobs, tree / "a.txt", tree / "bad.txt", tree / "nul.txt", missing, tree / "*.nothing"]
    expected = [(str(tree / "a.txt"), None),
                (str(tree / "bad.txt"), "not valid utf-8 (byte 0xe9 at offset 3); "
                                        "pass --encoding if you know the file's encoding"),
                (str(tree / "nul.txt"), "looks like a binary file (contains NUL bytes); not processed"),
                (str(missing), "no such file"),
                (str(tree / "*.nothing"), "no file matches this pattern")]
    lines = run(runner, [*args, "-f", "jsonl"])
    report = run(runner, [*args, "-f", "json"])
    for r in (lines, report):
        assert r.exit_code == 3
        assert "bad.txt: not valid utf-8" in r.stderr and "missing.txt: no such file" in r.stderr
    from_lines = [json.loads(line) for line in lines.stdout.splitlines()]
    from_report = json.loads(report.stdout)["documents"]
    for records in (from_lines, from_report):
        assert [(rec["path"], rec.get("error")) for rec in records] == expected
        assert all(set(rec) == {"path", "error"} for rec in records[1:])  # nothing that looks like a result
    assert from_lines == from_report


def test_a_report_with_failed_files_can_still_be_applied(runner, lex, tree, tmp_path):
    (tree / "nul.txt").write_bytes(b"\x00\x00binary")
    for fmt in ("json", "jsonl"):
        report = tmp_path / f"report.{fmt}"
        report.write_text(run(runner, [*lex, "-f", fmt, tree / "nul.txt", tree / "a.txt"]).stdout, encoding="utf-8")
        r = run(runner, ["apply", report, tree / "a.txt"])
        assert r.exit_code == 0 and "May" in r.stdout
        only_failed = tmp_path / f"failed.{fmt}"
        only_failed.write_text(run(runner, [*lex, "-f", fmt, tree / "nul.txt"]).stdout, encoding="utf-8")
        r = run(runner, ["apply", only_failed, tree / "a.txt"])
        assert r.exit_code == 3 and "every document of the report failed" in r.stderr


def test_failure_takes_precedence_over_check(runner, lex, tree):
    (tree / "bad.txt").write_bytes(b"\x00\x00binary")
    r = run(runner, [*lex, "--check", tree])
    assert r.exit_code == 3
    assert "Could -> May" in r.stdout  # the findings are still reported


def test_in_place_batch(runner, lex, tree):
    r = run(runner, [*lex, "--in-place", tree])
    assert r.exit_code == 0 and r.stdout == ""
    assert "on May 2 were the most useful" in (tree / "a.txt").read_text(encoding="utf-8")
    assert (tree / "sub" / "deeper" / "c.txt").read_text(encoding="utf-8") == _doc(3)
    assert not list(tree.rglob("*.restore-tmp"))


@pytest.mark.parametrize("fmt", ["jsonl", "text", "compact", "json"])
def test_jobs_keep_the_input_order(runner, lex, tmp_path, fmt):
    root = tmp_path / "many"
    root.mkdir()
    for k in range(40):
        (root / f"doc{k:03d}.txt").write_text(_doc(k), encoding="utf-8")
    one = run(runner, [*lex, "-f", fmt, "--jobs", "1", root])
    two = run(runner, [*lex, "-f", fmt, "--jobs", "2", root])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    if fmt == "jsonl":
        paths = [json.loads(line)["path"] for line in two.stdout.splitlines()]
        assert paths == sorted(paths) and len(paths) == 40


def test_jobs_with_a_bad_file(runner, lex, tmp_path):
    root = tmp_path / "many"
    root.mkdir()
    for k in range(10):
        (root / f"doc{k:03d}.txt").write_text(_doc(k), encoding="utf-8")
    (root / "doc005.txt").write_bytes(b"\xff\xfe\x00bad")
    r = run(runner, [*lex, "-f", "jsonl", "-j", "2", root])
    assert r.exit_code == 3
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(records) == 10 and [Path(rec["path"]).name for rec in records if "error" in rec] == ["doc005.txt"]
    assert "doc005.txt" in r.stderr


# --------------------------------------------------------------------------- progress

def test_progress_bar_only_on_a_terminal():
    quiet = io.StringIO()
    p = Progress(3, 300, stream=quiet)  # StringIO is not a terminal
    p.advance(1, 100)
    p.close()
    assert quiet.getvalue() == ""
    shown = io.StringIO()
    p = Progress(3, 300, stream=shown, enabled=True, interval=0)
    p.advance(1, 100)
    p.message("restore-text: error: something")
    p.advance(2, 200)
    p.close()
    out = shown.getvalue()
    assert "\r[" in out and "1/3 files" in out and "3/3 files" in out
    assert "something\n" in out
    assert out.endswith("\r")  # the bar is erased at the end


def test_progress_render():
    p = Progress(10, 0, enabled=False)
    p.items = 5
    assert "5/10 files" in p.render()
    assert p.render().startswith("[" + "=" * 12 + ">")


def test_cli_progress_flag(runner, lex, tree):
    r = run(runner, [*lex, "--progress", tree])
    assert "\r[" in r.stderr and "3/3 files" in r.stderr
    r = run(runner, [*lex, tree])  # not a terminal: no bar
    assert "\r" not in r.stderr


# --------------------------------------------------------------------------- fix_many / ordered_map

def test_fix_many_keeps_order_with_processes(lexicon_path):
    texts = [_doc(k) for k in range(30)]
    opts = {"lexicons": [lexicon_path], "builtin": False, "assume_spun": True}
    serial = [r.text for r in restore.fix_many(texts, jobs=1, **opts)]
    parallel = [r.text for r in restore.fix_many(texts, jobs=2, **opts)]
    assert serial == parallel == [restore.fix(t, **opts).text for t in texts]


def test_fix_many_is_lazy(lexicon_path):
    endless = (_doc(k) for k in itertools.count())
    results = restore.fix_many(endless, jobs=2, lexicons=[lexicon_path], builtin=False)
    first = list(itertools.islice(results, 5))
    results.close()
    assert [r.original for r in first] == [_doc(k) for k in range(5)]


def _square(x: int) -> int:
    if x == 7:
        raise ValueError("seven")
    return x * x


def test_ordered_map_order_and_errors():
    assert list(ordered_map(_square, range(7), jobs=2)) == [x * x for x in range(7)]
    with pytest.raises(ValueError, match="seven"):
        list(ordered_map(_square, range(20), jobs=2))
    assert list(ordered_map(_square, [], jobs=2)) == []


def test_ordered_map_and_expand_inputs_check_their_arguments():
    with pytest.raises(ValueError, match="jobs must be an integer >= 1, not 0"):
        ordered_map(_square, range(3), jobs=0)
    with pytest.raises(TypeError, match="prefetch must be an integer >= 1, not str '4'"):
        ordered_map(_square, range(3), prefetch="4")
    with pytest.raises(TypeError, match=r"args must be a list of paths, not one str \('docs'\); use \['docs'\]"):
        expand_inputs("docs")
    with pytest.raises(TypeError, match=r"include must be a list of file-name patterns, not one str"):
        expand_inputs(["docs"], include="*.txt")
    with pytest.raises(TypeError, match=r"args\[1\] must be a path \(str\), not int 3"):
        expand_inputs(["a.txt", 3])
    assert expand_inputs(p for p in [Path("a.txt")]) == [Item("a.txt", Path("a.txt"))]


def test_fix_many_rejects_bytes(lexicon_path):
    with pytest.raises(TypeError):
        list(restore.fix_many([b"bytes"], lexicons=[lexicon_path], builtin=False))


def test_worker_processes_do_not_leak(lexicon_path):
    before = set(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else set()
    list(restore.fix_many([_doc(k) for k in range(6)], jobs=2, lexicons=[lexicon_path], builtin=False))
    import multiprocessing
    assert multiprocessing.active_children() == []
    if before:
        assert len(os.listdir("/proc/self/task")) <= len(before) + 1
