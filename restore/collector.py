"""Python's cyclic garbage collector is paused while a document is analysed.

An analysis makes several objects per word: tokens, matches, options, language-model
windows. Nearly all of them die with the document, freed by reference counting, and
the collector is not needed to free them. But every few hundred new objects it runs anyway.
Each time, the objects of the document still in use are moved to an older generation.
Enough of those moved objects set off a full collection, and a full collection walks
every object of the loaded lexicon (tens of thousands of entries, patterns, rules and
sets: about 50 ms each on the development machine). On clean prose the collector took
about a sixth of the time (0.2-0.35 s per MB; benchmarks/run.py, throughput).

With the collector paused, a document's objects never reach the older generations; they
are freed when the document is done, as before. The collector counts what was made
meanwhile and runs at its next chance after the pause. The cost is that reference cycles
made during one analysis wait until the analysis ends before they are freed. The engine
makes few, and a long input is analysed in parts (restore.streaming).

The pause is process-wide, as the collector is, and it nests across threads. The
collector runs again when the last analysis under way ends, unless it was already off
when the first began (a program that manages it itself keeps control of it).
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_depth = 0  # analyses under way
_resume = False  # whether the collector was on when the first of them began


@contextmanager
def paused() -> Iterator[None]:
    """Keep the cyclic garbage collector from running inside the ``with`` block."""
    global _depth, _resume
    with _LOCK:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _LOCK:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
