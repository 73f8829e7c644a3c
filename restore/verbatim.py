"""Stretches of a text that are not prose and are never edited: web addresses, e-mail
addresses, code (Markdown code fences, `inline code` and indented code blocks), and markup
(HTML tags with their attributes, HTML comments, ``<script>`` and ``<style>`` elements, a
YAML front-matter block and Markdown link-reference labels).

A spinner rewrites words, not identifiers, and a word in a URL or in code is whatever its
author typed: "https://example.com/stated/" and ``return final.split()`` must come back as
they were, and so must ``<title>``, ``name="primary"`` or ``display: block``. Only the
visible text between tags is prose. The engine masks the tokens in these stretches (see :func:`mask`), so no
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
# HTML: only well-formed tags of known elements (or custom elements, whose names have a
# hyphen), so that prose with a stray "<" ("if a <b and c> d", "x < y") is never taken for
# markup. Possessive quantifiers: a long unclosed tag costs one pass.
_HTML_ELEMENTS = frozenset("""
a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption
cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset
figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins
kbd label legend li link main map mark menu meta meter nav noscript object ol optgroup option
output p param picture pre progress q rp rt ruby s samp script search section select slot small
source span strong style sub summary sup table tbody td template textarea tfoot th thead time
title tr track u ul var video wbr svg path g circle rect line polyline polygon text tspan defs use
symbol math center font big tt strike frame frameset noframes marquee
""".split())
_TAG = re.compile(
    r"""<(/?)([A-Za-z][A-Za-z0-9]*+(?:-[A-Za-z0-9]++)*+)"""
    r"""(?:\s++[^\s"'<>/=]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'=<>`]++))?+)*+\s*+/?>""")
_COMMENT_OPEN = "<!--"
_DECLARATION = re.compile(r"<(?:![A-Za-z]|\?[A-Za-z])[^<>]*+>")  # <!DOCTYPE html>, <?xml ...?>
_RAW_OPEN = re.compile(r"<(script|style)\b", re.I)
_RAW_CLOSE = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}
# YAML front matter: a "---" line opening the text, up to a closing "---" or "..." line.
_FRONT_MATTER = re.compile(r"\A---[ \t]*+\r?\n(?:.*?\n)??(?:---|\.\.\.)[ \t]*+(?:\r?\n|\Z)", re.S)
# A Markdown link reference definition: "[label]: destination "title"" on a line of its own.
_LINK_REF = re.compile(r"""^[ ]{0,3}\[([^\]\n]++)\]:[ \t]*+\S++[^\n]*+""", re.M)
# A label used in the text: "[text][label]", "[label][]" or "[label]" alone (the last two
# only for a defined label, since "[sic]" in prose is no link).
_LABEL_USE = re.compile(r"\]\[([^\]\n]++)\]|\[([^\]\n]++)\](?:\[\])?+(?![(:])")
# Markdown structure, for telling a Markdown file (where an indented block is code) from
# plain text (where it is an indented paragraph).
_MARKDOWN_SIGNS = re.compile(r"^(?:#{1,6}[ \t]|[ ]{0,3}(?:```|~~~)|[ ]{0,3}\[[^\]\n]++\]:)|\[[^\]\n]++\]\([^)\s]++\)", re.M)
_LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")
_INDENTED = re.compile(r"^(?: {4}|\t)")

# Never a key of a lexicon entry: a masked token matches nothing.
MASKED_KEY = "\x00"


def stretches(text: str) -> list[tuple[int, int]]:
    """The verbatim stretches of ``text`` as sorted, non-overlapping (start, end) pairs."""
    found: list[tuple[int, int]] = []
    if "<" in text:
        found.extend(_markup(text))
    if text.startswith("---"):
        m = _FRONT_MATTER.match(text)
        if m:
            found.append((0, m.end()))
    if "]:" in text:
        labels = set()
        for m in _LINK_REF.finditer(text):
            found.append((m.start(), m.end()))
            labels.add(_label(m.group(1)))
        if labels:
            for m in _LABEL_USE.finditer(text):
                if m.group(1) is not None:
                    if _label(m.group(1)) in labels:
                        found.append((m.start(1), m.end(1)))
                elif _label(m.group(2)) in labels:
                    found.append((m.start(), m.end()))
    if ("\n    " in text or "\n\t" in text) and _MARKDOWN_SIGNS.search(text):
        found.extend(_indented_code(text))
    if "`" not in text and "~~~" not in text and "@" not in text and "://" not in text and "www." not in text.lower():
        return _merge(found)
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


def _label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _markup(text: str) -> list[tuple[int, int]]:
    """HTML comments, script and style elements (whole), and well-formed tags."""
    found: list[tuple[int, int]] = []
    pos = 0
    while True:  # comments first: a tag inside one is part of it
        i = text.find(_COMMENT_OPEN, pos)
        if i < 0:
            break
        j = text.find("-->", i + 4)
        if j < 0:
            break  # unclosed: no comment (nor any later one) closes
        found.append((i, j + 3))
        pos = j + 3
    unclosed: set[str] = set()
    for m in _RAW_OPEN.finditer(text):
        kind = m.group(1).lower()
        if kind in unclosed:
            continue
        close = _RAW_CLOSE[kind].search(text, m.end())
        if close is None:
            unclosed.add(kind)  # nor will any later one close: one search per kind
            continue
        opening = _TAG.match(text, m.start())
        if opening is not None:
            found.append((m.start(), close.end()))
    found.extend((m.start(), m.end()) for m in _DECLARATION.finditer(text))
    for m in _TAG.finditer(text):
        name = m.group(2).lower()
        if name in _HTML_ELEMENTS or "-" in name:
            found.append((m.start(), m.end()))
    return found


def _indented_code(text: str) -> list[tuple[int, int]]:
    """Markdown indented code blocks: lines indented by four spaces or a tab after a blank
    line (or the start), when the paragraph before is no list item (there an indented line
    continues the item)."""
    found: list[tuple[int, int]] = []
    pos = 0
    prev_blank = True
    in_list = False
    block_start = None
    for line in text.splitlines(keepends=True):
        blank = not line.strip()
        if block_start is not None:
            if blank or _INDENTED.match(line):
                pos += len(line)
                if not blank:
                    found.append((block_start, pos))
                continue
            block_start = None
        if not blank:
            if prev_blank and _INDENTED.match(line) and not in_list:
                block_start = pos
                found.append((pos, pos + len(line)))
            elif _LIST_ITEM.match(line):
                in_list = True
            elif prev_blank and not _INDENTED.match(line):
                in_list = False
        prev_blank = blank
        pos += len(line)
    return found


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
