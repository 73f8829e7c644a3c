#!/usr/bin/env python3
"""Damaged variants of well-known names: lexicons/tables/spinner_entities.tsv.

Run by scripts/build_lexicons.py after spinner.tsv is written; can also be run alone
(a couple of seconds; reads only repository files and restore's language model):

    python scripts/entity_variants.py

Inputs:
  lexicons/source/entity_names.txt   curated names ("National Transportation Safety Board")
  lexicons/tables/spinner.tsv        the spinner's own pairs, inverted into original -> spun
  lexicons/curated/*.toml            curated stand-ins, aligned word by word into more pairs
                                     ("Supreme Courtroom" => "Supreme Court": court -> courtroom)
  lexicons/lm/                       restore's language model (filter, see below)

For each name, every variant in which at least one ordinary word is replaced by one of
the spinner's likeliest spun forms of that word (top FORMS_PER_WORD per word), spun words
capitalised as in the name ("Nationwide Transportation Security Board"). Variants are
ranked by how likely the spinner is to write them and capped per name. Left out:
  * variants that are a name of the list or an original of a curated entry (another
    real name), or the spun form of a curated entry (the entry, with its context rules,
    decides there), or that a curated `fix` example leaves partly as it is (gold);
  * variants that read as ordinary phrases: every pair of neighbouring content words with
    a spun one among them is a bigram the language model lists with some weight ("Air
    Pressure" for Air Force, "British Military" for British Army); and "brand new" for
    "New" before a common word ("Brand New Deal"; "Brand new York" stays).
A spun form written with capitals matches only text capitalised the same way (see
restore/lexicon.py), so "White Residence" is restored in a spun document and "a white
residence" is not. Like every spinner table, the rows fire only in documents judged spun.
"""
from __future__ import annotations

import glob
import itertools
import math
import os
import re
import sys
import tomllib
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from spinner_model import STOP_WORDS, lemmas_of, read_table, write_table  # noqa: E402

TABLE_NAME = "spinner_entities"
WEIGHT = 0.95              # P(name | variant), shared out when several names give one variant
FORMS_PER_WORD = 3         # spun forms kept per original word
MAX_VARIANTS = 200         # variants kept per name, the likeliest first
KEEP_P = 0.4               # P(a word the spinner could replace is left alone), for ranking only
CURATED_SCORE = 1.0        # a pair seen in a curated stand-in outranks table pairs (<= 0.95)
# Language-model filter: a variant is an ordinary phrase when every word pair that involves
# a replaced word is a bigram of the model with log P(second | first) >= COLLOCATION_LP.
COLLOCATION_LP = -6.5


def read_names(path: str) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            name = " ".join(line.split())
            if name.lower() not in seen:
                seen.add(name.lower())
                names.append(name)
    return names


def read_pairs(path: str) -> list[tuple[str, str, float]]:
    """(spun, original, weight) rows of a spun/original table."""
    _, rows = read_table(path)
    return [(r[0], r[1], float(r[2]) if len(r) > 2 else 1.0) for r in rows]


def curated_entries(root: str) -> list[dict]:
    out = []
    for fn in sorted(glob.glob(os.path.join(root, "lexicons", "curated", "*.toml"))):
        with open(fn, "rb") as fh:
            doc = tomllib.load(fh)
        name = doc.get("lexicon", {}).get("name", "")
        for e in doc.get("entry", []):
            if isinstance(e, dict):
                out.append(dict(e, _lexicon=name))
    return out


def align_words(spun: str, original: str) -> list[tuple[str, str]]:
    """Word pairs (original word, spun words) of a curated stand-in: the common head and
    tail words are dropped; what is left pairs word by word when both sides are equally
    long, or as one word for a phrase ("Bank" -> "Financial institution"). A word left on
    both sides means the two do not line up (a word dropped or moved): no pairs then."""
    s, o = spun.split(), original.split()
    while s and o and s[0].lower() == o[0].lower():
        s, o = s[1:], o[1:]
    while s and o and s[-1].lower() == o[-1].lower():
        s, o = s[:-1], o[:-1]
    if not s or not o or {w.lower() for w in s} & {w.lower() for w in o}:
        return []
    if len(s) == len(o):
        return list(zip(o, s))
    if len(o) == 1:
        return [(o[0], " ".join(s))]
    return []


