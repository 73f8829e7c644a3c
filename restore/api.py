"""The public functions: fix, check, apply, fix_many."""
from __future__ import annotations

import decimal
import numbers
import os
from collections.abc import Iterable, Iterator
from dataclasses import fields

from .applying import apply as _apply
from .batch import check_arg, check_count
from .config import Config
from .engine import analyse
from .model import Restoration, Span

# Any real number (int, float, Fraction; Decimal, which numbers.Real leaves out), never a bool.
_NUMBER = ((numbers.Real, decimal.Decimal), "a number from 0 to 1")
_FLOATS = ("threshold", "report_floor")
_FLAG = ((bool,), "True or False")
# What each option accepts, checked before a Config is made (and on a Config given as
# such), so that a wrong type is named at the call rather than deep in the engine.
_OPTIONS = {
    "threshold": _NUMBER,
    "report_floor": _NUMBER,
    "lexicons": ((str, os.PathLike, list, tuple), "a path or a list of paths"),
    "disabled": ((str, list, tuple, set, frozenset), "an entry id or a list of ids"),
    "assume_spun": _FLAG,
    "builtin": _FLAG,
    "reference": ((str, type(None)), "the text of a suspected source (a str) or None"),
    "thesaurus": _FLAG,
}
_ITEMS = {"lexicons": ((str, os.PathLike), "a path"), "disabled": ((str,), "an entry id (str)")}


def _check_options(options: dict) -> None:
    known = {f.name for f in fields(Config)}
    for name, value in options.items():
        if name not in known:
            raise TypeError(f"unknown option {name!r}; the options are: {', '.join(sorted(known))}")
        if name in _OPTIONS:
            types, accepted = _OPTIONS[name]
            check_arg(value, types, name, accepted)
        if name in _ITEMS and not isinstance(value, (str, os.PathLike)):
            types, accepted = _ITEMS[name]
            for k, item in enumerate(value):
                check_arg(item, types, f"{name}[{k}]", accepted)


def _config(config: Config | None, options: dict) -> Config:
    if config is not None:
        check_arg(config, (Config,), "config", "a restore.Config or None")
        _check_options({f.name: getattr(config, f.name) for f in fields(config) if f.name in _OPTIONS})
    _check_options(options)
    # A Fraction or a Decimal is compared with float confidences: made a float here.
    options = {k: float(v) if k in _FLOATS else v for k, v in options.items()}
    base = config or Config()
    return base.with_options(**options) if options else base  # Config makes a list of lexicons a tuple


def fix(text: str, config: Config | None = None, **options) -> Restoration:
    """Restore ``text``: every finding at or above the threshold is applied.

    Options (or a :class:`Config`): ``threshold``, ``report_floor``, ``lexicons`` (extra
    lexicon files), ``disabled`` (entry ids), ``assume_spun``, ``builtin``, ``reference``,
    ``thesaurus``. A wrong type raises TypeError and a value out of range ValueError, each
    naming the argument.
    """
    return analyse(text, _config(config, options))


def check(text: str, config: Config | None = None, **options) -> list[Span]:
    """The findings for ``text`` without applying them (``applied`` still tells which
    would be applied at the threshold)."""
    return list(analyse(text, _config(config, options)).spans)


def apply(text: str, spans: Iterable[Span], only_applied: bool = True) -> str:
    """Replay spans over ``text``; ``apply(x, fix(x).spans) == fix(x).text``."""
    check_arg(text, (str,), "text", "a str")
    check_arg(only_applied, (bool,), "only_applied", "True or False")
    spans = list(check_arg(spans, (Iterable,), "spans", "a list of restore.Span"))
    for k, span in enumerate(spans):
        check_arg(span, (Span,), f"spans[{k}]", "a restore.Span (JSON spans: restore.formats.spans_from_json)")
    return _apply(text, spans, only_applied=only_applied)


def fix_many(texts: Iterable[str], jobs: int = 1, config: Config | None = None, **options) -> Iterator[Restoration]:
    """Fix many texts, yielding one :class:`Restoration` per text in input order.

    ``texts`` is consumed lazily (a generator over a huge corpus is fine: at most a few
    texts per worker are in flight). ``jobs > 1`` restores them in that many processes,
    started after the lexicons are loaded here so that they share them. Results are the same
    as ``fix(text)`` for each text, whatever ``jobs``. The arguments are checked at the
    call, before the first text.
    """
    from functools import partial

    from .batch import ordered_map, warm_up

    if isinstance(texts, str):
        raise TypeError("fix_many takes an iterable of texts, not one str (use fix(text))")
    check_arg(texts, (Iterable,), "texts", "an iterable of str")
    check_count(jobs, "jobs")
    cfg = _config(config, options)
    if jobs > 1:
        warm_up(cfg)
    return ordered_map(partial(analyse, config=cfg), texts, jobs)
