"""The register of a document: does it read like a paper?

Listed tortured phrases are a paper mill's damage. In a paper one of them is damage by
the list's authority; in a blog, a poem or a wedding announcement the same two words are
often ordinary English ("a profound learning experience", "a double veil of tulle",
"the wages of distant workers"). :func:`scholarly` tells the two kinds of text apart from
the share of words of the scholarly register (``lexicons/tortured/scholarly.txt``) and
from citations ("[12]", "(Smith et al., 2019)").
"""
from __future__ import annotations

import re
from functools import lru_cache

from ._data import data_dir
from .tokens import Token

#: Share of the words that must be scholarly, and the distinct scholarly words needed (one
#: repeated word, "model" in a car review, is not a register).
MIN_SHARE = 0.02
MIN_DISTINCT = 2
# Citations and the phrases papers are written in decide by themselves.
_DECISIVE = re.compile(
    r"\[\d{1,3}(?:\s*[,\u2013-]\s*\d{1,3})*\]|\bet\s+al\b\.?"
    r"|\([A-Z][\w'-]+(?:\s+(?:and|&)\s+[A-Z][\w'-]+)?,?\s+(?:19|20)\d\d[a-z]?\)"
    r"|(?i:\b(?:this|the\s+present)\s+(?:study|paper|thesis)\b"
    r"|\bin\s+this\s+(?:paper|study|work|thesis)\b"
    r"|\bwe\s+(?:propose|present|investigate|evaluate|examine|demonstrate)\b"
    r"|\bour\s+(?:results|findings|experiments|analysis|method|approach|model)\b"
    r"|\bresults\s+(?:show|indicate|suggest|demonstrate)\b|\bstate[\s-]of[\s-]the[\s-]art\b)")


@lru_cache(maxsize=1)
def scholarly_words() -> frozenset[str]:
    path = data_dir() / "tortured" / "scholarly.txt"
    if not path.exists():
        return frozenset()
    return frozenset(w.strip() for w in path.read_text(encoding="utf-8").splitlines()
                     if w.strip() and not w.startswith("#"))


def scholarly(text: str, tokens: list[Token]) -> bool:
    """Whether the document reads like a scholarly or technical paper."""
    if _DECISIVE.search(text):
        return True
    if not tokens:
        return False
    words = scholarly_words()
    hits = [t.key for t in tokens if t.key in words]
    return len(set(hits)) >= MIN_DISTINCT and len(hits) >= MIN_SHARE * len(tokens)
