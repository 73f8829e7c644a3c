"""The command line, round 4: nothing the command reads is overwritten, signals end a run
cleanly, byte-order marks, file names with control characters, and smaller fixes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from restore.cli import main

SPUN = "The talks on Could 19 were essentially the most productive.\n\nThe battle went on. Could you help?\n"
ROOT = Path(__file__).parent.parent


def run(runner, args, **kw):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)


@pytest.fixture
def doc(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(SPUN, encoding="utf-8")
    return p


# --------------------------------------------------------------------------- 1. no input overwritten

def test_o_refuses_to_write_over_the_reference(runner, lex, doc, tmp_path):
    ref = tmp_path / "ref.txt"
    ref.write_text("The talks on May 19 were the most productive.\n", encoding="utf-8")
    before = ref.read_bytes()
    r = run(runner, [*lex, "--reference", ref, doc, "-o", ref])
    assert r.exit_code == 2
    assert "refusing to write over the input" in r.stderr and "--reference" in r.stderr
    assert ref.read_bytes() == before


def test_o_refuses_to_write_over_a_lexicon_through_a_symlink(runner, lexicon_path, doc, tmp_path):
    lex_copy = tmp_path / "lex.toml"
    lex_copy.write_bytes(lexicon_path.read_bytes())
    link = tmp_path / "link.toml"
    link.symlink_to(lex_copy)
    before = lex_copy.read_bytes()
    r = run(runner, ["--no-builtin", "-l", lex_copy, "--assume-spun", doc, "-o", link])
    assert r.exit_code == 2 and "refusing to write over the input" in r.stderr and "lexicon" in r.stderr
    assert lex_copy.read_bytes() == before


def test_o_refuses_a_hard_link_to_the_lexicon(runner, lexicon_path, doc, tmp_path):
    lex_copy = tmp_path / "lex.toml"
    lex_copy.write_bytes(lexicon_path.read_bytes())
    hard = tmp_path / "hard.toml"
    os.link(lex_copy, hard)
    r = run(runner, ["--no-builtin", "-l", lex_copy, "--assume-spun", doc, "-o", hard])
    assert r.exit_code == 2 and "refusing" in r.stderr
    assert lex_copy.read_bytes() == lexicon_path.read_bytes()


def test_apply_refuses_to_write_over_its_report(runner, lex, doc, tmp_path):
    report = tmp_path / "a.json"
    r = run(runner, [*lex, "-f", "json", "-o", report, doc])
    assert r.exit_code == 0
    before = report.read_bytes()
    r = run(runner, ["apply", report, doc, "-o", report])
    assert r.exit_code == 2 and "refusing to write over the input" in r.stderr and "report" in r.stderr
    assert report.read_bytes() == before


@pytest.mark.parametrize("option", ["-o", "--log"])
def test_review_refuses_to_write_over_its_lexicon(runner, lexicon_path, doc, tmp_path, option):
    lex_copy = tmp_path / "m.toml"
    lex_copy.write_bytes(lexicon_path.read_bytes())
    r = run(runner, ["review", "--no-builtin", "-l", lex_copy, "--assume-spun", doc, option, lex_copy],
            input="y\nq\n")
    assert r.exit_code == 2 and "refusing to write over the input" in r.stderr
    assert lex_copy.read_bytes() == lexicon_path.read_bytes()


def test_review_log_cannot_be_the_reviewed_text(runner, lex, doc, tmp_path):
    out = tmp_path / "out.txt"
    r = run(runner, ["review", *lex, doc, "-o", out, "--log", out], input="y\nq\n")
    assert r.exit_code == 2 and "refusing" in r.stderr and "--log" in r.stderr
    assert not out.exists()


# --------------------------------------------------------------------------- 2-4. signals

def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                kids.append(int(entry))
    return kids


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


_STARTED: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def _no_run_left_behind():
    """A run (and its workers) that a failed test left going is ended, by its own ids."""
    yield
    while _STARTED:
        proc = _STARTED.pop()
        kids = _children(proc.pid) if proc.poll() is None else []
        for pid in [proc.pid, *kids]:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        proc.communicate()


def _start_big_run(tmp_path, lexicon_path, extra: list[str], **kw) -> subprocess.Popen:
    big = tmp_path / "big.txt"
    big.write_text(SPUN * 20000, encoding="utf-8")
    args = [sys.executable, "-X", "faulthandler", "-m", "restore", "--no-builtin", "-l", str(lexicon_path), "--assume-spun",
            "--stream", "-j", "3", *extra, str(big)]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **kw)
    _STARTED.append(proc)
    deadline = time.time() + 60
    while len(_children(proc.pid)) < 3 and time.time() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    assert proc.poll() is None, "the run ended before it could be stopped"
    return proc


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", ["-o", "--in-place"])
def test_sigterm_stops_the_workers_removes_temporary_files_and_exits_143(tmp_path, lexicon_path, how):
    extra = ["-o", str(tmp_path / "out.txt")] if how == "-o" else ["--in-place"]
    proc = _start_big_run(tmp_path, lexicon_path, extra)
    workers = _children(proc.pid)
    assert workers
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert "restore-text: terminated" in err and "Traceback" not in err
    deadline = time.time() + 10
    while any(_alive(w) for w in workers) and time.time() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "worker processes outlived the run"
    assert not list(tmp_path.glob("*.restore-tmp")), "a partial temporary file was left"
    assert not (tmp_path / "out.txt").exists()
    assert (tmp_path / "big.txt").read_text(encoding="utf-8") == SPUN * 20000


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_exits_130_with_a_message_not_aborted(tmp_path, lexicon_path):
    proc = _start_big_run(tmp_path, lexicon_path, ["-o", str(tmp_path / "out.txt")], start_new_session=True)
    workers = _children(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGABRT)
        _, err = proc.communicate()
        print(err)
        raise
    assert proc.returncode == 130
    assert "restore-text: interrupted" in err and "Aborted!" not in err and "Traceback" not in err
    deadline = time.time() + 10
    while any(_alive(w) for w in workers) and time.time() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)]
    assert not list(tmp_path.glob("*.restore-tmp"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG")
def test_workers_end_when_the_parent_is_killed_outright(tmp_path, lexicon_path):
    proc = _start_big_run(tmp_path, lexicon_path, ["-o", str(tmp_path / "out.txt")])
    workers = _children(proc.pid)
    proc.kill()
    proc.communicate(timeout=60)
    deadline = time.time() + 10
    while any(_alive(w) for w in workers) and time.time() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)]


# --------------------------------------------------------------------------- 5. byte-order mark

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def bom_doc(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(BOM + SPUN.encode("utf-8"))
    return p


def test_apply_o_keeps_the_byte_order_mark(runner, lex, bom_doc, tmp_path):
    report = tmp_path / "r.json"
    assert run(runner, [*lex, "-f", "json", "-o", report, bom_doc]).exit_code == 0
    out = tmp_path / "out.txt"
    r = run(runner, ["apply", report, bom_doc, "-o", out])
    assert r.exit_code == 0, r.stderr
    data = out.read_bytes()
    assert data.startswith(BOM) and not data.startswith(BOM * 2)
    assert b"on May 19" in data


def test_review_restored_file_keeps_the_byte_order_mark(runner, lex, bom_doc, tmp_path):
    r = run(runner, ["review", *lex, bom_doc], input="y\ny\ny\n")
    assert r.exit_code == 0, r.stderr
    data = (tmp_path / "bom.restored.txt").read_bytes()
    assert data.startswith(BOM) and not data.startswith(BOM * 2)
    assert b"May" in data


@pytest.mark.skipif(subprocess.run(["which", "patch"], capture_output=True).returncode != 0, reason="no patch")
def test_diff_of_a_bom_file_applies_with_patch(runner, lex, bom_doc, tmp_path):
    r = run(runner, [*lex, "-f", "diff", "-o", tmp_path / "x.diff", bom_doc])
    assert r.exit_code == 0, r.stderr
    diff = (tmp_path / "x.diff").read_bytes()
    assert b"-" + BOM + b"The talks on Could 19" in diff and b"+" + BOM + b"The talks on May 19" in diff
    done = subprocess.run(["patch", "--binary", str(bom_doc)], stdin=open(tmp_path / "x.diff", "rb"),
                          capture_output=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert bom_doc.read_bytes().startswith(BOM) and b"on May 19" in bom_doc.read_bytes()


# --------------------------------------------------------------------------- 6, 10. file names

def test_display_name_escapes_control_characters():
    from restore.inputs import display_name

    assert display_name("a\nb\tc\rd\x1be\x7f\u2028.txt") == "a\\nb\\tc\\rd\\x1be\\x7f\\u2028.txt"
    assert display_name("café.txt") == "café.txt"


@pytest.mark.parametrize("fmt", ["compact", "diff"])
def test_a_newline_in_a_file_name_keeps_line_oriented_output_whole(runner, lex, tmp_path, fmt):
    p = tmp_path / "evil\nname.txt"
    p.write_text(SPUN, encoding="utf-8")
    r = run(runner, [*lex, "-f", fmt, p])
    assert r.exit_code == 0, r.stderr
    if fmt == "compact":
        rows = r.stdout.splitlines()
        assert rows and all(row.startswith(str(tmp_path) + "/evil\\nname.txt:") for row in rows)
    else:
        assert f"--- a/{tmp_path}/evil\\nname.txt\n" in r.stdout
        assert f"+++ b/{tmp_path}/evil\\nname.txt\n" in r.stdout


def test_screen_text_report_escapes_a_newline_in_a_name(runner, tmp_path):
    p = tmp_path / "x\ny.txt"
    p.write_text("The counterfeit consciousness of the profound learning model.\n", encoding="utf-8")
    r = run(runner, ["screen", p])
    assert r.exit_code == 0, r.stderr
    assert "x\\ny.txt" in r.stdout and "x\ny.txt" not in r.stdout


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses names that are not UTF-8")
def test_apply_shows_a_non_utf8_name_as_xNN(lexicon_path, tmp_path):
    lex = ["--no-builtin", "-l", str(lexicon_path), "--assume-spun"]
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_bytes(SPUN.encode("utf-8"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "restore", *lex, "-f", "json", "-o", "r.json", name],
                          cwd=tmp_path, capture_output=True, env=env)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([sys.executable, "-m", "restore", "apply", "r.json", name], cwd=tmp_path,
                          capture_output=True, env=env)
    assert done.returncode == 0, done.stderr
    assert b"caf\\xe9.txt: applied" in done.stderr
    assert b"\\udce9" not in done.stderr


# --------------------------------------------------------------------------- 13. compare -

def test_compare_reads_one_side_from_standard_input(runner, tmp_path):
    orig = "The talks on May 19 were the most productive. The war went on.\n"
    spun = "The talks on Could 19 were essentially the most productive. The battle went on.\n"
    (tmp_path / "o.txt").write_text(orig, encoding="utf-8")
    (tmp_path / "s.txt").write_text(spun, encoding="utf-8")
    from_files = run(runner, ["compare", "-f", "json", tmp_path / "o.txt", tmp_path / "s.txt"])
    from_stdin = run(runner, ["compare", "-f", "json", "-", tmp_path / "s.txt"], input=orig)
    assert from_files.exit_code == from_stdin.exit_code == 0, from_stdin.stderr
    a, b = json.loads(from_files.stdout), json.loads(from_stdin.stdout)
    assert b["original"]["name"] == "<stdin>"
    assert a["substitutions"] == b["substitutions"] and a["substitutions"]
    spun_stdin = run(runner, ["compare", "-f", "json", tmp_path / "o.txt", "-"], input=spun)
    assert json.loads(spun_stdin.stdout)["substitutions"] == a["substitutions"]
    both = run(runner, ["compare", "-", "-"], input=orig)
    assert both.exit_code == 2 and "only one" in both.stderr


# --------------------------------------------------------------------------- 12. --disable

def test_disable_warns_about_an_id_that_matches_no_entry(runner, lex, doc):
    r = run(runner, [*lex, "--disable", "t.no-such", "--disable", "zz*", "--disable", "t.could-may",
                     "--disable", "t.batt*", doc])
    assert r.exit_code == 0
    assert "warning: --disable t.no-such: no lexicon entry has this id" in r.stderr
    assert "warning: --disable zz*: no lexicon entry id starts with 'zz'" in r.stderr
    assert "t.could-may" not in r.stderr and "t.batt*" not in r.stderr
    assert "Could 19" in r.stdout  # the known ones are disabled
    quiet = run(runner, [*lex, "--disable", "t.could-may", doc])
    assert "warning" not in quiet.stderr
    review = run(runner, ["review", *lex, "--disable", "t.nope", doc, "--no-log"], input="q\n")
    assert "warning: --disable t.nope" in review.stderr


# --------------------------------------------------------------------------- 14. minor

def test_one_file_named_by_two_paths_is_processed_once(runner, lex, tmp_path, monkeypatch):
    d = tmp_path / "t" / "dup"
    d.mkdir(parents=True)
    (d / "a.txt").write_text(SPUN, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(d / "a.txt")
    monkeypatch.chdir(d)
    r = run(runner, [*lex, "-f", "jsonl", "a.txt", "../dup/a.txt", "../../t/dup/a.txt", tmp_path / "link.txt"])
    assert r.exit_code == 0, r.stderr
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [rec["path"] for rec in records] == ["a.txt"]


def test_an_empty_file_has_the_same_spin_score_streamed_or_whole(runner, lex, tmp_path):
    import restore

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    whole = json.loads(run(runner, [*lex, "--no-stream", "-f", "jsonl", empty]).stdout)
    streamed = json.loads(run(runner, [*lex, "--stream", "-f", "jsonl", empty]).stdout)
    assert streamed["streamed"] is True
    assert whole["spin_score"] == streamed["spin_score"] == restore.fix("", builtin=False, assume_spun=True,
                                                                         lexicons=[lex[2]]).spin_score


@pytest.mark.skipif(not os.path.exists("/proc/version"), reason="needs /proc")
def test_o_into_a_file_that_cannot_be_replaced_says_so(runner, lex, doc):
    r = run(runner, [*lex, doc, "-o", "/proc/version"])
    assert r.exit_code == 3
    assert "cannot write /proc/version: not a file that can be replaced" in r.stderr
