"""Composition: find tortured phrases that nobody has listed yet.

Many tortured phrases are word-for-word swaps of an established term ("profound learning"
for deep learning). At build time ``scripts/build_tortured.py`` ships, under
``lexicons/tortured/compose/``:

* word-level inverse maps, tortured word -> original word: aligned from the screener's
  list (``words-pps.tsv``: profound->deep, counterfeit->artificial, woodland->forest ...)
  and from the thesaurus table (``words-thesaurus.tsv``, weaker);
* a dictionary of established technical terms: the list's expected phrases
  (``terms-pps.txt``) and WordNet's multiword nouns (``terms-wordnet.txt``).

At run time every 2-3 word window of the text that is not already a listed phrase is
rewritten word by word with the inverse candidates. If a rewrite is an established term
(singular and plural alike; the rewrite with the fewest swaps wins) while the window is
not (and the window is not a legitimate use, nor a natural phrase by the language
model), the window is proposed as a composed tortured phrase. Each proposal
carries its own confidence (see :func:`score_candidate`), lower than for listed phrases.

The finder registers itself in :data:`restore.engine.FINDERS` when this module is
imported.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Iterable

from ._data import data_dir
from .lexicon import Entry, Pattern
from .matcher import Match
from .tokens import Token, phrase_key, tokenize

COMPOSED_LEXICON = "composed-tortured"
# Paraphrasing tools hyphenate freely and keep possessives ("k-implies", "lyme's malady").
_POSSESSIVE_RE = re.compile(r"'s\b")
#: Proposals below this confidence of their own are not emitted.
MIN_CONFIDENCE = 0.6
_MAX_WINDOW = 3
_STOP = frozenset("""a an the of in on at to for by with from and or as is are was were be been this that
these those it its we our their his her they he she which who whom whose than then there here not no
""".split())


def phrase_norm(text: str) -> str:
    """Matching key of a phrase: lowercase word tokens joined by single spaces."""
    return " ".join(t.key for t in tokenize(text))


def number_fold(phrase: str) -> str:
    """A key that is the same for singular and plural ("neural networks" = "neural
    network"): a final -s dropped from each word (not -ss)."""
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in phrase.split())


def load_legitimate(path: Path) -> dict[str, str]:
    """``phrase<TAB>reason`` lines (``#`` comments) -> {phrase key: reason}."""
    out: dict[str, str] = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrase, _, reason = line.partition("\t")
        key = phrase_norm(phrase)
        if key:
            out[key] = reason.strip() or "legitimate use"
    return out


@lru_cache(maxsize=1)
def legitimate() -> dict[str, str]:
    """The shipped list of legitimate uses that must never be flagged."""
    return load_legitimate(data_dir() / "tortured" / "legitimate.txt")


def align_pairs(pairs: Iterable[tuple[str, str]]) -> Counter:
    """Word-level inverse map from aligned (tortured, original) phrase pairs of equal length:
    Counter{(tortured word, original word): number of pairs}."""
    counts: Counter = Counter()
    for tortured, original in pairs:
        a = phrase_norm(tortured).split()
        b = phrase_norm(original).split()
        if len(a) != len(b) or not a:
            continue
        diffs = [(x, y) for x, y in zip(a, b) if x != y]
        if not diffs or len(diffs) > 3:
            continue
        for x, y in diffs:
            if x in _STOP or y in _STOP:
                continue
            counts[(x, y)] += 1
    return counts


