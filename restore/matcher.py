"""Find every place where a lexicon's spun form occurs (longest and shorter matches)."""
from __future__ import annotations

from dataclasses import dataclass

from .config import Config
from .lexicon import Lexicon, Pattern
from .tokens import Token, phrase_key


@dataclass(slots=True)
class Match:
    tok_start: int
    tok_end: int  # exclusive
    start: int
    end: int
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


def find_matches(text: str, tokens: list[Token], lexicon: Lexicon, config: Config) -> list[Match]:
    keys = [t.key for t in tokens]
    first_words = lexicon.first_words
    lookup = lexicon.lookup
    max_len = lexicon.max_len
    n = len(tokens)
    matches: list[Match] = []
    for i in range(n):
        if keys[i] not in first_words:
            continue
        for length in range(min(max_len, n - i), 0, -1):
            patterns = lookup(tuple(keys[i:i + length]))
            if not patterns:
                continue
            start, end = tokens[i].start, tokens[i + length - 1].end
            found = text[start:end]
            if length > 1:
                found_key = phrase_key(found)
            kept = []
            for p in patterns:
                if config.disabled and config.is_disabled(p.entry.id):
                    continue
                if length > 1 and found_key != phrase_key(p.form):
                    continue  # punctuation or a possessive between the words
                if not _case_ok(p, found):
                    continue
                kept.append(p)
            if kept:
                matches.append(Match(i, i + length, start, end, kept))
    return matches
