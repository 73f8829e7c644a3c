"""The shipped n-gram language model (CMU US-English 3-gram, re-packed for the stdlib).

Data lives in ``restore._data.data_dir() / "lm"`` and is produced by ``scripts/build_lm.py``
(see ``lexicons/lm/README.md``).  Loading takes a fraction of a second (zlib + ``array``);
look-ups are binary searches on sorted ``array('I')`` rows, so no per-n-gram Python objects.

Conventions
-----------
* All log probabilities are natural logs.
* ``history`` is most recent LAST: ``logprob("nineteen", ("on", "may"))`` is
  log P(nineteen | on may).  Only the last two words are used (3-gram model).
* Katz backoff as in the ARPA model: a missing trigram "h2 h1 w" scores
  ``bo(h2 h1) + logP(w | h1)``; a missing bigram "h1 w" scores ``bo(h1) + logP(w)``.
* An unknown target word scores ``FLOOR`` (a fixed value below every unigram of the model).
  An unknown history word cuts the history there (no backoff weight is added).
* Tokens must be normalised (``LanguageModel.normalise``) before they are scored.
"""
from __future__ import annotations

import json
import re
import sys
import threading
import zlib
from array import array
from bisect import bisect_left
from pathlib import Path
from typing import Callable

__all__ = ["LanguageModel", "get_model", "FLOOR"]

#: log-probability of a word the model does not know (the model's rarest unigram is about
#: -21.8 nats; unknown words are scored a little below it, never -inf).
FLOOR = -23.0

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORD_ONES = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
_ORD_TENS = "_ _ twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()
# digits (with thousands commas), optional decimals, optional ordinal suffix
_NUMBER_RE = re.compile(r"(\d[\d,]*)(?:\.\d*)?(st|nd|rd|th)?", re.ASCII)


