#!/usr/bin/env python3
"""Build the shipped language model (lexicons/lm/) from the CMU US-English 3-gram model.

Build-time only: needs ``pocketsphinx`` (for the model file ``en-us.lm.bin``) and ``numpy``.
The runtime (restore/lm.py) reads the result with the standard library alone.

What it does
------------
1. Parses pocketsphinx's "Trie Language Model" binary format directly (the format written by
   ``lm_trie_write_bin`` in pocketsphinx/src/lm/lm_trie.c, ngram_model_trie.c,
   lm_trie_quant.c and bitarr.c):

       "Trie Language Model"  (19 bytes, no NUL)
       uint8   order (3)
       uint32  counts[order]
       int32   dummy (former quantisation type)
       float32 quant values: for each middle order: 65536 prob bins, 65536 backoff bins;
               then 65536 prob bins for the longest order
       unigrams[counts[0] + 1]: {float32 prob, float32 backoff, uint32 next}
       bit-packed n-gram memory (little-endian bit arrays):
           middle (bigram) entries: word (word_bits) | backoff bin (16) | prob bin (16) | next (ptr_bits)
           longest (trigram) entries: word (word_bits) | prob bin (16)
       uint32 size, then NUL-separated word strings (word ids in order)

   The trie is *reversed*: below unigram ``w`` hang entries keyed by the previous word ``h1``
   (bigram "h1 w"), and below those the word before it ``h2`` (trigram "h2 h1 w").  Bigram
   entry "h1 w" also carries the backoff weight of context "h1 w".  Values are in
   logmath units of base 1.0001 (multiply by ln(1.0001) for natural logs).

2. Converts to natural logs, optionally prunes trigrams whose probability is within
   ``--prune`` nats of what the backoff path would give anyway, re-quantises bigram
   probabilities, bigram backoffs and trigram probabilities to 8 bits each (256-entry
   codebooks: equal-population bins with mean centres, as pocketsphinx does with 16 bits,
   refined by a few 1-D k-means iterations), and
   writes:

       lexicons/lm/vocab.txt   one word per line; line number = word id
       lexicons/lm/meta.json   counts, array layout, codebooks, provenance
       lexicons/lm/model.bin   zlib-compressed concatenation of little-endian arrays, each
                               stored as byte planes (all byte 0s, then all byte 1s, ...):
           uni_p  f[V]     natural-log unigram probability
           uni_b  f[V]     natural-log unigram backoff
           bi_off I[V+1]   bigrams are grouped by their LAST word w: rows bi_off[w]:bi_off[w+1]
           bi_key I[NB]    (h1 << 8) | prob code, sorted by h1 inside a group
           bi_bo  B[NB]    backoff code of context "h1 w"
           tri_off I[V+1]  trigrams grouped by their last word w
           tri_key I[NT]   (bigram row of "h2 h1" << 8) | prob code, sorted inside a group

Usage:  python scripts/build_lm.py [--prune 0.0] [--out lexicons/lm] [--verify 20000]
        python scripts/build_lm.py --eval [--out lexicons/lm]   # seed accuracy vs alternatives
"""
from __future__ import annotations

import argparse
import json
import math
import os
import struct
import sys
import time
import zlib
from pathlib import Path

import numpy as np

LN_BASE = math.log(1.0001)
HEADER = b"Trie Language Model"
ROOT = Path(__file__).resolve().parent.parent


def model_path() -> Path:
    import pocketsphinx

    return Path(pocketsphinx.__file__).parent / "model" / "en-us" / "en-us.lm.bin"


def _required_bits(max_value: int) -> int:
    return 0 if max_value == 0 else int(max_value).bit_length()


def _read_bits(buf: np.ndarray, bitoffs: np.ndarray, length: int) -> np.ndarray:
    """Vectorised bitarr_read_int25/57: little-endian bit fields at arbitrary bit offsets."""
    byte = bitoffs >> 3
    val = np.zeros(len(byte), dtype=np.uint64)
    for i in range(8):
        val |= buf[byte + i].astype(np.uint64) << np.uint64(8 * i)
    return (val >> (bitoffs & 7).astype(np.uint64)) & np.uint64((1 << length) - 1)


