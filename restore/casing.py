"""Carry the look of the found text over to the suggestion: its case (Could -> May,
COULD -> MAY) and the spaces between its words (a line break, a tab, a no-break space)."""
from __future__ import annotations

import re

_GAP = re.compile(r"\s+")


def keep_layout(found: str, suggestion: str) -> str:
    """The suggestion with the found text's separators, word for word, when both have as
    many words: "prisoners of\nbattle" -> "prisoners of\nwar", not "prisoners of war" on
    one line. Otherwise the suggestion as it is."""
    gaps = _GAP.findall(found)
    if not gaps or all(g == " " for g in gaps):
        return suggestion
    words = suggestion.split(" ")
    if len(words) != len(gaps) + 1:
        return suggestion
    return "".join(w + g for w, g in zip(words, gaps)) + words[-1]


def _has_upper(text: str) -> bool:
    return any(c.isupper() for c in text)


def transfer_case(found: str, suggestion: str) -> str:
    if not suggestion:
        return suggestion
    letters = [c for c in found if c.isalpha()]
    if not letters:
        return suggestion
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return suggestion.upper()
    if _has_upper(suggestion):
        # The original carries its own capitals (a name, an acronym): keep them as written.
        return suggestion
    if letters[0].isupper():
        found_words, words = found.split(), suggestion.split(" ")
        if len(found_words) == len(words) > 1 and any(w[:1].isupper() for w in found_words[1:]):
            # A name in headline style, word for word: "Participant of the Month" ->
            # "Player of the Month", not "Player of the month".
            return " ".join(w[:1].upper() + w[1:] if f[:1].isupper() else w for f, w in zip(found_words, words))
        # Title case needs two capitalised words: "A 3rd" -> "A third" (a number says
        # nothing), "Wall Road" -> "Wall Street"; the small words of a title may stay
        # lower case ("Division of Power" -> "Department of Energy").
        alpha = [w for w in found_words if w[:1].isalpha()]
        capitals = [w for w in alpha if w[:1].isupper()]
        if len(capitals) > 1 and all(w[:1].isupper() or w in _TITLE_SMALL_WORDS for w in alpha):
            return " ".join(w[:1].upper() + w[1:] if i == 0 or w not in _TITLE_SMALL_WORDS else w
                            for i, w in enumerate(words))
        return suggestion[0].upper() + suggestion[1:]
    return suggestion


# Words a title leaves in lower case ("Department of Energy", "Player of the Month").
_TITLE_SMALL_WORDS = frozenset("a an and as at by for from in into of on or the to with".split())


_VOWEL_SOUND_EXCEPTIONS = ("hour", "honest", "honou", "honor", "heir", "herb")
_CONSONANT_SOUND_EXCEPTIONS = ("uni", "use", "usu", "uti", "eu", "one", "once", "ewe", "ure", "uro")


def takes_an(word: str) -> bool:
    """Whether the indefinite article before ``word`` is "an" (by its first sound)."""
    raw = word.lstrip("\"'“‘(")
    w = raw.lower()
    if not w:
        return False
    if len(raw) > 1 and raw.isupper():
        # Acronyms are read letter by letter: an FBI agent, a UN report.
        return w[0] in "aefhilmnorsx"
    if w.startswith(_VOWEL_SOUND_EXCEPTIONS):
        return True
    if w.startswith(_CONSONANT_SOUND_EXCEPTIONS):
        return False
    return w[0] in "aeiou"


def article_may_misfit(has_an: bool, word: str) -> bool:
    """Whether the article "an" (``has_an``) or "a" could fail to fit some phrase that
    begins with the word ``word``: :func:`takes_an` of the phrase differs from that of the
    word only where the phrase reads as an acronym (no lower-case letter in the word) or
    where a sound exception runs on past the word ("hour" after "ho"). Used to skip, before
    any lookup, the words after an article that fit it, which are nearly all of them."""
    if takes_an(word) != has_an:
        return True
    if not (word.islower() or any(c.islower() for c in word)):  # islower(): most words, at once
        return True
    return word.lstrip("\"'“‘(").lower() in _EXCEPTION_STEMS


# The beginnings of the sound exceptions, short of the whole ("", "h", "ho", "hou"...).
_EXCEPTION_STEMS = frozenset(e[:k] for e in _VOWEL_SOUND_EXCEPTIONS + _CONSONANT_SOUND_EXCEPTIONS for k in range(len(e)))


_ARTICLE_GAP = re.compile(r"(?i)(an?)(\s+)")


def with_article(article_gap: str, word: str) -> str:
    """``word`` after ``article_gap`` (an indefinite article and the space after it, as
    found), the article made to fit ``word`` in its case: ("An ", "village") -> "A village".
    Anything that is not such an article is put before ``word`` unchanged."""
    m = _ARTICLE_GAP.fullmatch(article_gap)
    if m is None:
        return article_gap + word
    return transfer_case(m.group(1), "an" if takes_an(word) else "a") + m.group(2) + word
