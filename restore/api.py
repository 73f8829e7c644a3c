"""The public functions: fix, check, apply, fix_many."""
from __future__ import annotations

from typing import Iterable, Iterator

from .applying import apply as _apply
from .config import Config
from .engine import analyse
from .model import Restoration, Span


def _config(config: Config | None, options: dict) -> Config:
    base = config or Config()
    if "lexicons" in options and options["lexicons"] is not None:
        options["lexicons"] = tuple(options["lexicons"])
    return base.with_options(**options) if options else base


def fix(text: str, config: Config | None = None, **options) -> Restoration:
    """Restore ``text``: every finding at or above the threshold is applied.

    Options (or a :class:`Config`): ``threshold``, ``report_floor``, ``lexicons`` (extra
    lexicon files), ``disabled`` (entry ids), ``assume_spun``, ``builtin``, ``reference``.
    """
    return analyse(text, _config(config, options))


def check(text: str, config: Config | None = None, **options) -> list[Span]:
    """The findings for ``text`` without applying them (``applied`` still tells which
    would be applied at the threshold)."""
    return list(analyse(text, _config(config, options)).spans)


def apply(text: str, spans: Iterable[Span], only_applied: bool = True) -> str:
    """Replay spans over ``text``; ``apply(x, fix(x).spans) == fix(x).text``."""
    return _apply(text, spans, only_applied=only_applied)


def fix_many(texts: Iterable[str], jobs: int = 1, config: Config | None = None, **options) -> Iterator[Restoration]:
    """Fix many texts, yielding one :class:`Restoration` per text in input order.

    ``texts`` is consumed lazily (a generator over a huge corpus is fine: at most a few
    texts per worker are in flight). ``jobs > 1`` restores them in that many processes,
    started after the lexicons are loaded here so that they share them. Results are the same
    as ``fix(text)`` for each text, whatever ``jobs``.
    """
    from functools import partial

    from .batch import ordered_map, warm_up

    if isinstance(texts, str):
        raise TypeError("fix_many takes an iterable of texts, not one str (use fix(text))")
    cfg = _config(config, options)
    if jobs > 1:
        warm_up(cfg)
    yield from ordered_map(partial(analyse, config=cfg), texts, jobs)
