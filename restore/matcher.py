"""Find every place where a lexicon's spun form occurs (longest and shorter matches)."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import compress

from .config import Config
from typing import Iterable, Sequence

from .lexicon import ALWAYS_ON_PREFIXES, Lexicon, Pattern, PhraseIndex
from .tokens import POSSESSIVE, Token, paragraph_break, phrase_key


@dataclass(slots=True)
class Match:
    tok_start: int
    tok_end: int  # exclusive
    start: int
    end: int
    # Never changed in place: the matches of a one-word form share its list of patterns.
    patterns: list[Pattern]


def _case_ok(pattern: Pattern, found: str) -> bool:
    mode = pattern.entry.case
    if mode == "any":
        return True
    if mode == "exact":
        return found == pattern.form
    found_words = found.split()
    form_words = pattern.form.split()
    if len(found_words) != len(form_words):
        return found[:1].isupper() == pattern.form[:1].isupper()
    return all(not f[:1].isupper() or w[:1].isupper() for f, w in zip(form_words, found_words))


def find_matches(text: str, tokens: list[Token], lexicon: Lexicon, config: Config,
                 index: PhraseIndex | Sequence[PhraseIndex] | None = None,
                 positions: Iterable[int] | None = None, keys: list[str] | None = None) -> list[Match]:
    """Every match of ``index`` (default: the always-on index; several indexes are merged
    span by span) in the token stream, or only at the given token ``positions``. ``keys``:
    the tokens' keys, when the caller has them already."""
    indexes = [lexicon.main] if index is None else [index] if isinstance(index, PhraseIndex) else list(index)
    if keys is None:
        keys = [t.key for t in tokens]
    n = len(tokens)
    matches: list[Match] = []
    single = indexes[0] if len(indexes) == 1 else None
    plain = None
    if single is not None:
        # The hot loop of a clean document: look up built patterns directly, and go through
        # PhraseIndex.get only for a key whose table rows are still packed.
        lengths_get, built_get, pending = single.lengths.get, single.patterns.get, single.pending
        # One-word forms whose every pattern matches whatever the case of the text and
        # whatever follows it (most of them): matched without reading the text at all.
        plain = single.plain_words if not config.disabled else None
    multi: set[int] | frozenset[int] = frozenset()
    if single is not None and positions is None:
        # Where some form may start, found without a Python step per word (the hot loop of
        # a clean text): words that are a form by themselves, and pairs of words that open
        # a longer form. Only those places are visited.
        multi = set(compress(range(n - 1), map(single.openings.__contains__, zip(keys, keys[1:]))))
        visit = sorted(multi.union(compress(range(n), map(single.single_words.__contains__, keys))))
    else:
        visit = range(n) if positions is None else positions
    for i in visit:
        if single is not None and positions is None:
            wanted = lengths_get(keys[i]) if i in multi else _ONE_WORD
        else:
            # Given positions (a few words), or several indexes: each index says which of
            # its forms may start here.
            wanted = sorted({length for ix in indexes for length in ix.starting(keys, i)}, reverse=True)
        for length in wanted:
            if i + length > n:
                continue
            if length == 1 and plain is not None:
                found_plain = plain.get(keys[i])
                if found_plain is None:
                    key = (keys[i],)
                    patterns = single.get(key, lexicon) if key in pending else built_get(key)
                    found_plain = plain[keys[i]] = _plain_patterns(patterns)
                if found_plain is not False:
                    if found_plain:
                        token = tokens[i]
                        matches.append(Match(i, i + 1, token.start, token.end, found_plain))
                    continue
            key = (keys[i],) if length == 1 else tuple(keys[i:i + length])
            if single is not None:
                patterns = single.get(key, lexicon) if key in pending else built_get(key)
            else:
                patterns = [p for ix in indexes for p in (ix.get(key, lexicon) or ())]
            if not patterns:
                continue
            start, end = tokens[i].start, tokens[i + length - 1].end
            found = text[start:end]
            if length > 1 and paragraph_break(found):
                continue  # a phrase never runs across a paragraph break
            # Words after a line break that start with a capital: a new line or a heading
            # ("Where to stay" / "The best value..."), unless the form has a capital there
            # too (a name wrapped across lines).
            capital_lines = _capital_line_starts(text, tokens, i, length) if length > 1 else ()
            if length > 1:
                found_key = phrase_key(found)
                found_loose = phrase_key(found, hyphens=True)
            kept = []
            kept_possessive = []  # forms such as "1000's": they need the "'s" and take it in
            has_possessive = text[end:end + 2] in POSSESSIVE
            kept_dotted = []  # abbreviations such as "p.c.": they need their final dot
            dot_end = _abbreviation_end(text, end, in_name=found[:1].isupper() and not tokens[i].sentence_start)
            for p in patterns:
                if config.disabled and config.is_disabled(p.entry.id):
                    continue
                if length > 1:
                    # Paraphrasing tools hyphenate freely, so tortured phrases match either
                    # way; elsewhere a hyphen is part of the word ("well-being").
                    if p.entry.lexicon.startswith(ALWAYS_ON_PREFIXES):
                        if found_loose != phrase_key(p.form, hyphens=True):
                            continue
                    elif found_key != phrase_key(p.form.removesuffix(".")):
                        continue  # punctuation or a possessive between the words
                if not _case_ok(p, found):
                    continue
                if capital_lines and not _form_capitalised_at(p.form, length, capital_lines):
                    continue
                if p.form[-2:] in POSSESSIVE:
                    if has_possessive:
                        kept_possessive.append(p)
                    continue
                if p.form.endswith("."):
                    if dot_end is not None:
                        kept_dotted.append(p)
                    continue
                kept.append(p)
            if kept:
                matches.append(Match(i, i + length, start, end, kept))
            if kept_possessive:
                matches.append(Match(i, i + length, start, end + 2, kept_possessive))
            if kept_dotted:
                matches.append(Match(i, i + length, start, dot_end, kept_dotted))
    return matches


