"""Where the shipped data (lexicons, language model, scoring weights) lives."""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def data_dir() -> Path:
    """The directory holding curated/, tables/, lm/ and model/.

    Installed wheels carry it as ``restore/lexicons``; a source checkout keeps it at the
    top level (``lexicons/``) so that data and engine code stay apart.
    """
    here = Path(__file__).resolve().parent
    installed = here / "lexicons"
    if (installed / "curated").is_dir():
        return installed
    checkout = here.parent / "lexicons"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        "restore's data directory is missing: reinstall the package (expected "
        f"{installed} or {checkout})"
    )


def tsv_rows(path: Path) -> Iterator[list[str]]:
    """The data rows of a shipped TSV table: its fields, after the ``#`` comment lines and the
    header line (the first other line); blank lines are skipped."""
    with path.open(encoding="utf-8") as fh:
        header_seen = False
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            if not header_seen:
                header_seen = True
                continue
            yield line.rstrip("\n").split("\t")
