from pathlib import Path

import pytest
from click.testing import CliRunner

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def mini_lexicon() -> Path:
    return DATA / "mini.toml"


@pytest.fixture
def mini(mini_lexicon):
    """Options for restore.fix that use only the tiny test lexicon."""
    return {"lexicons": [mini_lexicon], "builtin": False}


@pytest.fixture
def lexicon_path() -> Path:
    """The lexicon the command-line tests use (tests/data/cli.toml)."""
    return DATA / "cli.toml"


@pytest.fixture
def lex(lexicon_path) -> list[str]:
    """CLI options for that lexicon alone, independent of the document model."""
    return ["--no-builtin", "-l", str(lexicon_path), "--assume-spun"]


@pytest.fixture
def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 keeps stderr apart by default
        return CliRunner()


@pytest.fixture
def check_curated(tmp_path):
    """Run scripts/check_curated.py on a lexicon written from ``text``; returns (ok, output)."""
    import subprocess
    import sys

    def run(text: str) -> tuple[bool, str]:
        path = tmp_path / "t.toml"
        path.write_text(text, encoding="utf-8")
        done = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_curated.py"), str(path)],
                              capture_output=True, text=True)
        return done.returncode == 0, done.stdout + done.stderr
    return run
