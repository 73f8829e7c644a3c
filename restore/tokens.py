"""Word tokens with exact offsets.

Matching works on lowercased keys with the curly apostrophe folded to ``'``. A trailing
possessive ``'s`` is split off, so "battle's" is matched as "battle" and keeps its "'s".
Forms that look alike are folded into the key too, so that they hide nothing: a soft
hyphen inside a word ("bat\u00adtle", from web pages and PDFs) is dropped, fullwidth Latin
letters and digits ("Ｃｏｕｌｄ") read as their ASCII forms, and combining marks are composed
("e\u0301" and "é" are one key).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from itertools import accumulate, repeat
from typing import NamedTuple

# Letters/digits with internal apostrophes ("doesn't", "he’ll"). Hyphens separate tokens,
# so "lower-ranking" is two words and "counterfeit-consciousness" matches its phrase.
# A soft hyphen (U+00AD) is a line-break hint inside a word, not a separator.
# Combining marks after a letter (decomposed "é" is "e" + U+0301) belong to its word: a
# replacement must not leave them behind on another letter ("battle\u0301" -> "waŕ").
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD = rf"[^\W_]+(?:[{_MARKS}]+[^\W_]*)*"
WORD_RE = re.compile(rf"{_WORD}(?:['’\u00ad]{_WORD})*")
SOFT_HYPHEN = "\u00ad"
# Forms that hide a word from its key: fullwidth letters, and combining marks (a key is
# composed, so decomposed and composed input read alike).
_HIDING = re.compile(rf"[\uff01-\uff5e{_MARKS}]")
POSSESSIVE = ("'s", "’s")  # split off a word; spun forms that keep it ("1000's") match it
# A paragraph break: a line with nothing but spaces between two line ends (LF, CRLF, a
# lone CR as old Mac files have, a vertical tab or U+2028), or a character that is a break
# by itself (U+2029 paragraph separator, a form feed).
LINE_END = r"(?:\r\n|\r(?!\n)|[\n\v\u2028])"  # CRLF is one line end, not two
BLANK_LINE = re.compile(LINE_END + r"[^\S\r\n\v\u2028\u2029]*" + LINE_END + r"|[\u2029\f]")
_LINE_CHARS = frozenset("\r\n\v\f\u2028\u2029")
# Punctuation that ends a sentence (and line ends), for the language model's sentence-start marker.
_SENTENCE_END = re.compile(r"[.!?:;\n\r\v\f\u2028\u2029\"“”]")


def paragraph_break(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether text[start:end] holds a paragraph break (see BLANK_LINE). Most gaps between
    words hold no line end at all, and are settled without the regex."""
    gap = text[start:end]
    if _LINE_CHARS.isdisjoint(gap):
        return False
    return BLANK_LINE.search(gap) is not None


class Token(NamedTuple):
    start: int
    end: int
    text: str
    key: str  # lowercased, apostrophes folded, possessive removed
    sentence_start: bool  # first word of a sentence (or of a line)
    headline: bool = False  # in a title-case line, where capitals do not mark names


def fold(text: str) -> str:
    """The matching key of a piece of text: lowercase, straight apostrophes, and no soft
    hyphens or fullwidth forms."""
    if text.isascii():  # most text: none of the forms below can occur, and isascii() is free
        return text.lower()
    key = text.lower().replace("’", "'")
    if SOFT_HYPHEN in key or _HIDING.search(key):
        key = _unhide(key)
    return key


def _unhide(key: str) -> str:
    """A key without soft hyphens, with fullwidth forms read as ASCII ("Ｃｏｕｌｄ" → "could")
    and combining marks composed ("e\u0301" → "é")."""
    key = key.replace(SOFT_HYPHEN, "")
    if _HIDING.search(key):
        key = unicodedata.normalize("NFKC", key).lower()
    return key


# Where a word may end in a possessive "'s": every word that does ends at one of these.
_POSSESSIVE_END = re.compile(r"['’]s(?![^\W_])")

# WORD_RE as a splitting pattern: the text comes apart into gap, word, gap, word, ..., gap.
_SPLIT_RE = re.compile(f"({WORD_RE.pattern})")


