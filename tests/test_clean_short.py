"""Short clean texts (benchmarks/data/clean-short): headlines, captions, posts, one a
line. Each is restored as a text of its own and must come back as written: in ten words,
one phrase wrongly read as a strong tell ("spread throughout the county", "received a
medal for her courage") made the text read as spun and restored itself."""
from pathlib import Path

import pytest

import restore

SHORT = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "clean-short"
LINES = [(p.name, line) for p in sorted(SHORT.glob("*.txt"))
         for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_set_is_there():
    assert len(LINES) >= 600


@pytest.mark.parametrize("name, line", LINES, ids=[f"{n}:{k}" for k, (n, _) in enumerate(LINES)])
def test_a_short_clean_text_comes_back_as_written(name, line):
    result = restore.fix(line)
    assert result.text == line, [(s.text, s.suggestion, s.rule) for s in result.applied]
    assert result.spin_score < 0.5