_ONE_WORD = (1,)


def _plain_patterns(patterns: list[Pattern] | None) -> list[Pattern] | bool:
    """The patterns of a one-word form, if every one of them matches the word in any case
    and whatever follows it (no possessive or abbreviation form): all of them are then kept
    wherever the word occurs (the list is shared by every such match). False when some
    pattern needs the text read."""
    if not patterns:
        return []
    if all(p.entry.case == "any" and p.form[-2:] not in POSSESSIVE and not p.form.endswith(".")
           for p in patterns):
        return list(patterns)
    return False


_LINE_BREAKS = ("\n", "\r", "\u2028", "\x85")


def _capital_line_starts(text: str, tokens: list[Token], i: int, length: int) -> tuple[int, ...]:
    """Positions k (1 .. length - 1) in a phrase of tokens from ``i`` whose word starts a
    line with a capital letter."""
    return tuple(k for k in range(1, length)
                 if tokens[i + k].text[:1].isupper()
                 and any(b in text[tokens[i + k - 1].end:tokens[i + k].start] for b in _LINE_BREAKS))


def _form_capitalised_at(form: str, length: int, positions: tuple[int, ...]) -> bool:
    """Whether the form's words at ``positions`` are capitalised too (a wrapped name such as
    "Protection\nMinister"). A form whose words do not line up with the tokens passes."""
    words = form.split()
    if len(words) != length:
        return True
    return all(words[k][:1].isupper() for k in positions)


def _abbreviation_end(text: str, end: int, in_name: bool = False) -> int | None:
    """Where a match of an abbreviation that ends with a dot ("p.c.") ends: None when no dot
    follows the last letter. Mid-sentence the dot belongs to the abbreviation and goes with
    it ("5 p.c. last year" -> "5 percent last year"); at the end of a sentence it is also
    the full stop and stays ("rose 5 p.c. The bank" -> "rose 5 percent. The bank"). A
    capitalised abbreviation inside a sentence is part of a name, and a capital after it
    continues the name ("the Sq. Kilometre Array" -> "the Square Kilometre Array")."""
    if text[end:end + 1] != ".":
        return None
    rest = text[end + 1:end + 3]
    if not rest or rest[:1] == "\n":
        return end
    if rest[:1].isspace() and (not rest[1:] or rest[1:] == "\n" or (rest[1:].isupper() and not in_name)):
        return end
    return end + 1
