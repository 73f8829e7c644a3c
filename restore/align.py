"""Align an original text with a spun copy of it: by sentence, then by word.

``align(original, spun)`` returns an :class:`Alignment`:

* sentences are matched by similarity (rapidfuzz, on word tokens), so reordered sentences
  are found where they moved to, dropped sentences are reported as dropped and inserted
  boilerplate as inserted;
* inside each matched sentence pair the word tokens are aligned (difflib opcodes on the
  folded token keys) and every changed stretch becomes a :class:`Substitution` with exact
  character offsets in both texts;
* adjacent changed words are merged into phrase-level substitutions ("took place" ->
  "befell"); pure insertions and deletions are anchored on the neighbouring unchanged
  word(s) so that every substitution has two non-empty sides ("the most" -> "essentially
  the most", "will be" -> "will likely be").

Shares: ``copied_share`` is the share of the spun text's words that lie in sentences
aligned to the original; ``disguised_share`` is the share of those aligned words that were
substituted.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel
from rapidfuzz import process

from .tokens import Token, tokenize

__all__ = ["Sentence", "SentencePair", "Substitution", "Alignment", "align", "split_sentences"]

# Sentence pairs with a word-level similarity at least this high are matched anywhere in
# the document (they may have moved); weaker pairs only between already matched neighbours.
ANCHOR_SIMILARITY = 0.55
GAP_SIMILARITY = 0.3
LEFTOVER_SIMILARITY = 0.35

# --------------------------------------------------------------------------- sentences

_END_RE = re.compile(r"[.!?…]+[\"”’'\)\]]*(?=\s)|\n")
_ABBREV_RE = re.compile(
    r"(?:\b(?:[A-Za-z]\.){2,}|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Gen|Gov|Sen|Rep|Lt|Col|Capt|Sgt|vs|etc|No|Vol|"
    r"Inc|Ltd|Co|Corp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|e\.g|i\.e|cf|al)\.)$")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    tokens: tuple[Token, ...]

    @property
    def keys(self) -> list[str]:
        return [t.key for t in self.tokens]


def split_sentences(text: str) -> list[Sentence]:
    """Sentences (and lines) of ``text`` with exact offsets, trimmed of white space.
    Only stretches holding at least one word token are returned."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _END_RE.finditer(text):
        end = m.end()
        if m.group() != "\n":
            head = text[start:end].rstrip("\"”’')]")
            if _ABBREV_RE.search(head):
                continue
            nxt = re.match(r"\s*([\"“‘'(\[]?)(\S)?", text[end:])
            if nxt and nxt.group(2) and nxt.group(2).islower():
                continue  # "e.g. this" / "... and then": not a boundary
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    sentences: list[Sentence] = []
    for s, e in bounds:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        s2, e2 = s + lead, s + len(chunk.rstrip())
        if s2 >= e2:
            continue
        toks = tuple(tokenize(text[s2:e2]))
        if not toks:
            continue
        toks = tuple(Token(t.start + s2, t.end + s2, t.text, t.key, t.sentence_start) for t in toks)
        sentences.append(Sentence(len(sentences), s2, e2, toks))
    return sentences


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class SentencePair:
    """A matched pair (both indices set), a dropped original sentence (``spun is None``)
    or an inserted spun sentence (``orig is None``)."""

    orig: int | None
    spun: int | None
    similarity: float = 0.0

    @property
    def kind(self) -> str:
        if self.orig is None:
            return "inserted"
        if self.spun is None:
            return "dropped"
        return "aligned"


@dataclass(frozen=True)
class Substitution:
    original: str
    spun: str
    orig_start: int
    orig_end: int
    spun_start: int
    spun_end: int
    orig_sentence: int
    spun_sentence: int
    orig_words: int
    spun_words: int

    @property
    def kind(self) -> str:
        """'number' (digits only changed), 'word' (one word on each side) or 'phrase'."""
        if all(c.isdigit() or not c.isalnum() for c in self.original + self.spun):
            return "number"
        if self.orig_words == 1 and self.spun_words == 1:
            return "word"
        return "phrase"

    def to_dict(self) -> dict:
        return {
            "original": self.original, "spun": self.spun, "kind": self.kind,
            "original_start": self.orig_start, "original_end": self.orig_end,
            "spun_start": self.spun_start, "spun_end": self.spun_end,
            "original_sentence": self.orig_sentence, "spun_sentence": self.spun_sentence,
        }


