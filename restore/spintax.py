"""Spintax left in spun text: "{dollars}", "{hardware|equipment}".

Article spinners keep their synonym choices as spintax, "{word|synonym|...}", and pick one
when they publish; some output keeps the braces around the word kept ("5 million
{dollars}"). In running prose a braced plain word is that residue: the restoration drops
the braces, and any alternatives after the first.

Braces are also code and templates ("{name}" in a format string, "${HOME}", "{{x}}"), so a
match needs prose around it, and, not being a tell, it is applied only in a document the
document model judges spun.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

import regex

from .lexicon import Entry, Pattern, Rule
from .matcher import Match
from .tokens import Token

# One to four plain words in braces, optionally followed by "|alternatives".
SPINTAX_RE = regex.compile(
    r"(?<![{$%#\w])\{([A-Za-z][a-z'’\-]*(?: [A-Za-z][a-z'’\-]*){0,3})(\|[^{}\n|]{1,40}(?:\|[^{}\n|]{1,40}){0,5})?\}(?![}\w])")
# Signs of code or markup on the same line.
_CODE_RE = regex.compile(r"[=;<>`\\]|\(\)|\b(?:def|print|format|return|import|lambda|self)\b|%\w|\.\w+\(")
# Words of prose needed on the line around the braces.
_MIN_LINE_WORDS = 5

ENTRY = Entry(
    id="spintax.braces", lexicon="spintax", kind="curated", spun=("{word}",), originals=("word",),
    weights=(1.0,), prior=0.95, tell=False, case="any",
    evidence=(Rule(None, None, 0.0, False, "braces left from the spinner's spintax {word|synonym}"),),
    provenance="the spintax syntax of article spinners ({word|synonym}); built into restore",
)


def spintax_matches(text: str, tokens: list[Token]) -> list[Match]:
    """Braced spintax residue in prose, as matches whose original is the first choice."""
    if "{" not in text:
        return []
    starts = [t.start for t in tokens]
    out = []
    # Whether a line is prose, by its start: a long line holding many braces is judged
    # once, not once per brace (a 200 KB paragraph of spintax took minutes).
    prose_lines: dict[int, bool] = {}
    for m in SPINTAX_RE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        prose = prose_lines.get(line_start)
        if prose is None:
            line_end = text.find("\n", m.end())
            line = text[line_start:line_end if line_end >= 0 else len(text)]
            prose = prose_lines[line_start] = not _CODE_RE.search(line) and len(
                regex.findall(r"[A-Za-z]{2,}", line)) >= _MIN_LINE_WORDS
        if not prose:
            continue
        first = bisect_left(starts, m.start(1))
        last = bisect_right(starts, m.end() - 1)
        if first >= last:
            continue
        choice = m.group(1)
        key = tuple(t.key for t in tokens[first:last])
        pattern = Pattern(key, m.group(), ENTRY, (choice,), (1.0,))
        out.append(Match(first, last, m.start(), m.end(), [pattern]))
    return out