def stand_ins(entry: dict) -> list[tuple[str, str]]:
    """(spun form, the original it is aligned with) for each form of a curated entry: its
    first original, or in a paired entry its n-th ("European House Telescope" is not a
    variant of "European Space Agency")."""
    spun_forms, originals = entry.get("spun") or [], entry.get("originals") or []
    if not originals:
        return []
    paired = bool(entry.get("paired")) and len(spun_forms) == len(originals)
    return [(spun, originals[j] if paired else originals[0]) for j, spun in enumerate(spun_forms)]


def forward_forms(spinner_rows, entries) -> dict[str, list[tuple[str, float]]]:
    """original word -> [(spun form, score)], best first, at most FORMS_PER_WORD."""
    score: dict[str, dict[str, float]] = defaultdict(dict)
    known = {spun for spun, _, _ in spinner_rows}
    for spun, orig, w in spinner_rows:
        if usable(orig, spun):
            score[orig][spun] = max(score[orig].get(spun, 0.0), w)
    seen: dict[tuple[str, str], int] = defaultdict(int)
    for e in entries:
        for spun, original in stand_ins(e):
            if e["_lexicon"] != "entities" and (" " in spun or " " in original):
                continue  # other stand-ins are phrases of their own ("press briefing convention")
            for o, s in align_words(spun, original):
                if " " in s and s.lower() not in known:
                    continue  # one word against a phrase may be misaligned ("Night time Stay")
                if usable(o.lower(), s.lower()):
                    seen[(o.lower(), s.lower())] += 1
    for (o, s), n in seen.items():
        score[o][s] = max(score[o].get(s, 0.0), CURATED_SCORE + 0.01 * min(n, 10))
    out = {}
    for o, d in score.items():
        ranked = sorted(d.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))
        # "well beings" beside "well being" for health: an inflection artefact
        ranked = [(s, w) for s, w in ranked
                  if o.endswith("s") or not (s.endswith("s") and s[:-1] in d)]
        out[o] = ranked[:FORMS_PER_WORD]
    return out


def usable(orig: str, spun: str) -> bool:
    """A pair for a word of a name: one ordinary content word (function words are left
    to the curated entries) replaced by plain words ("well being", not "of" or "to"), and
    not by a verb's phrase that ends on "to" ("giving a boost to" for supporting is no
    word of "Best Supporting Actor")."""
    words = spun.split()
    return (orig.isalpha() and orig not in STOP_WORDS and spun != orig
            and all(w.isalpha() for w in words) and not (len(words) == 1 and spun in STOP_WORDS)
            and not (len(words) > 1 and words[-1] == "to")
            and not any(w != orig and w.startswith(orig) for w in words))  # "highschool"