@dataclass
class Alignment:
    original: str
    spun: str
    orig_sentences: list[Sentence]
    spun_sentences: list[Sentence]
    pairs: list[SentencePair]
    substitutions: list[Substitution]
    # per aligned pair: token index maps spun -> orig for unchanged words
    token_maps: dict[int, dict[int, int]] = field(default_factory=dict, repr=False)
    _starts: list[int] | None = field(default=None, repr=False, compare=False)

    @property
    def aligned_pairs(self) -> list[SentencePair]:
        return [p for p in self.pairs if p.kind == "aligned"]

    @property
    def dropped(self) -> list[Sentence]:
        return [self.orig_sentences[p.orig] for p in self.pairs if p.kind == "dropped"]

    @property
    def inserted(self) -> list[Sentence]:
        return [self.spun_sentences[p.spun] for p in self.pairs if p.kind == "inserted"]

    @property
    def moved(self) -> list[SentencePair]:
        """Aligned pairs out of order relative to the longest in-order run."""
        aligned = self.aligned_pairs
        keep = _longest_increasing([p.orig for p in aligned])
        return [p for i, p in enumerate(aligned) if i not in keep]

    @property
    def spun_words(self) -> int:
        return sum(len(s.tokens) for s in self.spun_sentences)

    @property
    def aligned_spun_words(self) -> int:
        return sum(len(self.spun_sentences[p.spun].tokens) for p in self.aligned_pairs)

    @property
    def substituted_spun_words(self) -> int:
        return sum(s.spun_words for s in self.substitutions)

    @property
    def copied_share(self) -> float:
        return self.aligned_spun_words / self.spun_words if self.spun_words else 0.0

    @property
    def disguised_share(self) -> float:
        a = self.aligned_spun_words
        return self.substituted_spun_words / a if a else 0.0

    def pair_of_spun(self, spun_index: int) -> SentencePair | None:
        for p in self.pairs:
            if p.spun == spun_index:
                return p
        return None

    def spun_sentence_at(self, offset: int) -> Sentence | None:
        """The spun sentence holding the character at ``offset`` (None between sentences)."""
        import bisect

        if self._starts is None:
            self._starts = [s.start for s in self.spun_sentences]
        starts = self._starts
        k = bisect.bisect_right(starts, offset) - 1
        if k >= 0 and offset < self.spun_sentences[k].end:
            return self.spun_sentences[k]
        return None

    def summary(self) -> dict:
        return {
            "original_sentences": len(self.orig_sentences),
            "spun_sentences": len(self.spun_sentences),
            "aligned_sentences": len(self.aligned_pairs),
            "dropped_sentences": len(self.dropped),
            "inserted_sentences": len(self.inserted),
            "moved_sentences": len(self.moved),
            "spun_words": self.spun_words,
            "copied_words": self.aligned_spun_words,
            "substituted_words": self.substituted_spun_words,
            "substitutions": len(self.substitutions),
            "copied_share": round(self.copied_share, 4),
            "disguised_share": round(self.disguised_share, 4),
        }


# --------------------------------------------------------------------------- sentence alignment


