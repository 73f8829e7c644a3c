"""Batch runs: expanding directories and globs, and running work in parallel processes
while keeping the input order.

Parallelism uses processes (the engine is pure Python). Workers are forked after the
parent has loaded the lexicons and the language model, so they start at once and share
those pages; at most ``jobs * PREFETCH`` items are in flight, so an endless iterator (a
stream of chunks, a generator of texts) is consumed lazily with bounded memory.
"""
from __future__ import annotations

import fnmatch
import glob
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .config import Config

T = TypeVar("T")
R = TypeVar("R")

PREFETCH = 4
# Files taken from a directory given on the command line (explicit file names are always read).
DEFAULT_INCLUDE = ("*.txt", "*.text", "*.md", "*.markdown", "*.rst")
_GLOB_CHARS = set("*?[")


def warm_up(config: Config) -> None:
    """Load what the engine needs (lexicons, language model) in this process.

    Done in the parent before forking workers, and to surface an invalid lexicon file
    before any work starts (raises :class:`restore.lexicon.LexiconError`).
    """
    from . import lexicon
    lexicon.load(tuple(config.lexicons), config.builtin)
    try:
        from . import lm
        lm.get_model()
    except (ImportError, FileNotFoundError, OSError):  # pragma: no cover - the engine copes without it
        pass


def _pool(jobs: int):
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork") if ("fork" in methods and sys.platform != "darwin") else None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)


def ordered_map(fn: Callable[[T], R], items: Iterable[T], jobs: int = 1, prefetch: int = PREFETCH) -> Iterator[R]:
    """``map(fn, items)`` over ``jobs`` processes, in input order, consuming ``items`` lazily.

    ``fn`` and the items must be picklable when ``jobs > 1``. An exception raised by ``fn``
    is re-raised here, at the position of the item that caused it.
    """
    if jobs <= 1:
        for item in items:
            yield fn(item)
        return
    pending: deque = deque()
    pool = _pool(jobs)
    try:
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= jobs * prefetch:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for fut in pending:
            fut.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


# --------------------------------------------------------------------------- inputs

@dataclass(frozen=True)
class Item:
    """One input of a batch: ``path`` is None for standard input; ``error`` is set when the
    argument could not be turned into a file (a glob without matches)."""

    name: str
    path: Path | None
    error: str | None = None

    @property
    def is_stdin(self) -> bool:
        return self.path is None and self.error is None


def _walk(root: Path, include: tuple[str, ...]) -> list[Path]:
    """Files under ``root`` (hidden entries skipped), sorted by path as ``sorted(glob)`` would."""
    return sorted(_walk_unsorted(root, include), key=lambda p: p.parts)


def _walk_unsorted(root: Path, include: tuple[str, ...]) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root, onerror=None, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if include and not any(fnmatch.fnmatch(name, pat) for pat in include):
                continue
            yield Path(dirpath) / name


def expand_inputs(args: Iterable[str], include: tuple[str, ...] = DEFAULT_INCLUDE) -> list[Item]:
    """Turn command-line arguments into a list of inputs, in a stable order.

    ``-`` is standard input; a directory is searched recursively (hidden entries skipped)
    for files matching ``include``; an argument that does not exist but contains glob
    characters is expanded (``**`` recursive) and sorted; anything else is taken as a file
    name (and fails later, with a clear message, if it cannot be read). Duplicates are
    dropped.
    """
    items: list[Item] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = os.path.normpath(str(path))
        if key not in seen:
            seen.add(key)
            items.append(Item(str(path), path))

    for arg in args:
        if arg == "-":
            items.append(Item("<stdin>", None))
            continue
        p = Path(arg)
        if p.is_dir():
            for f in _walk(p, include):
                add(f)
        elif not p.exists() and _GLOB_CHARS & set(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                items.append(Item(arg, None, f"{arg}: no file matches this pattern"))
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    for f in _walk(mp, include):
                        add(f)
                else:
                    add(mp)
        else:
            add(p)
    return items