def parse_trie(path: Path) -> dict:
    data = path.read_bytes()
    if not data.startswith(HEADER):
        raise ValueError(f"{path}: not a pocketsphinx trie LM")
    off = len(HEADER)
    order = data[off]
    off += 1
    if order != 3:
        raise ValueError(f"expected a 3-gram model, got order {order}")
    counts = struct.unpack_from("<3I", data, off)
    off += 12
    off += 4  # dummy int
    nvalues = (order - 2) * 2 * 65536 + 65536
    quant = np.frombuffer(data, dtype="<f4", count=nvalues, offset=off).astype(np.float64)
    off += 4 * nvalues
    mid_prob, mid_bo, long_prob = quant[:65536], quant[65536:131072], quant[131072:]
    n1 = counts[0]
    ug = np.frombuffer(
        data, dtype=np.dtype([("prob", "<f4"), ("bo", "<f4"), ("next", "<u4")]), count=n1 + 1, offset=off
    )
    off += 12 * (n1 + 1)
    word_bits = _required_bits(n1)
    ptr_bits = _required_bits(counts[2])
    mid_total = word_bits + 32 + ptr_bits
    long_total = word_bits + 16

    def base_size(entries: int, total: int) -> int:
        return ((1 + entries) * total + 7) // 8 + 8

    msize, lsize = base_size(counts[1], mid_total), base_size(counts[2], long_total)
    mid = np.frombuffer(data, dtype=np.uint8, count=msize, offset=off)
    off += msize
    lng = np.frombuffer(data, dtype=np.uint8, count=lsize, offset=off)
    off += lsize
    (k,) = struct.unpack_from("<I", data, off)
    off += 4
    words = [w.decode("utf-8") for w in data[off : off + k].split(b"\0")[:-1]]
    off += k
    if off != len(data) or len(words) != n1:
        raise ValueError("trie LM layout mismatch")

    unext = ug["next"].astype(np.int64)
    nb = int(unext[-1])  # the header may over-count; the unigram sentinel is authoritative
    rows = np.arange(nb + 1, dtype=np.int64) * mid_total
    m_word = _read_bits(mid, rows, word_bits).astype(np.int64)
    m_bo = _read_bits(mid, rows + word_bits, 16).astype(np.int64)
    m_pr = _read_bits(mid, rows + word_bits + 16, 16).astype(np.int64)
    m_next = _read_bits(mid, rows + word_bits + 32, ptr_bits).astype(np.int64)
    nt = int(m_next[nb])
    trows = np.arange(nt, dtype=np.int64) * long_total
    l_word = _read_bits(lng, trows, word_bits).astype(np.int64)
    l_pr = _read_bits(lng, trows + word_bits, 16).astype(np.int64)
    bi_parent = np.searchsorted(unext, np.arange(nb), side="right") - 1
    tri_parent = np.searchsorted(m_next, np.arange(nt), side="right") - 1
    return {
        "words": words,
        "uni_p": ug["prob"][:n1].astype(np.float64) * LN_BASE,
        "uni_b": ug["bo"][:n1].astype(np.float64) * LN_BASE,
        # bigram "h1 w"
        "bi_w": bi_parent,
        "bi_h1": m_word[:nb],
        "bi_p": mid_prob[m_pr[:nb]] * LN_BASE,
        "bi_b": mid_bo[m_bo[:nb]] * LN_BASE,
        # trigram "h2 h1 w"
        "tri_w": bi_parent[tri_parent],
        "tri_h1": m_word[tri_parent],
        "tri_h2": l_word,
        "tri_p": long_prob[l_pr] * LN_BASE,
    }


def _shuffle(b: bytes, size: int) -> bytes:
    return b if size == 1 else b"".join(b[k::size] for k in range(size))


