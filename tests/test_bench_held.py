"""The benchmark's held-back hand-spun articles (benchmarks/run.py, bench_handspun with
HANDSPUN_HELD): read in full, always, and kept out of every fitted table."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
run = pytest.importorskip("benchmarks.run")

ARTICLE = "The council met on [[Could=>May]] 19. Officials said the [[assembly=>meeting]] went well.\n"


def _write(directory: Path, n: int) -> None:
    directory.mkdir()
    for k in range(n):
        (directory / f"sealed-{k:02d}.txt").write_text(ARTICLE, encoding="utf-8")


def test_held_back_articles_are_all_read_even_in_a_quick_run(tmp_path):
    held = tmp_path / "held"
    _write(held, 5)
    out = run.bench_handspun(0.55, jobs=1, full=False, directory=held)
    assert out["files"] == out["of_files"] == 5
    assert out["marks"] == 10


def test_the_hand_spun_set_is_halved_in_a_quick_run(tmp_path, monkeypatch):
    spun = tmp_path / "handspun"
    _write(spun, 5)
    monkeypatch.setattr(run, "HANDSPUN", spun)
    out = run.bench_handspun(0.55, jobs=1, full=False, directory=spun)
    assert (out["files"], out["of_files"]) == (3, 5)


def test_an_empty_held_back_directory_is_reported_absent(tmp_path):
    assert "ABSENT" in run.bench_handspun(0.55, jobs=1, full=False, directory=tmp_path)["status"]


@pytest.mark.parametrize("script", ["fit_choice_priors.py", "fit_learned_pairs.py", "fit_standin_rates.py",
                                    "fit_intensity.py"])
def test_no_table_is_counted_from_the_held_back_articles(script):
    # The fitting scripts read the hand-spun set by its own directory, never the held-back one.
    source = (Path(__file__).resolve().parent.parent / "scripts" / script).read_text(encoding="utf-8")
    assert "handspun-held" not in source and "HANDSPUN_HELD" not in source


def test_clean_throughput_is_reported_by_wall_clock_and_by_cpu_time(monkeypatch):
    # The clean set is timed both ways: CPU time is what other work on the machine moves least.
    Doc = type("Doc", (), {})
    docs = []
    for k in range(3):
        d = Doc()
        d.text = f"The council met on Tuesday {k}. Officials said it went well. " * 200
        d.words, d.source = 2000, "news"
        docs.append(d)
    monkeypatch.setattr(run.corpora, "documents", lambda split: docs)
    monkeypatch.setattr(run.corpora, "interleave", lambda it: list(it))
    out = run.bench_clean(1.0, full=False, skip=0)
    assert out["documents"] == 3 and out["cpu_seconds"] > 0
    assert out["mb_per_cpu_s"] > 0 and out["mb_per_s"] > 0
