"""Batch runs: expanding directories and globs, and running work in parallel processes
while keeping the input order.

Parallelism uses processes (the engine is pure Python). Workers are forked after the
parent has loaded the lexicons and the language model, so they start at once and share
those pages; at most ``jobs * PREFETCH`` items are in flight, so an endless iterator (a
stream of chunks, a generator of texts) is consumed lazily with bounded memory.
"""
from __future__ import annotations

import fnmatch
import itertools
import multiprocessing
import os
import reprlib
import sys
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .config import Config
from .inputs import display_name

T = TypeVar("T")
R = TypeVar("R")

PREFETCH = 4
# Files taken from a directory given on the command line (explicit file names are always read).
DEFAULT_INCLUDE = ("*.txt", "*.text", "*.md", "*.markdown", "*.rst")
_GLOB_CHARS = set("*?[")


def is_of(value: object, types: tuple[type, ...]) -> bool:
    """``value`` is one of ``types``, where a bool is no number: ``jobs=True`` or
    ``"start": true`` is a slip, not 1."""
    return isinstance(value, types) and (bool in types or not isinstance(value, bool))


def check_arg(value: T, types: tuple[type, ...], name: str, accepted: str) -> T:
    """``value`` if it is one of ``types`` (see is_of); else a TypeError that names the
    argument and says what it accepts."""
    if is_of(value, types):
        return value
    raise TypeError(f"{name} must be {accepted}, not {type(value).__name__} {reprlib.repr(value)}")


def check_count(value: int, name: str) -> int:
    """An integer >= 1 (a number of processes, of items in flight), checked as above."""
    check_arg(value, (int,), name, "an integer >= 1")
    if value < 1:
        raise ValueError(f"{name} must be an integer >= 1, not {value}")
    return value


def check_paths(values: Iterable[str], name: str, one: str) -> list[str]:
    """A list of strings (paths, patterns) as a list: one str alone is refused, since it
    would be read character by character."""
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a list of {one}s, not one {type(values).__name__} ({values!r}); "
                        f"use [{values!r}]")
    try:
        values = list(values)
    except TypeError:
        raise TypeError(f"{name} must be a list of {one}s, not {type(values).__name__} "
                        f"{reprlib.repr(values)}") from None
    return [os.fspath(check_arg(value, (str, os.PathLike), f"{name}[{k}]", f"a {one} (str)"))
            for k, value in enumerate(values)]


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
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_start,
                               initargs=(os.getpid(),))


def _worker_start(parent: int) -> None:
    """In each worker: die with the parent. A forked worker inherits the parent's SIGTERM
    handler (restore-text's, which unwinds the run): a worker is simply ended instead. And
    on Linux the kernel sends it SIGTERM when the parent dies, however it dies (``kill
    -9``); without that, workers waiting for work that never comes would run forever."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no prctl
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


# Pools with workers that may be running, so that the command line can end them when the
# run is interrupted whatever it was doing (see stop_all_workers).
_LIVE: "weakref.WeakSet" = weakref.WeakSet()
# Set by the command line: an interrupted map ends its workers at once and leaves the pool
# (the process exits next, see restore.cli). A library caller's map waits for its workers
# as before: ending them in the middle of writing a result could leave the pool's reader
# thread waiting for the rest of it, and interpreter exit waiting for that thread.
stop_on_interrupt = False


def _stop_workers(pool) -> bool:
    """End the pool's workers now (an interrupted run): waiting for them would let each
    finish its current document or chunk, and those queued, first."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        try:
            process.terminate()
        except (OSError, AttributeError):  # pragma: no cover - already gone
            pass
    return bool(processes)


def stop_all_workers() -> bool:
    """End the workers of every pool still open; whether there were any. The command line
    calls it when Ctrl-C or SIGTERM stops a run, and then exits without waiting for them."""
    stopped = False
    for pool in list(_LIVE):
        stopped = _stop_workers(pool) or stopped
    return stopped


def ordered_map(fn: Callable[[T], R], items: Iterable[T], jobs: int = 1, prefetch: int = PREFETCH) -> Iterator[R]:
    """``map(fn, items)`` over ``jobs`` processes, in input order, consuming ``items`` lazily.

    ``fn`` and the items must be picklable when ``jobs > 1``. An exception raised by ``fn``
    is re-raised here, at the position of the item that caused it. The arguments are
    checked at the call, not at the first result.
    """
    check_count(jobs, "jobs")
    check_count(prefetch, "prefetch")
    return _ordered_map(fn, items, jobs, prefetch)


def _ordered_map(fn: Callable[[T], R], items: Iterable[T], jobs: int, prefetch: int) -> Iterator[R]:
    if jobs == 1:
        for item in items:
            yield fn(item)
        return
    pending: deque = deque()
    pool = _pool(jobs)
    _LIVE.add(pool)
    abandoned = False
    try:
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= jobs * prefetch:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM in restore-text
        if stop_on_interrupt:
            abandoned = _stop_workers(pool) or True
        raise
    finally:
        for fut in pending:
            fut.cancel()
        if not abandoned:
            pool.shutdown(wait=True, cancel_futures=True)
            _LIVE.discard(pool)