def codebook(values: np.ndarray, bins: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """Equal-population bins with mean centres; returns (centres float32, codes uint8)."""
    order = np.argsort(values, kind="stable")
    sv = values[order]
    n = len(sv)
    edges = (np.arange(bins + 1) * n) // bins
    centres = np.empty(bins)
    for i in range(bins):
        seg = sv[edges[i] : edges[i + 1]]
        centres[i] = seg.mean() if len(seg) else (centres[i - 1] if i else sv[0])
    # a few Lloyd (1-D k-means) iterations: keeps the dense middle precise and pulls
    # centres into the sparse tails, which equal-population bins cover badly
    centres = np.unique(np.concatenate([centres, np.linspace(sv[0], sv[-1], 16)]))
    for _ in range(30):
        mids = (centres[1:] + centres[:-1]) / 2
        lab = np.searchsorted(mids, sv)
        sums = np.bincount(lab, weights=sv, minlength=len(centres))
        cnt = np.bincount(lab, minlength=len(centres))
        centres = np.unique(np.where(cnt > 0, sums / np.maximum(cnt, 1), centres))
        if len(centres) > bins:
            centres = centres[np.linspace(0, len(centres) - 1, bins).round().astype(int)]
    centres = np.unique(centres.astype(np.float32))
    assert len(centres) <= bins
    # nearest centre
    idx = np.searchsorted(centres, values)
    idx = np.clip(idx, 1, len(centres) - 1)
    left, right = centres[idx - 1], centres[idx]
    codes = np.where(np.abs(values - left) <= np.abs(values - right), idx - 1, idx)
    return centres.astype(np.float32), codes.astype(np.uint8)


def build(args: argparse.Namespace) -> None:
    t0 = time.time()
    src = model_path()
    m = parse_trie(src)
    V = len(m["words"])
    print(f"parsed {src} in {time.time() - t0:.1f}s: V={V} bigrams={len(m['bi_w'])} trigrams={len(m['tri_w'])}")

    # bigrams grouped by last word w, then h1 (lexsort: last key is primary)
    bo_ord = np.lexsort((m["bi_h1"], m["bi_w"]))
    bi_w, bi_h1 = m["bi_w"][bo_ord], m["bi_h1"][bo_ord]
    bi_p, bi_b = m["bi_p"][bo_ord], m["bi_b"][bo_ord]
    NB = len(bi_w)
    bi_key64 = bi_w * V + bi_h1  # sorted
    assert np.all(np.diff(bi_key64) > 0)

    # trigram "h2 h1 w": context row = row of bigram "h2 h1" (grouped under h1, keyed by h2)
    ctx_key = m["tri_h1"] * V + m["tri_h2"]
    ctx_row = np.searchsorted(bi_key64, ctx_key)
    assert np.all(bi_key64[ctx_row] == ctx_key), "trigram context bigram missing"
    tri_w, tri_p = m["tri_w"], m["tri_p"]
    n_tri_all = len(tri_w)
    pruned = 0
    if args.prune > 0:
        # what backoff would give: bo("h2 h1") + logP(w | h1)
        bkey = tri_w * V + m["tri_h1"]
        brow = np.searchsorted(bi_key64, bkey)
        brow_c = np.minimum(brow, NB - 1)
        has_bi = bi_key64[brow_c] == bkey
        p_bi = np.where(has_bi, bi_p[brow_c], m["uni_b"][m["tri_h1"]] + m["uni_p"][tri_w])
        est = bi_b[ctx_row] + p_bi
        keep = np.abs(tri_p - est) >= args.prune
        pruned = int((~keep).sum())
        tri_w, tri_p, ctx_row = tri_w[keep], tri_p[keep], ctx_row[keep]
        print(f"pruned {pruned} of {n_tri_all} trigrams (|logP - backoff estimate| < {args.prune} nats)")
    t_ord = np.lexsort((ctx_row, tri_w))
    tri_w, tri_p, ctx_row = tri_w[t_ord], tri_p[t_ord], ctx_row[t_ord]
    NT = len(tri_w)
    assert ctx_row.max() < (1 << 24)

    cb_bi_p, c_bi_p = codebook(bi_p)
    cb_bi_b, c_bi_b = codebook(bi_b)
    cb_tri_p, c_tri_p = codebook(tri_p)
    for name, cb, codes, vals in (
        ("bigram prob", cb_bi_p, c_bi_p, bi_p),
        ("bigram backoff", cb_bi_b, c_bi_b, bi_b),
        ("trigram prob", cb_tri_p, c_tri_p, tri_p),
    ):
        err = np.abs(cb[codes] - vals)
        print(f"8-bit {name}: mean abs error {err.mean():.4f} nats, max {err.max():.4f}")

    bi_off = np.searchsorted(bi_w, np.arange(V + 1)).astype("<u4")
    tri_off = np.searchsorted(tri_w, np.arange(V + 1)).astype("<u4")
    arrays = [
        ("uni_p", "f", m["uni_p"].astype("<f4")),
        ("uni_b", "f", m["uni_b"].astype("<f4")),
        ("bi_off", "I", bi_off),
        ("bi_key", "I", ((bi_h1 << 8) | c_bi_p).astype("<u4")),
        ("bi_bo", "B", c_bi_b.astype("u1")),
        ("tri_off", "I", tri_off),
        ("tri_key", "I", ((ctx_row << 8) | c_tri_p).astype("<u4")),
    ]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # byte-plane shuffle (all first bytes, then all second bytes, ...) before zlib: sorted
    # integer keys compress ~25% better that way, and un-shuffling is a C-speed slice copy.
    blob = b"".join(_shuffle(a.tobytes(), a.itemsize) for _, _, a in arrays)
    comp = zlib.compress(blob, 9)
    (out / "model.bin").write_bytes(comp)
    words = m["words"]
    assert all("\n" not in w and w == w.strip() for w in words)
    (out / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    meta = {
        "format": 2,
        "source": "CMU Sphinx US English generic 3-gram LM (pocketsphinx en-us.lm.bin)",
        "source_file_bytes": src.stat().st_size,
        "licence": "BSD-2-Clause (Carnegie Mellon University)",
        "log_base": "e",
        "vocab": V,
        "bigrams": NB,
        "trigrams": NT,
        "trigrams_in_source": n_tri_all,
        "trigrams_pruned": pruned,
        "prune_nats": args.prune,
        "arrays": [[name, code, int(len(a))] for name, code, a in arrays],
        "byteorder": "little",
        "byte_planes": True,
        "codebooks": {
            "bi_p": [float(x) for x in cb_bi_p],
            "bi_b": [float(x) for x in cb_bi_b],
            "tri_p": [float(x) for x in cb_tri_p],
        },
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {out}: model.bin {len(comp)/1e6:.2f} MB (raw {len(blob)/1e6:.2f} MB), "
          f"vocab.txt {(out / 'vocab.txt').stat().st_size/1e6:.2f} MB in {time.time() - t0:.1f}s")
    if args.verify:
        verify(args.verify, out)


def verify(n: int, out: Path) -> None:
    """Compare the shipped model against pocketsphinx's own scorer on random queries."""
    import random

    import pocketsphinx as ps

    sys.path.insert(0, str(ROOT))
    from restore.lm import LanguageModel

    ref = ps.NGramModel.readfile(str(model_path()))
    lm = LanguageModel(out)
    words = lm.words
    rng = random.Random(0)
    corpus = (ROOT / "seeds" / "seed-000.txt").read_text(encoding="utf-8").lower().split()
    diffs = []
    for i in range(n):
        if i % 2:
            w, h1, h2 = (rng.choice(words[3:]) for _ in range(3))
        else:
            j = rng.randrange(2, len(corpus))
            w, h1, h2 = corpus[j], corpus[j - 1], corpus[j - 2]
            if not all(lm.known(x) for x in (w, h1, h2)):
                continue
        a = ref.prob([w, h1, h2]) * LN_BASE
        b = lm.logprob(w, (h2, h1))
        diffs.append(abs(a - b))
    diffs.sort()
    print(f"verify: {len(diffs)} queries, |diff| mean {sum(diffs)/len(diffs):.4f} nats, "
          f"p99 {diffs[int(len(diffs)*0.99)]:.4f}, max {diffs[-1]:.4f}")


# ---------------------------------------------------------------------------- evaluation
class _PocketsphinxScorer:
    """The full CMU model through pocketsphinx's own API (reference; build-time only)."""

    def __init__(self) -> None:
        import pocketsphinx as ps

        self.ref = ps.NGramModel.readfile(str(model_path()))
        self.cache: dict = {}

    def logprob(self, w: str, hist: tuple[str, ...]) -> float:
        from restore.lm import FLOOR

        key = (w,) + tuple(hist[-2:])
        v = self.cache.get(key)
        if v is None:
            v = max(FLOOR, self.ref.prob([w] + list(reversed(hist[-2:]))) * LN_BASE)
            self.cache[key] = v
        return v


class _GoogleBigramScorer:
    """symspellpy's Google-Books bigram/unigram counts with stupid backoff (alpha 0.4)."""

    def __init__(self) -> None:
        import symspellpy

        d = Path(symspellpy.__file__).parent
        self.uni: dict[str, int] = {}
        for line in (d / "frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8").splitlines():
            w, c = line.split()
            self.uni[w] = int(c)
        self.bi: dict[tuple[str, str], int] = {}
        for line in (d / "frequency_bigramdictionary_en_243_342.txt").read_text(encoding="utf-8").splitlines():
            a, b, c = line.split()
            self.bi[(a, b)] = int(c)
        self.total = sum(self.uni.values())

    def logprob(self, w: str, hist: tuple[str, ...]) -> float:
        from restore.lm import FLOOR

        cw = self.uni.get(w)
        if not cw:
            return FLOOR
        if hist and hist[-1] in self.uni:
            c = self.bi.get((hist[-1], w))
            if c:
                return math.log(c / self.uni[hist[-1]])
            return math.log(0.4) + math.log(cw / self.total)
        return math.log(cw / self.total)


def _window_score(scorer, toks: list[str], start: int, end: int) -> float:
    total = 0.0
    for i in range(start, min(len(toks), end + 2)):
        if toks[i] == "<s>":
            continue
        total += scorer.logprob(toks[i], tuple(toks[max(0, i - 2) : i]))
    return total


def seed_pairs(seed: Path, lm, sentence_marks: bool = True):
    """(orig_tokens, o_start, o_end, spun_tokens, s_start, s_end, mark) for each non-optional mark.

    The other marks keep their spun form (the document as the engine sees it)."""
    from restore import gold, tokens as tk

    doc = gold.parse(seed.read_text(encoding="utf-8"))

    def toks_for(text: str, a: int, b: int):
        out: list[str] = []
        i0 = i1 = None
        for t in tk.tokenize(text):
            if sentence_marks and t.sentence_start:
                out.append("<s>")
            if i0 is None and t.start >= a:
                i0 = len(out)
            if t.start < b:
                i1 = len(out) + 1
            out.append(lm.normalise(t.key))
        return out, i0, max(i1 or i0, i0)

    for m in doc.marks:
        if m.optional:
            continue
        orig = m.alternatives[0]
        text_o = doc.spun[: m.start] + orig + doc.spun[m.end :]
        to, a0, a1 = toks_for(text_o, m.start, m.start + len(orig))
        ts, b0, b1 = toks_for(doc.spun, m.start, m.end)
        yield to, a0, a1, ts, b0, b1, m


def evaluate(out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from restore.lm import LanguageModel

    lm = LanguageModel(out)
    scorers = {
        "shipped (this build)": lm,
        "CMU full via pocketsphinx": _PocketsphinxScorer(),
        "Google-Books bigrams, stupid backoff": _GoogleBigramScorer(),
    }
    seed = ROOT / "seeds" / "seed-000.txt"
    for sent in (True, False):
        pairs = list(seed_pairs(seed, lm, sent))
        for name, sc in scorers.items():
            wins, losses = 0, []
            for to, a0, a1, ts, b0, b1, m in pairs:
                so, ss = _window_score(sc, to, a0, a1), _window_score(sc, ts, b0, b1)
                if so > ss:
                    wins += 1
                else:
                    losses.append(f"{m.spun}=>{m.alternatives[0]} ({so - ss:+.2f})")
            print(f"seed-000, <s> marks={sent}: {name}: {wins}/{len(pairs)} "
                  f"({100 * wins / len(pairs):.1f}%) original scored above spun")
            if name.startswith("shipped") and sent:
                print("   losses:", "; ".join(losses))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "lexicons" / "lm"))
    ap.add_argument("--prune", type=float, default=0.0, help="drop trigrams within this many nats of backoff")
    ap.add_argument("--verify", type=int, default=0, help="compare N random queries with pocketsphinx")
    ap.add_argument("--eval", action="store_true", help="only evaluate the model in --out on seeds/")
    args = ap.parse_args()
    if args.eval:
        evaluate(Path(args.out))
    else:
        build(args)


if __name__ == "__main__":
    main()