def _spell(n: int) -> str:
    """One-token spoken form of 0 <= n <= 99: the word itself below 20, else the tens word
    (how the number starts when read aloud; the vocabulary has no "twenty-five")."""
    if n < 20:
        return _ONES[n]
    return _TENS[n // 10]


def _first_spoken_word(n: int) -> str:
    """The first word said when reading the number n aloud (a one-token stand-in)."""
    if n < 100:
        return _spell(n)
    if 1100 <= n <= 1999:  # years: "nineteen ninety-nine"
        return _spell(n // 100)
    if 2000 <= n <= 2009:  # "two thousand five"
        return "two"
    if 2010 <= n <= 2099:  # "twenty twenty-four"
        return "twenty"
    for unit in (10**12, 10**9, 10**6, 10**3, 100):
        if n >= unit:
            lead = n // unit
            return _spell(lead) if lead < 100 else _spell(lead // 100 if lead < 1000 else 99)
    return _spell(n)  # pragma: no cover


class LanguageModel:
    """A 3-gram backoff model over a fixed vocabulary (see module docstring)."""

    def __init__(self, directory: Path | str) -> None:
        directory = Path(directory)
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        self.meta = meta
        # A tuple, not a list: the cyclic collector stops tracking a tuple of strings, and
        # would otherwise walk these 72,000 words at every full collection.
        self.words: tuple[str, ...] = tuple((directory / "vocab.txt").read_text(encoding="utf-8").split("\n")[:-1])
        self._ids: dict[str, int] = {w: i for i, w in enumerate(self.words)}
        # The id of a normalised word (None: not in the vocabulary), for score_ids; the
        # dict's own method, as it is called for every word of every window.
        self.word_id: Callable[[str], int | None] = self._ids.get
        # Probabilities already looked up, by (word, previous, the one before) ids: the same
        # few thousand trigrams come up in document after document.
        self._memo: dict[tuple[int | None, int | None, int | None], float] = {}
        raw = zlib.decompress((directory / "model.bin").read_bytes())
        view = memoryview(raw)
        pos = 0
        arrays: dict[str, array] = {}
        if meta.get("format") not in (1, 2):
            raise ValueError(f"{directory / 'meta.json'}: unknown LM data format {meta.get('format')}")
        planes = bool(meta.get("byte_planes"))
        for name, code, length in meta["arrays"]:
            a = array(code)
            size = a.itemsize
            nbytes = size * length
            if size > 1 and planes:
                buf = bytearray(nbytes)
                for k in range(size):  # undo the byte-plane shuffle (see scripts/build_lm.py)
                    buf[k::size] = view[pos + k * length : pos + (k + 1) * length]
                a.frombytes(buf)
            else:
                a.frombytes(view[pos : pos + nbytes])
            pos += nbytes
            if sys.byteorder != meta.get("byteorder", "little"):
                a.byteswap()
            arrays[name] = a
        if pos != len(raw):
            raise ValueError(f"{directory / 'model.bin'}: size does not match meta.json")
        self._uni_p = arrays["uni_p"]
        self._uni_b = arrays["uni_b"]
        self._bi_off = arrays["bi_off"]
        self._bi_key = arrays["bi_key"]
        self._bi_bo = arrays["bi_bo"]
        self._tri_off = arrays["tri_off"]
        self._tri_key = arrays["tri_key"]
        cb = meta["codebooks"]
        self._cb_bi_p = tuple(cb["bi_p"])
        self._cb_bi_b = tuple(cb["bi_b"])
        self._cb_tri_p = tuple(cb["tri_p"])
        self.floor = FLOOR
        # "<s>" is a context only (log10 -99 in the source): never let it score below FLOOR.
        s_id = self._ids.get("<s>")
        if s_id is None:
            raise ValueError(f"{directory / 'vocab.txt'}: no '<s>' in the vocabulary (the sentence-start context)")
        if self._uni_p[s_id] < FLOOR:
            self._uni_p[s_id] = FLOOR
        self._start_id = s_id

    # ------------------------------------------------------------------ vocabulary
    def known(self, word: str) -> bool:
        """True if ``word`` (already normalised) is in the model's vocabulary."""
        return word in self._ids

    def normalise(self, token: str) -> str:
        """Map a text token to the model's vocabulary conventions.

        * lowercase; curly apostrophes folded to ``'``;
        * numbers become one spelled word, the first word said when the number is read
          aloud: "19" -> "nineteen", "7" -> "seven", "45" -> "forty", "2022" -> "twenty",
          "2005" -> "two", "1999" -> "nineteen", "300" -> "three", "15000" -> "fifteen";
          a group of zeros such as the "000" of "1,000" -> "thousand"; decimals use the
          integer part; ordinals "19th" -> "nineteenth", "2nd" -> "second";
        * an unknown hyphenated compound is replaced by its last known part
          ("ukraine-russia" -> "russia"); otherwise the token is returned as it is
          (possibly unknown to the model, which then scores it at ``FLOOR``).
        """
        t = token.lower().replace("’", "'").replace("‘", "'")
        if t in self._ids:
            return t
        if t[:1].isdigit():
            return self._number(t)
        if "-" in t or "‐" in t or "‑" in t:
            parts = [p for p in t.replace("‐", "-").replace("‑", "-").split("-") if p]
            for p in reversed(parts):
                q = self.normalise(p) if p != t else p
                if q in self._ids:
                    return q
        return t

    @staticmethod
    def _number(t: str) -> str:
        m = _NUMBER_RE.match(t)
        if m is None:
            return t
        digits = m.group(1).replace(",", "")
        if len(digits) == 3 and digits == "000":
            return "thousand"
        n = int(digits)
        if m.group(2) and n < 100:  # ordinal
            if n < 20:
                return _ORD_ONES[n]
            if n % 10 == 0:
                return _ORD_TENS[n // 10]
            return _ORD_ONES[n % 10]  # "21st" -> "first" (the last spoken word is the ordinal)
        return _first_spoken_word(n)

    # ------------------------------------------------------------------ probabilities
    def unigram_logprob(self, word: str) -> float:
        i = self._ids.get(word)
        return self._uni_p[i] if i is not None else FLOOR

    def logprob(self, word: str, history: tuple[str, ...] | list[str] = ()) -> float:
        """Natural-log P(word | history), history most recent LAST (backoff included)."""
        ids = self._ids
        n = len(history)
        return self._logprob_ids(ids.get(word), ids.get(history[-1]) if n else None,
                                 ids.get(history[-2]) if n > 1 else None)

    def _logprob_ids(self, w: int | None, h1: int | None, h2: int | None) -> float:
        """:meth:`logprob` on word ids (None: not in the vocabulary, or no such word)."""
        if w is None:
            return FLOOR
        if h1 is None:
            return self._uni_p[w]
        bi_key = self._bi_key
        if h2 is not None:
            # context bigram "h2 h1"
            key = h2 << 8
            hi = self._bi_off[h1 + 1]
            c = bisect_left(bi_key, key, self._bi_off[h1], hi)
            if c < hi and (bi_key[c] >> 8) == h2:
                tri_key = self._tri_key
                key = c << 8
                hi = self._tri_off[w + 1]
                r = bisect_left(tri_key, key, self._tri_off[w], hi)
                if r < hi and (tri_key[r] >> 8) == c:
                    return self._cb_tri_p[tri_key[r] & 255]
                bo = self._cb_bi_b[self._bi_bo[c]]
            else:
                bo = 0.0
        else:
            bo = 0.0
        r = self._bigram_at(h1, w)
        if r >= 0:
            return bo + self._cb_bi_p[bi_key[r] & 255]
        return bo + self._uni_b[h1] + self._uni_p[w]

    def _bigram_at(self, h1: int, w: int) -> int:
        """Index of the listed bigram "h1 w" in the bigram table, or -1."""
        bi_key = self._bi_key
        hi = self._bi_off[w + 1]
        r = bisect_left(bi_key, h1 << 8, self._bi_off[w], hi)
        return r if r < hi and (bi_key[r] >> 8) == h1 else -1

    def listed_bigram(self, first: str, second: str) -> float | None:
        """Natural-log P(second | first) when the model lists the bigram, else None (the
        model would back off): for build scripts asking whether a phrase is ordinary."""
        a, b = self._ids.get(first), self._ids.get(second)
        if a is None or b is None:
            return None
        r = self._bigram_at(a, b)
        return self._cb_bi_p[self._bi_key[r] & 255] if r >= 0 else None

    def score(self, tokens: list[str], start: int, end: int) -> float:
        """Sum of logprob(tokens[i] | up to two previous tokens) for i in
        range(start, min(len(tokens), end + 2)): the tokens of a replaced region
        tokens[start:end] plus the two tokens after it, whose history changed.
        Tokens must already be normalised.  A "<s>" token (sentence start, which the model
        knows as a context) may be put in the list; it is given, so it adds nothing."""
        return self.score_ids(list(map(self._ids.get, tokens)), start, end)

    def score_ids(self, ids: list[int | None], start: int, end: int) -> float:
        """:meth:`score` on word ids (:meth:`word_id`): for a caller that keeps the ids of a
        document's words, so that it does not look the same words up again for every window.
        The id of "<s>" adds nothing (every vocabulary has it: see ``__init__``)."""
        total = 0.0
        logprob = self._logprob_ids
        memo = self._memo
        if len(memo) > _MEMO_SIZE:
            memo.clear()
        given = self._start_id
        for i in range(max(start, 0), min(len(ids), end + 2)):
            w = ids[i]
            if w != given:
                key = (w, ids[i - 1] if i >= 1 else None, ids[i - 2] if i >= 2 else None)
                p = memo.get(key)
                if p is None:
                    p = memo[key] = logprob(*key)
                total += p
        return total


_MEMO_SIZE = 200_000  # about 30 MB at most; cleared when full

_MODEL: LanguageModel | None = None
_LOCK = threading.Lock()


def get_model() -> LanguageModel:
    """The shipped model, loaded on first use and cached."""
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                from restore._data import data_dir

                _MODEL = LanguageModel(data_dir() / "lm")
    return _MODEL
