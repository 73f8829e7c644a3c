"""Replay spans over a text: the inverse of reporting them."""
from __future__ import annotations

from typing import Iterable

from .model import Span


class SpanMismatch(ValueError):
    """A span does not fit the text it is applied to."""


def quoted(text: str, limit: int = 60) -> str:
    """``text`` quoted for an error message, cut after ``limit`` characters: a span that
    runs past its place would otherwise print the rest of the file."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}... ({len(text):,} characters)"


def apply(text: str, spans: Iterable[Span], only_applied: bool = True) -> str:
    """Replace each span's text with its suggestion.

    Spans must lie inside the text, match it (``text[start:end] == span.text``) and not
    overlap. With ``only_applied`` (the default) spans not marked applied are skipped, so
    ``apply(input, result.spans) == result.text``.
    """
    chosen = sorted((s for s in spans if s.applied or not only_applied), key=lambda s: (s.start, s.end))
    out: list[str] = []
    pos = 0
    for span in chosen:
        if span.start < pos:
            raise SpanMismatch(f"span {span.start}-{span.end} overlaps the previous one")
        if span.end > len(text) or text[span.start:span.end] != span.text:
            raise SpanMismatch(
                f"span {span.start}-{span.end} expects {quoted(span.text)} but the text has "
                f"{quoted(text[span.start:span.end])}"
            )
        out.append(text[pos:span.start])
        out.append(span.suggestion)
        pos = span.end
    out.append(text[pos:])
    return "".join(out)
