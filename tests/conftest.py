from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def mini_lexicon() -> Path:
    return DATA / "mini.toml"


@pytest.fixture
def mini(mini_lexicon):
    """Options for restore.fix that use only the tiny test lexicon."""
    return {"lexicons": [mini_lexicon], "builtin": False}
