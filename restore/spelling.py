"""Suggestions in the document's own spelling variety (American or British).

restore's originals come from tables and a language model that are mostly American
("mold", "color", "organize", "center"). A British (Irish, Australian, Indian...) article
should get its suggestions in its own spelling: a spun UK article's "mildew" was "mould".

``variety(tokens)`` reads the document's spelling from the words it writes that are only
British or only American by ``lexicons/tables/spelling.tsv`` (scripts/build_spelling.py),
and ``localise(text, variety)`` rewrites a suggestion into British spelling when the
document is British. American is the tables' default, so "us" and None change nothing.
"""
from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import Iterable

from ._data import data_dir

# Decide only on clear evidence: at least this many distinct words of the winning variety, and
# more than this many times the other's count (3 vs 1 decides; 2 vs 1 does not).
MIN_EVIDENCE = 2
MAJORITY = 2

# Forms that American writers use too ("axe", "grey", "theatre" in names of theatres):
# rewritten in a British document, but no evidence that a document is British.
_SHARED = frozenset({
    "axe", "grey", "greys", "greyer", "greyish", "greying", "theatre", "theatres",
    "catalogue", "catalogues", "analogue", "omelette", "omelettes", "furore", "sulphur",
    "ax", "glamour", "yoghurt",
})

_WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=1)
def table() -> dict[str, str]:
    """American -> British word forms (lowercase), read once from the shipped table."""
    path = data_dir() / "tables" / "spelling.tsv"
    pairs: dict[str, str] = {}
    header = True
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not line or line[0] == "#":
                continue
            parts = line.split("\t")
            if header:
                header = False
                if parts[:2] == ["us", "uk"]:
                    continue
            if len(parts) >= 2 and parts[0] and parts[1]:
                pairs[parts[0]] = parts[1]
    return pairs


@lru_cache(maxsize=1)
def _markers() -> dict[str, int]:
    """Word form -> +1 when it is only British, -1 when it is only American."""
    pairs = table()
    marks = {us: -1 for us in pairs if us not in _SHARED}
    marks.update({uk: 1 for uk in pairs.values() if uk not in _SHARED})
    return marks


def variety(tokens: Iterable) -> str | None:
    """"uk", "us" or None (no clear evidence) for a document's tokens.

    Distinct word forms are counted: one word repeated ("kilometres" twice) is one piece of
    evidence. Tokens are ``restore.tokens.Token`` objects or plain strings. Only words written in
    lowercase count: a capitalised one may be a name ("Lincoln Center", "Gray", the
    Australian "Labor" party), whatever the document's own spelling.
    """
    marks = _markers()
    get = marks.get
    seen: set[str] = set()
    for tok in tokens:
        if isinstance(tok, str):
            text = key = tok
        else:
            text, key = tok.text, tok.key
        if get(key) is not None and text[:1].islower():
            seen.add(key)
    uk = sum(1 for key in seen if marks[key] > 0)
    us = len(seen) - uk
    if uk >= MIN_EVIDENCE and uk > MAJORITY * us:
        return "uk"
    if us >= MIN_EVIDENCE and us > MAJORITY * uk:
        return "us"
    return None


def _with_case(found: str, word: str) -> str:
    if found.isupper() and len(found) > 1:
        return word.upper()
    if found[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# After a capitalised word: a small word and another capitalised word ("... for Disease").
_NAME_JOINED_AFTER = re.compile(r"\s+(?:for|of|and|on)\s+[A-Z]")


# Forms on which writers of one variety differ among themselves: British news writes both
# "percent" and "per cent". A suggestion takes the form the document writes elsewhere, and
# only then: in the hand-spun gold, 7 documents that write "per cent" themselves had only
# "per cent" restored and 29 that write "percent" only "percent"; of the British documents,
# 18 had "percent" restored and 5 "per cent".
HOUSE_FORMS: tuple[tuple[str, ...], ...] = (("percent", "per cent"),)
_HOUSE_PATTERNS = {form: re.compile(rf"\b{re.escape(form)}\b", re.IGNORECASE)
                   for forms in HOUSE_FORMS for form in forms}


def house_style(text: str) -> dict[str, str]:
    """Form -> the form of the same word that ``text`` itself writes, for each set of
    HOUSE_FORMS of which the text writes exactly one ({"percent": "per cent"} for a text
    with "12 per cent" and no "percent")."""
    style: dict[str, str] = {}
    for forms in HOUSE_FORMS:
        written = [f for f in forms if _HOUSE_PATTERNS[f].search(text)]
        if len(written) == 1:
            style.update({f: written[0] for f in forms if f != written[0]})
    return style


def _in_house_style(text: str, style: dict[str, str]) -> str:
    for form, own in style.items():
        text = _HOUSE_PATTERNS[form].sub(lambda m: _with_case(m.group(), own), text)
    return text


def localise(text: str, variety: str | None, style: dict[str, str] | None = None) -> str:
    """``text`` with its words in the spelling of ``variety``, keeping their case
    ("Color" -> "Colour", "COLOR" -> "COLOUR"). Only "uk" changes anything. A capitalised
    word right after another capitalised word (with only space between) is part of a name
    ("World Trade Center") and is left as it is; so is one that opens a name joined by a
    small word ("Centers for Disease Control", an American institution in any document).
    The first word of a plain title still takes the document's spelling ("Defence Minister").
    ``style`` (see house_style) first puts in the forms the document writes itself."""
    if style and text:
        text = _in_house_style(text, style)
    if variety != "uk" or not text:
        return text
    pairs = table()
    out: list[str] = []
    last = 0
    prev_capital, prev_end = False, 0
    for m in _WORD.finditer(text):
        word = m.group()
        capital = word[:1].isupper()
        uk = pairs.get(word.lower())
        in_name = capital and ((prev_capital and text[prev_end:m.start()].isspace())
                               or _NAME_JOINED_AFTER.match(text, m.end()) is not None)
        if uk is not None and not in_name:
            out.append(text[last:m.start()])
            out.append(_with_case(word, uk))
            last = m.end()
        prev_capital, prev_end = capital, m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


class DocumentSpelling:
    """A document's spelling variety and house forms, read from the document only when a
    suggestion has a word they could change. Most suggestions have none, and reading every
    document with findings for both cost a twenty-fifth of a clean text's time. Gives
    exactly what :func:`localise` with the document's :func:`variety` and
    :func:`house_style` gives."""

    def __init__(self, text: str, tokens: list) -> None:
        self._text = text
        self._tokens = tokens

    @cached_property
    def variety(self) -> str | None:
        return variety(self._tokens)

    @cached_property
    def style(self) -> dict[str, str]:
        return house_style(self._text)

    def localise(self, text: str) -> str:
        # Whether each reading is needed is judged on the suggestion as given: the house
        # forms are no words of the spelling table, so putting them in adds none.
        if not text:
            return text
        style = self.style if any(p.search(text) for p in _HOUSE_PATTERNS.values()) else None
        pairs = table()
        spelled = self.variety if any(word.lower() in pairs for word in _WORD.findall(text)) else None
        return localise(text, spelled, style)