def tokenize(text: str) -> list[Token]:
    """The words of ``text`` as tokens. Done column by column (every word's offsets, text,
    key and sentence start at once), so that the per-word work runs inside the
    interpreter's own loops: a word at a time in Python, tokenizing was a sixth of a
    clean text's time."""
    lowered = text.lower()
    if len(lowered) != len(text) or SOFT_HYPHEN in text or _HIDING.search(text) is not None:
        return _tokenize_word_by_word(text)
    parts = _SPLIT_RE.split(text)
    words = parts[1::2]
    if not words:
        return []
    offsets = list(accumulate(map(len, parts)))  # where each part ends
    starts = offsets[0::2][:-1]
    ends = offsets[1::2]
    if "’" in lowered or "Σ" in text:
        # Sliced from the text lowercased once: the curly apostrophe is folded in one go,
        # and a capital sigma's lowercase depends on what follows the word (final "ς").
        lowered = lowered.replace("’", "'")
        keys = list(map(lowered.__getitem__, map(slice, starts, ends)))
    else:
        keys = list(map(str.lower, words))  # twice as fast as slicing the lowered text
    search_end = _SENTENCE_END.search
    sentence_starts = [gap != " " and search_end(gap) is not None for gap in parts[2:-1:2]]
    sentence_starts.insert(0, True)
    # A possessive "'s" is split off its word: the token ends before it. Found in the text
    # (a few a document) rather than by asking every word.
    for m in _POSSESSIVE_END.finditer(text):
        k = bisect_left(ends, m.end())
        if k == len(ends) or ends[k] != m.end() or len(words[k]) <= 2:
            continue  # not the end of a word ("'s" inside one), or the word is only "'s"
        ends[k] -= 2
        words[k] = words[k][:-2]
        keys[k] = keys[k][:-2]
    # Built with tuple.__new__: a NamedTuple's own constructor is a Python-level call.
    tokens = list(map(tuple.__new__, repeat(Token), zip(starts, ends, words, keys, sentence_starts, repeat(False))))
    return _mark_headlines(text, tokens)


def _tokenize_word_by_word(text: str) -> list[Token]:
    """:func:`tokenize` for a text whose keys need more than lowercasing: characters that
    change length when lowercased ("İ"), soft hyphens, fullwidth forms, combining marks."""
    tokens: list[Token] = []
    append = tokens.append
    search_end = _SENTENCE_END.search
    # Keys are sliced from the text lowercased once, which is much faster than lowercasing
    # word by word; a few characters change length when lowercased ("İ"), and then the
    # offsets would not line up, so such a text is lowercased word by word.
    lowered: str | None = text.lower()
    if len(lowered) != len(text):
        lowered = None
    # Checked once per text, so ordinary text pays nothing for the folding.
    hidden = SOFT_HYPHEN in text or _HIDING.search(text) is not None
    prev_end = 0
    first = True
    # Built with tuple.__new__: a NamedTuple's own constructor is a Python-level call,
    # and a document has thousands of tokens (tokenizing is over a tenth of a clean
    # text's time).
    new_token = tuple.__new__
    for m in WORD_RE.finditer(text):
        start, end = m.span()
        word_end = end - 2 if end - start > 2 and text[end - 2:end] in POSSESSIVE else end
        # Most gaps are a single space: skip the search for sentence punctuation there.
        sentence_start = first or (start - prev_end != 1 or text[prev_end] != " ") and (
            search_end(text, prev_end, start) is not None)
        key = lowered[start:word_end] if lowered is not None else text[start:word_end].lower()
        if "’" in key:
            key = key.replace("’", "'")
        if hidden:
            key = _unhide(key)
        append(new_token(Token, (start, word_end, text[start:word_end], key, sentence_start, False)))
        prev_end = end
        first = False
    return _mark_headlines(text, tokens)


# A title-case line: most longer words capitalised and no sentence punctuation at its end
# ("Kings Rally From 24 Down As Fox Scores 41 Factors"). Capitals there say nothing about
# names, so the engine reads such words as it reads lowercase ones.
_HEADLINE_MIN_WORDS = 3
_HEADLINE_MAX_WORDS = 25
_HEADLINE_SHARE = 0.8


def _mark_headlines(text: str, tokens: list[Token]) -> list[Token]:
    out = tokens
    n = len(tokens)
    if n < _HEADLINE_MIN_WORDS:
        return tokens
    starts = [t.start for t in tokens]
    length = len(text)
    pos = 0  # index of the first token of the current line
    while pos < n:
        line_end = text.find("\n", tokens[pos].end)
        if line_end < 0:
            line_end = length
        k = bisect_left(starts, line_end, pos)
        if _HEADLINE_MIN_WORDS <= k - pos <= _HEADLINE_MAX_WORDS and _is_headline(text, tokens, pos, k, line_end):
            if out is tokens:
                out = list(tokens)
            for j in range(pos, k):
                out[j] = out[j]._replace(headline=True)
        pos = k
    return out


def _is_headline(text: str, tokens: list[Token], first: int, stop: int, line_end: int) -> bool:
    longer = [t for t in tokens[first:stop] if len(t.text) > 3 and t.text[:1].isalpha()]
    if len(longer) < _HEADLINE_MIN_WORDS:
        return False
    capital = sum(1 for t in longer if t.text[:1].isupper())
    tail = text[tokens[stop - 1].end:line_end].strip()
    return capital >= _HEADLINE_SHARE * len(longer) and tail[:1] not in (".", "!", "?", ";", ",")


_GAP_RE = re.compile(r"[\s\-‐‑–]+")
_SPACE_RE = re.compile(r"\s+")


def phrase_key(text: str, hyphens: bool = False) -> str:
    """Normalised form of a phrase for comparing gaps: case, apostrophes and runs of white
    space folded. With ``hyphens`` a hyphen counts as a space too ("counterfeit-consciousness"
    matches "counterfeit consciousness"); otherwise "well-being" is not "well being"."""
    return (_GAP_RE if hyphens else _SPACE_RE).sub(" ", fold(text)).strip()


def word_count(text: str) -> int:
    return sum(1 for _ in WORD_RE.finditer(text))
