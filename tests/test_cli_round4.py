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