def cap_like(word: str, form: str) -> str:
    """A spun form written the way the name writes the word it replaces: "Nationwide",
    "Financial institution" (a spinner capitalises the first word of its phrase only)."""
    if word[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def variants(name: str, forms: dict[str, list[tuple[str, float]]]) -> list[tuple]:
    """(variant, score, its words, which of them are spun, which word of the name each
    stands for) of one name, likeliest first, at most MAX_VARIANTS."""
    words = name.split(" ")
    slots = []
    for i, w in enumerate(words):
        opts = forms.get(w.lower()) if w.isalpha() and len(w) > 1 else None
        after = words[i + 1] if i + 1 < len(words) else ""
        # A spun form that keeps the word and puts another before it ("brand new" for new)
        # makes an ordinary phrase with a common word after it ("Brand New Deal"); before
        # a name ("Brand New York") it does not.
        opts = [(s, x) for s, x in opts or ()
                if s.split()[-1] != w.lower() or (after.isalpha() and not lemmas_of(after.lower()))]
        if opts:
            total = sum(x for _, x in opts)
            slots.append([(w, KEEP_P)] + [(cap_like(w, s), (1 - KEEP_P) * x / total) for s, x in opts])
        else:
            slots.append([(w, 1.0)])
    n = math.prod(len(s) for s in slots)
    if n <= 1:
        return []
    if n > 50000:  # very long names: the two likeliest forms per word suffice
        slots = [s[:3] for s in slots]
    out = []
    for combo in itertools.product(*slots):
        if all(c[0] == w for c, w in zip(combo, words)):
            continue
        vwords: list[str] = []
        slot: list[int] = []  # which word of the name each word of the variant stands for
        changed: list[bool] = []
        for k, (c, w) in enumerate(zip(combo, words)):
            parts = c[0].split(" ")
            vwords.extend(parts)
            slot.extend([k] * len(parts))
            # the name's own word inside a spun phrase ("new" of "Brand new") is no change
            changed.extend([c[0] != w and p.lower() != w.lower() for p in parts])
        out.append((" ".join(vwords), math.prod(c[1] for c in combo), vwords, changed, slot))
    out.sort(key=lambda x: (-x[1], x[0]))
    return out[:MAX_VARIANTS]


class PhraseFilter:
    """Whether a variant reads as an ordinary phrase (or as another name) according to
    restore's language model: every word pair that involves a replaced word is a bigram
    the model lists, and not an unlikely one ("Air Pressure" for Air Force, "Korean
    Conflict" for Korean War, "Boston College" for Boston University)."""

    def __init__(self, root: str = ROOT):
        sys.path.insert(0, ROOT)
        from restore.lm import LanguageModel
        self.lm = LanguageModel(os.path.join(root, "lexicons", "lm"))

    def _word(self, w: str) -> str:
        return self.lm.normalise(w.lower())

    def bigram(self, a: str, b: str) -> float | None:
        """log P(b | a) when the model lists the bigram "a b", else None (a backoff)."""
        return self.lm.listed_bigram(self._word(a), self._word(b))

    def ordinary(self, words: list[str], changed: list[bool], slot: list[int]) -> bool:
        """Pairs of content words from two words of the name, at least one of them spun:
        the words of one spun phrase ("Brand new") and function words ("Division of")
        hold together in any text and prove nothing."""
        pairs = [(words[i], words[i + 1]) for i in range(len(words) - 1)
                 if (changed[i] or changed[i + 1]) and slot[i] != slot[i + 1]
                 and words[i].lower() not in STOP_WORDS and words[i + 1].lower() not in STOP_WORDS]
        if not pairs:
            return False
        for a, b in pairs:
            lp = self.bigram(a, b)
            if lp is None or lp < COLLOCATION_LP:
                return False
        return True


_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


def contradicted(entries, by_variant: dict[str, dict[str, tuple[str, float]]]) -> set[str]:
    """Variants whose restoration would contradict a curated ``fix`` example: the example
    holds the variant, and putting the name in its place (the example's marks elsewhere
    restored) does not give the example's original, because its author left part of the
    name as it is ("Figures from the [[Workplace=>Office]] for Nationwide Statistics").
    The curated examples are gold; the table gives way until they are changed."""
    sys.path.insert(0, ROOT)
    from restore import gold
    longest = max((v.count(" ") + 1 for v in by_variant), default=0)
    out = set()
    for e in entries:
        for example in e.get("fix") or []:
            doc = gold.parse(example)
            words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(doc.spun)]
            for i in range(len(words)):
                for k in range(2, min(longest, len(words) - i) + 1):
                    phrase = " ".join(w for _, _, w in words[i:i + k])
                    if phrase not in by_variant:
                        continue
                    start, end = words[i][0], words[i + k - 1][1]
                    inside = [m for m in doc.marks if m.start < end and start < m.end]
                    if any(m.start < start or m.end > end for m in inside):
                        continue  # part of a longer marked stretch: no contradiction
                    name = max(by_variant[phrase].items(), key=lambda kv: kv[1][1])[0]
                    edits = sorted([(m.start, m.end, m.alternatives[0]) for m in doc.marks if m not in inside]
                                   + [(start, end, name)])
                    pieces, pos = [], 0
                    for a, b, new in edits:
                        pieces += [doc.spun[pos:a], new]
                        pos = b
                    pieces.append(doc.spun[pos:])
                    if gold._norm("".join(pieces)) != gold._norm(doc.original):
                        out.add(phrase)
    return out