def _longest_increasing(seq: list[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence of ``seq``."""
    import bisect

    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for i, v in enumerate(seq):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tails_idx.append(i)
        else:
            tails[k] = v
            tails_idx[k] = i
        prev[i] = tails_idx[k - 1] if k else -1
    out: set[int] = set()
    i = tails_idx[-1] if tails_idx else -1
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out


class _Similarity:
    """Word-level similarity of sentence pairs (rapidfuzz Indel on token keys), cached.
    No numpy: rows are scored with ``process.extract`` and single pairs on demand."""

    def __init__(self, orig: list[Sentence], spun: list[Sentence]):
        self.a = [s.keys for s in orig]
        self.b = [s.keys for s in spun]
        self.cache: dict[tuple[int, int], float] = {}

    def __call__(self, i: int, j: int) -> float:
        v = self.cache.get((i, j))
        if v is None:
            v = self.cache[(i, j)] = Indel.normalized_similarity(self.a[i], self.b[j])
        return v

    def row(self, i: int, cutoff: float) -> list[tuple[int, float]]:
        hits = process.extract(self.a[i], self.b, scorer=Indel.normalized_similarity, score_cutoff=cutoff,
                               limit=None)
        out = []
        for _, score, j in hits:
            self.cache[(i, j)] = float(score)
            out.append((j, float(score)))
        return out


def _align_sentences(orig: list[Sentence], spun: list[Sentence]) -> list[SentencePair]:
    n, m = len(orig), len(spun)
    sim_of = _Similarity(orig, spun) if n and m else None
    o2s: dict[int, int] = {}
    s2o: dict[int, int] = {}
    sims: dict[tuple[int, int], float] = {}
    if sim_of is not None:
        # 1. Anchors: confident pairs anywhere (copes with moved sentences), best first;
        #    ties prefer pairs at a similar relative position.
        cands = []
        for i in range(n):
            for j, sim in sim_of.row(i, ANCHOR_SIMILARITY):
                short = min(len(orig[i].tokens), len(spun[j].tokens)) < 4
                need = 0.8 if short else ANCHOR_SIMILARITY
                if sim >= need:
                    cands.append((-sim, abs(i / max(n, 1) - j / max(m, 1)), i, j))
        cands.sort()
        for neg, _, i, j in cands:
            if i in o2s or j in s2o:
                continue
            o2s[i], s2o[j] = j, i
            sims[(i, j)] = -neg
        # 2. Gaps: between consecutive anchors (in spun order), weaker pairs in order.
        anchors = sorted(s2o.items())
        bounds = [(-1, -1)] + [(j, i) for j, i in anchors] + [(m, n)]
        for (j0, i0), (j1, i1) in zip(bounds, bounds[1:]):
            if i1 <= i0:
                continue  # a moved sentence sits between these anchors: no ordered gap
            free_o = [i for i in range(i0 + 1, i1) if i not in o2s]
            free_s = [j for j in range(j0 + 1, j1) if j not in s2o]
            if not free_o or not free_s:
                continue
            # Needleman-Wunsch style DP over the gap, maximising summed similarity.
            dp = [[0.0] * (len(free_s) + 1) for _ in range(len(free_o) + 1)]
            back = [[0] * (len(free_s) + 1) for _ in range(len(free_o) + 1)]
            for a in range(1, len(free_o) + 1):
                for b in range(1, len(free_s) + 1):
                    sim = sim_of(free_o[a - 1], free_s[b - 1])
                    best, move = dp[a - 1][b], 1
                    if dp[a][b - 1] > best:
                        best, move = dp[a][b - 1], 2
                    if sim >= GAP_SIMILARITY and dp[a - 1][b - 1] + sim > best:
                        best, move = dp[a - 1][b - 1] + sim, 3
                    dp[a][b], back[a][b] = best, move
            a, b = len(free_o), len(free_s)
            while a > 0 and b > 0:
                move = back[a][b]
                if move == 3:
                    i, j = free_o[a - 1], free_s[b - 1]
                    o2s[i], s2o[j] = j, i
                    sims[(i, j)] = sim_of(i, j)
                    a, b = a - 1, b - 1
                elif move == 1:
                    a -= 1
                else:
                    b -= 1
        # 3. Leftovers anywhere (a heavily spun sentence that also moved): mutual best
        #    matches above the gap threshold.
        left_o = [i for i in range(n) if i not in o2s and len(orig[i].tokens) >= 4]
        left_s = [j for j in range(m) if j not in s2o and len(spun[j].tokens) >= 4]
        if left_o and left_s and len(left_o) * len(left_s) <= 250_000:
            best_s = {i: max(left_s, key=lambda j: sim_of(i, j)) for i in left_o}
            best_o = {j: max(left_o, key=lambda i: sim_of(i, j)) for j in left_s}
            for i, j in best_s.items():
                if best_o.get(j) == i and sim_of(i, j) >= LEFTOVER_SIMILARITY:
                    o2s[i], s2o[j] = j, i
                    sims[(i, j)] = sim_of(i, j)
    pairs: list[SentencePair] = []
    for j in range(m):
        if j in s2o:
            pairs.append(SentencePair(s2o[j], j, round(sims[(s2o[j], j)], 4)))
        else:
            pairs.append(SentencePair(None, j, 0.0))
    # Dropped original sentences go after the spun sentence that follows their predecessor.
    for i in range(n):
        if i in o2s:
            continue
        pos = len(pairs)
        for k in range(i - 1, -1, -1):
            if k in o2s:
                pos = next(x for x, p in enumerate(pairs) if p.orig == k) + 1
                break
        else:
            pos = 0
        while pos < len(pairs) and pairs[pos].kind == "dropped":
            pos += 1
        pairs.insert(pos, SentencePair(i, None, 0.0))
    return pairs


# --------------------------------------------------------------------------- word alignment

_ARTICLES = {"the", "a", "an"}


@dataclass
class _Block:
    i1: int
    i2: int
    j1: int
    j2: int


def _change_blocks(a: list[str], b: list[str]) -> list[_Block]:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [_Block(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]


def _split_known(block: _Block, a: list[str], b: list[str], known: Counter) -> list[_Block]:
    """Split a block while it starts or ends with a substitution seen on its own elsewhere
    ("assembly befell" -> "meeting took place": "assembly" -> "meeting" is known;
    "mentioned essentially" -> "said": "mentioned" -> "said" is known)."""
    head: list[_Block] = []
    tail: list[_Block] = []
    blk = block

    def size(x: _Block) -> int:
        return (x.i2 - x.i1) + (x.j2 - x.j1)

    progress = True
    while progress and blk.i2 > blk.i1 and blk.j2 > blk.j1:
        progress = False
        for p in range(1, min(3, blk.i2 - blk.i1) + 1):
            for q in range(1, min(3, blk.j2 - blk.j1) + 1):
                if p + q >= size(blk):
                    continue
                if known.get((tuple(a[blk.i1:blk.i1 + p]), tuple(b[blk.j1:blk.j1 + q])), 0):
                    head.append(_Block(blk.i1, blk.i1 + p, blk.j1, blk.j1 + q))
                    blk = _Block(blk.i1 + p, blk.i2, blk.j1 + q, blk.j2)
                    progress = True
                    break
                if known.get((tuple(a[blk.i2 - p:blk.i2]), tuple(b[blk.j2 - q:blk.j2])), 0):
                    tail.insert(0, _Block(blk.i2 - p, blk.i2, blk.j2 - q, blk.j2))
                    blk = _Block(blk.i1, blk.i2 - p, blk.j1, blk.j2 - q)
                    progress = True
                    break
            if progress:
                break
    middle = [blk] if (blk.i2 > blk.i1 or blk.j2 > blk.j1) else []
    return head + middle + tail


_PUNCT_GAP = re.compile(r"[,;:()\[\]\"“”—–]|\s-\s")


def _split_punct(block: _Block, o: Sentence, s: Sentence, original: str, spun: str) -> list[_Block]:
    """Cut a block where both sides have punctuation between the same words
    ("officers, regardless of" -> "officials, despite" is two substitutions)."""
    if block.i2 - block.i1 < 2 or block.j2 - block.j1 < 2:
        return [block]
    cuts_a = [k for k in range(block.i1 + 1, block.i2)
              if _PUNCT_GAP.search(original[o.tokens[k - 1].end:o.tokens[k].start])]
    cuts_b = [k for k in range(block.j1 + 1, block.j2)
              if _PUNCT_GAP.search(spun[s.tokens[k - 1].end:s.tokens[k].start])]
    if not cuts_a or len(cuts_a) != len(cuts_b):
        return [block]
    out, i, j = [], block.i1, block.j1
    for ca, cb in zip(cuts_a + [block.i2], cuts_b + [block.j2]):
        out.append(_Block(i, ca, j, cb))
        i, j = ca, cb
    return out


def _merge_through_one(blocks: list[_Block]) -> list[_Block]:
    """Join a pure insertion/deletion with a change one unchanged word away
    ("is not" -> "will not be")."""
    out: list[_Block] = []
    for blk in blocks:
        if out:
            prev = out[-1]
            gap_a, gap_b = blk.i1 - prev.i2, blk.j1 - prev.j2
            pure = lambda x: x.i1 == x.i2 or x.j1 == x.j2  # noqa: E731
            if gap_a == gap_b == 1 and (pure(prev) or pure(blk)) and not (pure(prev) and pure(blk)):
                out[-1] = _Block(prev.i1, blk.i2, prev.j1, blk.j2)
                continue
        out.append(blk)
    return out


def _anchor(blk: _Block, blocks: list[_Block], n_a: int, n_b: int, a: list[str]) -> _Block:
    """Give a pure insertion or deletion an unchanged neighbour word on each free side."""
    if blk.i1 != blk.i2 and blk.j1 != blk.j2:
        return blk
    taken_before = any(o.i2 == blk.i1 and o.j2 == blk.j1 and o is not blk for o in blocks)
    taken_after = any(o.i1 == blk.i2 and o.j1 == blk.j2 and o is not blk for o in blocks)
    left_ok = blk.i1 > 0 and blk.j1 > 0 and not taken_before
    right_ok = blk.i2 < n_a and blk.j2 < n_b and not taken_after
    i1, i2, j1, j2 = blk.i1, blk.i2, blk.j1, blk.j2
    if left_ok and right_ok:
        return _Block(i1 - 1, i2 + 1, j1 - 1, j2 + 1)
    if right_ok:
        k = 1
        if a[i2] in _ARTICLES and i2 + 1 < n_a and j2 + 1 < n_b and not any(o.i1 == i2 + 1 for o in blocks):
            k = 2  # "essentially the most": an article alone is a poor anchor
        return _Block(i1, i2 + k, j1, j2 + k)
    if left_ok:
        k = 1
        if a[i1 - 1] in _ARTICLES and i1 > 1 and j1 > 1 and not any(o.i2 == i1 - 1 for o in blocks):
            k = 2
        return _Block(i1 - k, i2, j1 - k, j2)
    return blk


def _word_blocks(o: Sentence, s: Sentence, original: str, spun: str, known: Counter | None = None) -> list[_Block]:
    a, b = o.keys, s.keys
    blocks = _change_blocks(a, b)
    blocks = [part for blk in blocks for part in _split_punct(blk, o, s, original, spun)]
    if known:
        blocks = [part for blk in blocks for part in _split_known(blk, a, b, known)]
    blocks = _merge_through_one(blocks)
    anchored = []
    for blk in blocks:
        anchored.append(_anchor(blk, blocks, len(a), len(b), a))
    # anchoring may make neighbours overlap: merge those
    merged: list[_Block] = []
    for blk in sorted(anchored, key=lambda x: (x.j1, x.i1)):
        if blk.i1 == blk.i2 or blk.j1 == blk.j2:
            continue  # nothing to anchor on (a one-word sentence changed entirely)
        if merged and (blk.j1 < merged[-1].j2 or blk.i1 < merged[-1].i2):
            prev = merged[-1]
            merged[-1] = _Block(min(prev.i1, blk.i1), max(prev.i2, blk.i2), min(prev.j1, blk.j1), max(prev.j2, blk.j2))
        else:
            merged.append(blk)
    return merged


def align(original: str, spun: str) -> Alignment:
    """Align ``original`` with its spun copy ``spun`` (see the module docstring)."""
    orig_s = split_sentences(original)
    spun_s = split_sentences(spun)
    pairs = _align_sentences(orig_s, spun_s)
    aligned = [p for p in pairs if p.kind == "aligned"]

    # First pass: the substitutions seen anywhere, used to split blocks of several.
    known: Counter = Counter()
    for p in aligned:
        o, s = orig_s[p.orig], spun_s[p.spun]
        for blk in _change_blocks(o.keys, s.keys):
            for part in _split_punct(blk, o, s, original, spun):
                if part.i2 > part.i1 and part.j2 > part.j1:
                    known[(tuple(o.keys[part.i1:part.i2]), tuple(s.keys[part.j1:part.j2]))] += 1

    subs: list[Substitution] = []
    token_maps: dict[int, dict[int, int]] = {}
    for p in aligned:
        o, s = orig_s[p.orig], spun_s[p.spun]
        blocks = _word_blocks(o, s, original, spun, known)
        changed_j = set()
        for blk in blocks:
            ot, st = o.tokens[blk.i1:blk.i2], s.tokens[blk.j1:blk.j2]
            changed_j.update(range(blk.j1, blk.j2))
            os_, oe = ot[0].start, ot[-1].end
            ss, se = st[0].start, st[-1].end
            subs.append(Substitution(original[os_:oe], spun[ss:se], os_, oe, ss, se, o.index, s.index,
                                     len(ot), len(st)))
        sm = difflib.SequenceMatcher(None, o.keys, s.keys, autojunk=False)
        tmap: dict[int, int] = {}
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                for k in range(i2 - i1):
                    if j1 + k not in changed_j:
                        tmap[j1 + k] = i1 + k
        token_maps[s.index] = tmap
    subs.sort(key=lambda x: x.spun_start)
    return Alignment(original, spun, orig_s, spun_s, pairs, subs, token_maps)
