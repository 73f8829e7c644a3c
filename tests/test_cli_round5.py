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