def build(root: str = ROOT, verbose: bool = True) -> dict:
    names_path = os.path.join(root, "lexicons", "source", "entity_names.txt")
    out_path = os.path.join(root, "lexicons", "tables", TABLE_NAME + ".tsv")
    names = read_names(names_path)
    entries = curated_entries(root)
    forms = forward_forms(read_pairs(os.path.join(root, "lexicons", "tables", "spinner.tsv")), entries)
    real = {n.lower() for n in names}
    curated_spun = set()
    for e in entries:
        real.update(o.lower() for o in e.get("originals") or [] if o[:1].isupper())
        curated_spun.update(s.lower() for s in e.get("spun") or [])
    flt = PhraseFilter(root)
    by_variant: dict[str, dict[str, tuple[str, float]]] = defaultdict(dict)
    stats = defaultdict(int)
    for name in names:
        vs = variants(name, forms)
        stats["names with variants"] += bool(vs)
        for v, sc, vwords, changed, slot in vs:
            key = v.lower()
            if key in real:
                stats["dropped: another name"] += 1
            elif key in curated_spun:
                stats["dropped: a curated stand-in"] += 1
            elif flt.ordinary(vwords, changed, slot):
                stats["dropped: ordinary phrase"] += 1
            else:
                have = by_variant[key].get(name)
                if have is None or sc > have[1]:
                    by_variant[key][name] = (v, sc)
    for key in contradicted(entries, by_variant):
        stats["dropped: contradicts a curated example"] += len(by_variant.pop(key))
    rows = []
    for key in sorted(by_variant):
        cands = by_variant[key]
        form = min(v for v, _ in cands.values())
        total = sum(sc for _, sc in cands.values())
        ranked = sorted(cands.items(), key=lambda kv: (-kv[1][1], kv[0]))
        for name, (_v, sc) in ranked:
            w = math.floor(WEIGHT * sc / total * 10000 + 1e-6) / 10000
            rows.append((form, name, max(w, 0.0001), "entity_names"))
    n = write_table(
        out_path, TABLE_NAME,
        "generated by scripts/entity_variants.py from lexicons/source/entity_names.txt (names "
        "listed by the restore developers) with the spinner's own pairs (lexicons/tables/spinner.tsv, "
        "inverted) and the word pairs of the curated stand-ins (lexicons/curated/*.toml); ordinary "
        "phrases filtered with restore's language model (CMU Sphinx US English 3-gram, BSD-2-Clause)",
        "CC0-1.0",
        ["spun", "original", "weight", "source"], rows,
        [f"every variant of a name with at least one word replaced by one of its top {FORMS_PER_WORD} "
         f"spun forms, at most {MAX_VARIANTS} per name; spun forms keep the name's capitals and match "
         "only text capitalised the same way; weight: P(name | variant), shared when several names "
         "give one variant"])
    stats["names"] = len(names)
    stats["spinner_entities.tsv rows"] = n
    stats["spinner_entities.tsv bytes"] = os.path.getsize(out_path)
    if verbose:
        for k, v in stats.items():
            print(f"{k}: {v}")
    return dict(stats)


if __name__ == "__main__":
    build(verbose=True)
