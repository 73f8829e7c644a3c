"""Stretches of a text that are not prose and are never edited: web addresses, e-mail
addresses, and code (Markdown code fences and `inline code`).

A spinner rewrites words, not identifiers, and a word in a URL or in code is whatever its
author typed: "https://example.com/stated/" and ``return final.split()`` must come back as
they were. The engine masks the tokens in these stretches (see :func:`mask`), so no
lexicon entry can match on them or across them; the language model still reads them as
context.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from .tokens import Token

_URL = re.compile(r"""(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>"'`]+""", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A fenced block runs from an opening fence to a closing fence of the same character at
# least as long, or to the end of the text (CommonMark).
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}+|~{3,}+)[^\n]*+\n", re.M)  # possessive: see _INLINE_CODE
# The opening backtick string is a whole run (nothing before it, possessive): trying every
# backtick of a long run as a start took quadratic time (50,000 backticks: 16 s).
_INLINE_CODE = re.compile(r"(?<!`)(`++)[^\n]+?(?<!`)\1(?!`)")
# Never a key of a lexicon entry: a masked token matches nothing.
MASKED_KEY = "\x00"


def stretches(text: str) -> list[tuple[int, int]]:
    """The verbatim stretches of ``text`` as sorted, non-overlapping (start, end) pairs."""
    if "`" not in text and "~~~" not in text and "@" not in text and "://" not in text and "www." not in text.lower():
        return []
    found: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = _FENCE.search(text, pos)
        if m is None:
            break
        fence = m.group(1)
        close = re.compile(r"^[ \t]{0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$", re.M)
        c = close.search(text, m.end())
        end = c.end() if c else len(text)
        found.append((m.start(), end))
        pos = end
    for pattern in (_INLINE_CODE, _URL, _EMAIL):
        for m in pattern.finditer(text):
            found.append((m.start(), m.end()))
    return _merge(found)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def mask(text: str, tokens: list[Token]) -> list[Token]:
    """``tokens`` with the keys of those in a verbatim stretch replaced by :data:`MASKED_KEY`."""
    spans = stretches(text)
    if not spans:
        return tokens
    starts = [s for s, _ in spans]
    out = tokens
    for i, t in enumerate(tokens):
        k = bisect_right(starts, t.start) - 1
        if k >= 0 and t.start < spans[k][1]:
            if out is tokens:
                out = list(tokens)
            out[i] = t._replace(key=MASKED_KEY)
    return out
