"""What the Dask and Spark integration tests share: their dependencies (a skip on a
developer's machine, a failure in CI), the documents they restore, and the environment that
makes cluster workers import this checkout's ``restore``."""
from __future__ import annotations

import importlib
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
IN_CI = bool(os.environ.get("CI"))


def need(module: str, extra: str):
    """Import ``module``; without it skip here, but fail in CI, which must run these tests."""
    if IN_CI:
        return importlib.import_module(module)
    return pytest.importorskip(module, reason=f"{module} is not installed (pip install '.[test]' or '.[{extra}]')")


def need_java() -> None:
    if os.environ.get("JAVA_HOME") or shutil.which("java"):
        return
    message = "Spark needs Java (apt-get install openjdk-17-jre-headless; CI does it in .ci/system-packages.sh)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def with_checkout_on_path(env: dict[str, str]) -> dict[str, str]:
    """``env`` with this checkout first on PYTHONPATH: worker processes must import the
    ``restore`` under test, not another copy installed in site-packages."""
    rest = env.get("PYTHONPATH")
    return {**env, "PYTHONPATH": str(ROOT) + (os.pathsep + rest if rest else "")}


@contextmanager
def workers_import_this_checkout():
    """Put this checkout first on PYTHONPATH while a cluster runs: Dask's worker processes
    and Spark's Python workers inherit the environment."""
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = with_checkout_on_path(dict(os.environ))["PYTHONPATH"]
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved


def write_corpus(folder: Path, texts: list[str | None]) -> dict[Path, str]:
    """The non-empty texts as files under ``folder`` (half of them in a subfolder), plus a
    file that is not UTF-8 (``broken.txt``) and one that a screening skips (``notes.csv``)."""
    (folder / "sub").mkdir(parents=True)
    written = {}
    for k, text in enumerate(t for t in texts if t):
        path = folder / ("sub" if k % 2 else "") / f"doc{k:02d}.txt"
        path.write_text(text, encoding="utf-8")
        written[path] = text
    (folder / "broken.txt").write_bytes(b"caf\xe9 au lait")
    (folder / "notes.csv").write_text("not,screened\n", encoding="utf-8")
    return written


def documents() -> list[str | None]:
    """Spun paragraphs of the seed, clean prose, an empty text and nulls."""
    spun = [p for p in (SEEDS / "seed-000.spun.txt").read_text(encoding="utf-8").split("\n") if p.strip()]
    clean = [
        "The committee met on Tuesday to review the budget for the coming year.",
        "Rain is expected across the north of the country later this week.",
        "She said the results were encouraging but that more work was needed.",
    ]
    return [*spun[:12], None, *clean, "", spun[-1] + "\n\n" + clean[0], None]