def generalise(counts: Counter) -> Counter:
    """Carry word swaps over to the other inflections of the same lemmas, with the shipped
    inflection table: organizations->networks gives organization->network. The added
    swaps keep the count of the pair they come from (an observed pair keeps its own)."""
    from .lexicon import _inflection_table

    table = _inflection_table()
    if not table:
        return Counter(counts)
    by_form: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    wanted = {w for pair in counts for w in pair}
    for (lemma, pos), forms in table.items():
        for tag, form in forms.items():
            if form in wanted:
                by_form[form].append((lemma, pos, tag))
        if lemma in wanted:
            by_form[lemma].append((lemma, pos, "LEMMA"))
    out = Counter(counts)
    for (a, b), c in counts.items():
        for la, pa, ta in by_form.get(a, ()):
            for lb, pb, tb in by_form.get(b, ()):
                if pa != pb or ta != tb:
                    continue
                fa, fb = table.get((la, pa), {}), table.get((lb, pb), {})
                pairs = [(la, lb)] + [(fa[t], fb[t]) for t in fa if t in fb]
                for x, y in pairs:
                    if x != y and (x, y) not in counts:
                        out[(x, y)] = max(out[(x, y)], c)
    return out


@dataclass
class ComposeData:
    """Inverse word maps and the term dictionary."""

    listed: dict[str, dict[str, int]] = field(default_factory=dict)   # tortured word -> {original: count}
    thesaurus: dict[str, dict[str, float]] = field(default_factory=dict)
    terms: dict[str, str] = field(default_factory=dict)               # term -> source ("pps"/"wordnet")
    legit: dict[str, str] = field(default_factory=dict)
    excluded: set[str] = field(default_factory=set)                   # phrases handled elsewhere
    _folded: dict[str, str] | None = field(default=None, repr=False)  # number_fold(term) -> source

    def purity(self, word: str, orig: str) -> float:
        """Share of the list's swaps of ``word`` that go to ``orig`` (1.0: always this one)."""
        row = self.listed.get(word)
        if not row or orig not in row:
            return 0.0
        return row[orig] / sum(row.values())

    def term_source(self, term: str) -> str | None:
        """Where a term comes from ("pps", "wordnet"), singular and plural alike ("neural
        networks" is known when "neural network" is); None when it is no known term."""
        src = self.terms.get(term)
        if src is None:
            if self._folded is None:
                folded: dict[str, str] = {}
                for t, s in self.terms.items():
                    if folded.get(number_fold(t)) != "pps":
                        folded[number_fold(t)] = s
                self._folded = folded
            src = self._folded.get(number_fold(term))
        return src

    def candidates(self, word: str) -> list[tuple[str, float, str]]:
        out: dict[str, tuple[float, str]] = {}
        for orig, c in self.listed.get(word, {}).items():
            out[orig] = (float(c), "list")
        for orig, w in self.thesaurus.get(word, {}).items():
            if orig not in out:
                out[orig] = (0.0, "thesaurus")
        return [(o, s, src) for o, (s, src) in out.items()]


def _read_rows(path: Path) -> list[list[str]]:
    rows = []
    if not path.exists():
        return rows
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if parts[0] in ("tortured",):
            continue
        rows.append(parts)
    return rows