# --------------------------------------------------------------------------- inputs

@dataclass(frozen=True)
class Item:
    """One input of a batch: ``path`` is None for standard input; ``error`` is set when the
    argument could not be turned into a file (a glob without matches). ``name`` is how
    reports show it (:func:`restore.inputs.display_name`)."""

    name: str
    path: Path | None
    error: str | None = None

    @property
    def is_stdin(self) -> bool:
        return self.path is None and self.error is None


def _walk(root: Path, include: tuple[str, ...]) -> list[Path]:
    """Files under ``root`` (hidden entries skipped), sorted by path as ``sorted(glob)`` would."""
    files = (root.joinpath(*rel) for rel, is_dir in _tree(root) if not is_dir)
    return sorted((f for f in files if not include or any(fnmatch.fnmatch(f.name, pat) for pat in include)),
                  key=lambda p: p.parts)


def _tree(root: Path, hidden: bool = False, depth: int | None = None) -> Iterator[tuple[tuple[str, ...], bool]]:
    """Every entry under ``root`` as (its path parts relative to ``root``, is a directory),
    down to ``depth`` levels. The one walking policy of directories and globs: a symbolic
    link to a directory is neither entered nor listed (a link back up the tree would be
    walked without end), and hidden entries are skipped unless ``hidden``."""
    for dirpath, dirnames, filenames in os.walk(root, onerror=None, followlinks=False):
        rel = Path(dirpath).relative_to(root).parts
        dirnames[:] = sorted(d for d in dirnames if (hidden or not d.startswith("."))
                             and not os.path.islink(os.path.join(dirpath, d)))
        for name in dirnames:
            yield (*rel, name), True
        for name in sorted(filenames):
            if hidden or not name.startswith("."):
                yield (*rel, name), False
        if depth is not None and len(rel) + 1 >= depth:
            dirnames[:] = []


def _glob(pattern: str) -> list[Path]:
    """What ``glob.glob(pattern, recursive=True)`` matches, sorted, walked by :func:`_tree`:
    ``**`` does not run round a symbolic-link loop (``glob`` follows every link)."""
    parts = Path(pattern).parts
    fixed = next((k for k, part in enumerate(parts) if _GLOB_CHARS & set(part)), len(parts))
    base, wild = Path(*parts[:fixed]) if fixed else Path("."), parts[fixed:]
    if not wild or not base.is_dir():
        return []
    dirs_only = pattern.endswith(("/", os.sep))
    depth = None if "**" in wild else len(wild)
    hidden = any(part.startswith(".") for part in wild)
    # "docs/**" matches docs itself (an implicit "." is never a match of its own)
    entries = itertools.chain([((), True)] if fixed else [], _tree(base, hidden, depth))
    found = [base.joinpath(*rel) for rel, is_dir in entries if (is_dir or not dirs_only) and _matches(rel, wild)]
    return sorted(found, key=str)


def _matches(names: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    """Whether path parts match pattern parts as ``glob`` matches them: ``**`` is any number
    of directories, and a wildcard matches a hidden name only when it starts with a dot."""
    if not pattern:
        return not names
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return _matches(names, rest) or (bool(names) and not names[0].startswith(".")
                                         and _matches(names[1:], pattern))
    if not names or (names[0].startswith(".") and not head.startswith(".")):
        return False
    return fnmatch.fnmatch(names[0], head) and _matches(names[1:], rest)


def expand_inputs(args: Iterable[str], include: tuple[str, ...] = DEFAULT_INCLUDE) -> list[Item]:
    """Turn command-line arguments into a list of inputs, in a stable order.

    ``-`` is standard input; a directory is searched recursively (hidden entries skipped)
    for files matching ``include``; an argument that does not exist but contains glob
    characters is expanded (``**`` recursive) and sorted; anything else is taken as a file
    name (and fails later, with a clear message, if it cannot be read). Duplicates are
    dropped: one file named twice, by another path or through a link, is read once.
    """
    args = check_paths(args, "args", "path")
    include = tuple(check_paths(include, "include", "file-name pattern"))
    items: list[Item] = []
    seen: set = set()

    def add(path: Path) -> None:
        # One file named twice (dup/a.txt and ../t/dup/a.txt, a link) is read once.
        try:
            st = os.stat(path)
            key: object = (st.st_dev, st.st_ino)
        except OSError:  # reported when it is read
            key = os.path.normpath(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            items.append(Item(display_name(path), path))

    for arg in args:
        if arg == "-":
            items.append(Item("<stdin>", None))
            continue
        if arg == "":
            # Path("") is ".": an empty argument (an unset "$FILE") read the whole current
            # directory, and with --in-place rewrote every text file in it.
            items.append(Item("''", None, "'': an empty file name; not read"))
            continue
        p = Path(arg)
        if p.is_dir():
            for f in _walk(p, include):
                add(f)
        elif not p.exists() and _GLOB_CHARS & set(arg):
            matches = _glob(arg)
            if not matches:
                items.append(Item(display_name(arg), None, f"{display_name(arg)}: no file matches this pattern"))
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