def _read_terms(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [l.strip() for l in path.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]


def build_data(pairs: Iterable[tuple[str, str]] | None = None, terms: Iterable[str] | None = None,
               root: Path | None = None) -> ComposeData:
    """Load the shipped composition data; ``pairs``/``terms`` replace the list-derived parts
    (the benchmark rebuilds them from four fifths of the list)."""
    root = root or data_dir() / "tortured" / "compose"
    data = ComposeData()
    if pairs is None:
        counts = {(r[0], r[1]): int(r[2]) for r in _read_rows(root / "words-pps.tsv") if len(r) >= 3}
    else:
        counts = generalise(align_pairs(pairs))
    listed: dict[str, dict[str, int]] = defaultdict(dict)
    for (a, b), c in counts.items():
        listed[a][b] = c
    data.listed = dict(listed)
    thes: dict[str, dict[str, float]] = defaultdict(dict)
    for r in _read_rows(root / "words-thesaurus.tsv"):
        if len(r) >= 3:
            try:
                thes[r[0]][r[1]] = float(r[2])
            except ValueError:
                continue
    data.thesaurus = dict(thes)
    pps_terms = _read_terms(root / "terms-pps.txt") if terms is None else [phrase_norm(t) for t in terms]
    for t in _read_terms(root / "terms-wordnet.txt"):
        data.terms[t] = "wordnet"
    for t in pps_terms:
        data.terms[t] = "pps"
    data.legit = dict(legitimate())
    return data


@lru_cache(maxsize=1)
def get_data() -> ComposeData:
    return build_data()


def _lm():
    try:
        from . import lm
        return lm.get_model()
    except (ImportError, FileNotFoundError):  # pragma: no cover - the LM ships with the package
        return None


def _phrase_logprob(model, words: list[str]) -> float:
    """Log-probability of the words as a phrase (first word by its unigram)."""
    total = 0.0
    hist: list[str] = []
    for w in words:
        w = model.normalise(w)
        total += model.logprob(w, tuple(hist[-2:]))
        hist.append(w)
    return total


@dataclass
class Proposal:
    tok_start: int
    tok_end: int
    found: str
    original: str
    confidence: float
    evidence: list[str]


FEATURES = ("bias", "term_pps", "subs", "all_swapped", "swap_min", "swap_sum", "thesaurus_swaps",
            "lm_delta", "found_pmi", "result_pmi", "words", "purity_min")
# Hand-set fallback; scripts/build_tortured.py fits the shipped weights (compose/scorer.json)
# by logistic regression on cross-validated folds of the list (without the benchmark's
# held-out fifth) against clean build-time text.
DEFAULT_WEIGHTS = {"bias": -2.0, "term_pps": 1.5, "subs": 0.0, "all_swapped": -0.5, "swap_min": 0.8,
                   "swap_sum": 0.4, "thesaurus_swaps": -1.5, "lm_delta": 0.5, "found_pmi": -0.5,
                   "result_pmi": 0.2, "words": 0.0, "purity_min": 0.0}


@lru_cache(maxsize=1)
def scorer_weights() -> dict[str, float]:
    import json
    path = data_dir() / "tortured" / "compose" / "scorer.json"
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        return {k: float(data["weights"].get(k, 0.0)) for k in FEATURES}
    return dict(DEFAULT_WEIGHTS)


def _pmi(model, a: str, b: str) -> float:
    na, nb = model.normalise(a), model.normalise(b)
    if not (model.known(na) and model.known(nb)):
        return 0.0
    return max(-6.0, min(6.0, model.logprob(nb, (na,)) - model.unigram_logprob(nb)))


def candidate_features(found: list[str], result: list[str], subs: list[tuple[str, str, float, str]],
                       term_source: str, model, data: ComposeData | None = None) -> dict[str, float]:
    listed = [math.log1p(st) for _tw, _ow, st, src in subs if src == "list"]
    purity = [data.purity(tw, ow) if data is not None else 0.0 for tw, ow, _st, _src in subs]
    f = {
        "bias": 1.0,
        "term_pps": 1.0 if term_source == "pps" else 0.0,
        "subs": float(len(subs)),
        "all_swapped": 1.0 if len(subs) == len(found) else 0.0,
        "swap_min": min(listed) if len(listed) == len(subs) and listed else 0.0,
        "swap_sum": min(6.0, sum(listed)),
        "thesaurus_swaps": float(len(subs) - len(listed)),
        "lm_delta": 0.0, "found_pmi": 0.0, "result_pmi": 0.0,
        "words": float(len(found)),
        "purity_min": min(purity) if purity else 0.0,
    }
    if model is not None:
        lp_found = _phrase_logprob(model, found)
        lp_result = _phrase_logprob(model, result)
        f["lm_delta"] = max(-6.0, min(6.0, (lp_result - lp_found) / len(found)))
        f["found_pmi"] = max(0.0, max(_pmi(model, a, b) for a, b in zip(found, found[1:])))
        f["result_pmi"] = min(_pmi(model, a, b) for a, b in zip(result, result[1:]))
    return f


def score_candidate(found: list[str], result: list[str], subs: list[tuple[str, str, float, str]],
                    term_source: str, model, data: ComposeData | None = None) -> tuple[float, list[str], dict[str, float]]:
    """Own confidence of a composed proposal, with the reasons and the features.

    Logistic over: where the term comes from (the list's expected phrases are technical
    terms, WordNet's are general), how well each swap is attested (aligned from the list,
    or only a thesaurus pair), how much more probable the term is than the phrase as found
    under the language model, and whether the phrase as found is itself a collocation the
    model knows. Weights fitted at build time (see :data:`DEFAULT_WEIGHTS`).
    """
    f = candidate_features(found, result, subs, term_source, model, data)
    w = scorer_weights()
    z = sum(w.get(k, 0.0) * v for k, v in f.items())
    conf = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    term = " ".join(result)
    reasons = [f"{term!r} is an established technical term (expected phrase of the screener's list)"
               if term_source == "pps" else f"{term!r} is an established term (WordNet)"]
    for tw, ow, strength, src in subs:
        if src == "list":
            reasons.append(f"{tw!r} -> {ow!r} is a swap seen {int(strength)} time(s) in listed tortured phrases")
        else:
            reasons.append(f"{tw!r} -> {ow!r} is a thesaurus pair (not seen in the list)")
    if model is not None:
        d = f["lm_delta"]
        reasons.append(f"language model: the term is {'more' if d > 0 else 'less'} probable than the phrase "
                       f"as found ({d:+.1f} nats/word)")
        if f["found_pmi"] > 2.5:
            reasons.append(f"the phrase as found is a collocation the model knows (PMI {f['found_pmi']:.1f}): weaker")
    return conf, reasons, f


def _listed_cover(keys: list[str], listed) -> list[bool]:
    """Tokens covered by an occurrence of a listed multiword tortured phrase. ``listed`` is a
    :class:`restore.lexicon.Lexicon`, or a set of key tuples (tests, benchmark), or None."""
    covered = [False] * len(keys)
    if not listed:
        return covered
    main = getattr(listed, "main", None)
    for i in range(len(keys)):
        if main is not None:
            lengths = main.starting(keys, i)
        else:
            lengths = range(min(8, len(keys) - i), 1, -1)
        for length in lengths:
            if length < 2 or i + length > len(keys):
                continue
            key = tuple(keys[i:i + length])
            if main is not None:
                pats = main.get(key, listed)
                hit = bool(pats) and any(p.entry.lexicon.startswith("tortured") for p in pats)
            else:
                hit = key in listed
            if hit:
                for k in range(i, i + length):
                    covered[k] = True
                break
    return covered


def propose(tokens: list[Token], text: str, data: ComposeData, listed_keys=None, model=None,
            min_confidence: float = MIN_CONFIDENCE, collect: list | None = None) -> list[Proposal]:
    """All composed proposals in the token stream (non-overlapping, best first per stretch).
    ``listed_keys``: the lexicon (or its index); windows overlapping a listed tortured phrase
    are left to the list."""
    keys = [t.key for t in tokens]
    n = len(tokens)
    covered = _listed_cover(keys, listed_keys)
    if model is None:
        model = _lm()
    cands_cache: dict[str, list[tuple[str, float, str]]] = {}
    out: list[Proposal] = []
    for i in range(n):
        if covered[i] or keys[i] in _STOP or not keys[i].isalpha():
            continue
        # A window stays inside one sentence, off listed phrases, and made of words only:
        # find how far that holds once, rather than testing every window.
        limit, stop = i + 1, min(n, i + _MAX_WINDOW)
        while limit < stop and not tokens[limit].sentence_start and not covered[limit] and keys[limit].isalpha():
            limit += 1
        for length in range(limit - i, 1, -1):
            j = i + length
            window = keys[i:j]
            if window[-1] in _STOP:
                continue
            found_key = " ".join(window)
            if data.term_source(found_key) or found_key in data.legit or found_key in data.excluded:
                continue
            start, end = tokens[i].start, tokens[j - 1].end
            if _POSSESSIVE_RE.sub("", phrase_key(text[start:end], hyphens=True)) != found_key:
                continue  # punctuation between the words (a hyphen or a possessive is fine)
            options = []
            for w in window:
                c = cands_cache.get(w)
                if c is None:
                    c = cands_cache[w] = data.candidates(w)
                options.append([(w, 0.0, "same")] + c)
            if all(len(o) == 1 for o in options):
                continue
            best: Proposal | None = None
            best_subs = 0
            for combo in product(*options):
                result = [c[0] for c in combo]
                if result == window:
                    continue
                term = " ".join(result)
                src = data.term_source(term)
                if src is None:
                    continue
                subs = [(w, c[0], c[1], c[2]) for w, c in zip(window, combo) if c[2] != "same"]
                conf, reasons, feats = score_candidate(window, result, subs, src, model, data)
                if collect is not None:
                    collect.append((i, j, term, feats))
                # The fewest swaps that make a known term win ("keen framework" -> "smart
                # framework" rather than "smart system"), then the confidence.
                if best is None or (len(subs), -conf) < (best_subs, -best.confidence):
                    best = Proposal(i, j, text[start:end], term, conf, reasons)
                    best_subs = len(subs)
            if best is not None and best.confidence >= min_confidence:
                out.append(best)
    # Non-overlapping: most confident (then longest) first.
    out.sort(key=lambda p: (-p.confidence, -(p.tok_end - p.tok_start), p.tok_start))
    taken: list[tuple[int, int]] = []
    kept = []
    for p in out:
        if any(p.tok_start < e and s < p.tok_end for s, e in taken):
            continue
        taken.append((p.tok_start, p.tok_end))
        kept.append(p)
    kept.sort(key=lambda p: p.tok_start)
    return kept


def _entry_for(p: Proposal) -> Entry:
    return Entry(
        id=f"composed:{phrase_norm(p.found)}", lexicon=COMPOSED_LEXICON, kind="table",
        spun=(p.found.lower(),), originals=(p.original,), weights=(round(p.confidence, 4),),
        # One reason a line: the engine shows them as the finding's evidence.
        prior=round(p.confidence, 4),
        provenance="\n".join([f"composed word by word (not on the list), own confidence {p.confidence:.2f}"]
                              + p.evidence),
        source="restore.compose",
    )


def find_composed(text: str, tokens: list[Token], config) -> list[Match]:
    """Engine finder (see ``restore.engine.FINDERS``): composed tortured phrases as Matches."""
    if not tokens:
        return []
    if config is not None and getattr(config, "disabled", None) and config.is_disabled("composed:*"):
        return []
    from . import lexicon as lexicon_mod
    try:
        listed = lexicon_mod.load(config.lexicons, config.builtin) if config is not None else lexicon_mod.load()
    except Exception:  # pragma: no cover - the engine reports lexicon errors itself
        listed = None
    data = get_data()
    matches = []
    for p in propose(tokens, text, data, listed):
        entry = _entry_for(p)
        if config is not None and config.disabled and config.is_disabled(entry.id):
            continue
        key = tuple(t.key for t in tokens[p.tok_start:p.tok_end])
        pattern = Pattern(key, p.found.lower(), entry, (p.original,), (round(p.confidence, 4),))
        matches.append(Match(p.tok_start, p.tok_end, tokens[p.tok_start].start, tokens[p.tok_end - 1].end,
                             [pattern]))
    return matches


def register() -> None:
    from . import engine
    if find_composed not in engine.FINDERS:
        engine.FINDERS.append(find_composed)


register()
