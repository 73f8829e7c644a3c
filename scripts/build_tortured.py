#!/usr/bin/env python3
"""Build the tortured-phrase lexicons from the Problematic Paper Screener's list.

Input: ``../shared/data/pps-tortured-phrases.tsv`` (tortured<TAB>expected; Cabanac, Labbé &
Magazinov, CC BY 4.0). Output (all under ``lexicons/tortured/``):

``pps.tsv``            surface-form table ``tortured-pps``: listed phrases with a clean
                       original, plus their singular/plural variants. Low natural-use risk.
``pps-context.toml``   curated entries ``tortured-pps-context``: listed phrases that need
                       context: phrases that are also ordinary English (a negative base
                       weight; they fire only with support) and phrases written with an
                       acronym in the list ("web of things (iot)": the acronym is evidence).
``flags.txt``          listed phrases without a confident original ("???", "(?)", notes):
                       the screening view reports them, the engine never rewrites them.
``legitimate.txt``     phrases that are established terms in their own right (or that the
                       list only flags in a particular context): never flagged.
``compose/``           data for composing unlisted phrases (see restore/compose.py):
                       ``words-pps.tsv`` word-level inverse map aligned from the list
                       (with inflections carried over), ``terms-pps.txt`` the list's
                       expected phrases, ``terms-wordnet.txt`` WordNet multiword nouns,
                       ``scorer.json`` the fitted confidence weights; with
                       ``--with-thesaurus`` also ``words-thesaurus.tsv``.

Build-time resources: lemminflect, inflect, WordNet (/usr/share/wordnet), the shipped
language model (restore.lm), symspellpy's Google-Books bigram counts.

    python scripts/build_tortured.py [--source PATH]
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from restore import compose  # noqa: E402  (pure-python helpers shared with the runtime)

OUT = ROOT / "lexicons" / "tortured"
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "pps-tortured-phrases.tsv"
CREDIT = ("Problematic Paper Screener (Guillaume Cabanac, Cyril Labbé, Alexander Magazinov), "
          "tortured-phrase list as exported in github.com/giladfeldman/torturedcheck "
          "(lastUpdated 2026-03-06), CC BY 4.0; converted by scripts/build_tortured.py")

ACRONYM_TAIL = re.compile(r"\s*\(([^()]{1,14})\)\s*$")
UNSURE = re.compile(r"\?")
NOTE_MARKERS = ("see http", "paraphrased version", "the word ", "could be either", "as in ",
                "e.g.", "or possibly", "found in", "please note", "hr does exist")


# --------------------------------------------------------------------------- cleaning

def _strip_quotes(s: str) -> str:
    s = s.replace('\\"', '"').replace("\\", "").replace("*", "")
    return s.strip().strip('"').strip()


def _expand_slashes(phrase: str) -> list[str]:
    """"energy/power usage" -> ["energy usage", "power usage"] (word-level alternatives)."""
    if " / " in phrase:
        parts = [p.strip() for p in phrase.split(" / ") if p.strip()]
        return parts[:4]
    words = phrase.split()
    out = [[]]
    for w in words:
        alts = [a for a in w.split("/") if a] if "/" in w and "://" not in w else [w]
        out = [o + [a] for o in out for a in alts][:6]
    return [" ".join(o) for o in out]


def clean_expected(raw: str) -> tuple[list[str], str, str]:
    """Return (originals, status, note). status: "ok", "unsure" (a guess marked with "?"),
    or "flag" (no usable original: "???", a note)."""
    s = _strip_quotes(raw)
    note = ""
    low = s.lower()
    if not s or set(s) <= set("?. ") or s.startswith("??"):
        return [], "flag", raw
    for marker in NOTE_MARKERS:
        i = low.find(marker)
        if i >= 0:
            note = raw
            if marker in ("see http", "found in") and i > 0:
                s = s[:i].rstrip(" ,(")
            elif marker in ("as in ", "e.g.", "or possibly", "could be either", "please note", "hr does exist"):
                # note inside parentheses: drop the parenthetical
                s = re.sub(r"\s*\([^()]*" + re.escape(marker) + r"[^()]*\)?", "", s).strip()
                if marker in s.lower():
                    return [], "flag", raw
            else:
                return [], "flag", raw
            low = s.lower()
    if "?" in s:
        status = "unsure"
        s = re.sub(r"\s*\((?:[^()]*\?)\)", "", s)
        s = s.replace("?", "").strip()
    else:
        status = "ok"
    # trailing acronym or note in parentheses; inner [optional] / (optional) words
    s = ACRONYM_TAIL.sub("", s)
    s = re.sub(r"\s*\([^()]{15,}\)\s*$", "", s)
    variants = []
    for keep_inner in (False, True):
        t = s
        if keep_inner:
            t = re.sub(r"[\[(]([^\])]*)[\])]", r"\1", t)
        else:
            t = re.sub(r"\s*[\[(][^\])]*[\])]\s*", " ", t)
        t = re.sub(r"\s+", " ", t).strip(" ,")
        if t and t not in variants:
            variants.append(t)
    originals: list[str] = []
    for v in variants:
        for o in _expand_slashes(v):
            o = o.strip(" ,")
            if o and o not in originals and "[" not in o and "(" not in o and "..." not in o:
                originals.append(o)
    if not originals:
        return [], "flag", raw
    return originals[:6], status, note


def split_tortured(raw: str) -> tuple[str, str]:
    """"web of things (iot)" -> ("web of things", "iot"); no acronym -> (phrase, "")."""
    s = _strip_quotes(raw)
    m = ACRONYM_TAIL.search(s)
    if m and len(m.group(1).split()) == 1:
        return s[:m.start()].strip(), m.group(1)
    return s, ""


# --------------------------------------------------------------------------- inflection

class Number:
    def __init__(self) -> None:
        import inflect
        from lemminflect import getAllLemmas
        import symspellpy
        self.engine = inflect.engine()
        self.lemmas = getAllLemmas
        freq_path = Path(symspellpy.__file__).parent / "frequency_dictionary_en_82_765.txt"
        self.freq: dict[str, int] = {}
        for line in freq_path.read_text(encoding="utf-8").splitlines():
            w, c = line.split(" ")
            self.freq[w] = int(c)

    def is_noun(self, word: str) -> bool:
        return "NOUN" in self.lemmas(word)

    def head(self, phrase: str) -> int:
        words = phrase.split()
        for i, w in enumerate(words):
            if i > 0 and w in ("of", "for", "in", "on") and i < len(words) - 1:
                return i - 1
        return len(words) - 1

    def other(self, phrase: str) -> str | None:
        """The phrase with its head noun in the other number, or None."""
        words = phrase.split()
        if not words or "," in phrase:
            return None
        h = self.head(phrase)
        word = words[h]
        if "-" in word:
            prefix, _, last = word.rpartition("-")
            prefix += "-"
        else:
            prefix, last = "", word
        if not last.isalpha() or len(last) < 3 or not self.is_noun(last):
            return None
        sing = self.engine.singular_noun(last)
        if sing and sing != last:
            new = sing
        else:
            new = self.engine.plural_noun(last)
            if not new or new == last:
                return None
        if self.freq.get(new, 0) < 20000:
            return None
        words[h] = prefix + new
        return " ".join(words)


# --------------------------------------------------------------------------- risk

class Risk:
    """How likely a tortured phrase is to occur in clean text (natural use)."""

    def __init__(self) -> None:
        from restore import lm
        import symspellpy
        self.lm = lm.get_model()
        path = Path(symspellpy.__file__).parent / "frequency_bigramdictionary_en_243_342.txt"
        self.bigrams: dict[str, int] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            a, b, c = line.split(" ")
            self.bigrams[f"{a} {b}"] = int(c)

    def per_word(self, phrase: str) -> float:
        words = [self.lm.normalise(w) for w in re.findall(r"[^\W_]+(?:'[^\W_]+)*", phrase.lower())]
        if not words:
            return -30.0
        hist: list[str] = []
        total = 0.0
        for w in words:
            total += self.lm.logprob(w, tuple(hist[-2:]))
            hist.append(w)
        return total / len(words)

    def bigram_min(self, phrase: str) -> int:
        words = re.findall(r"[^\W_]+", phrase.lower())
        if len(words) < 2:
            return 0
        return min(self.bigrams.get(f"{a} {b}", 0) for a, b in zip(words, words[1:]))


def build_corpus_counts(phrases: set[str]) -> Counter:
    """Occurrences of the phrases in a build-time corpus of clean text: WordNet's glosses and
    example sentences, and Debian's plain-text docs (never the Python docs or the Wikipedia
    sample, which the benchmark evaluates on)."""
    texts = _wordnet_glosses() + _debian_docs()
    by_len: dict[int, set[str]] = defaultdict(set)
    for p in phrases:
        by_len[len(p.split())].add(p)
    counts: Counter = Counter()
    for text in texts:
        words = re.findall(r"[^\W_]+(?:'[^\W_]+)*", text.lower())
        for n, group in by_len.items():
            for i in range(len(words) - n + 1):
                g = " ".join(words[i:i + n])
                if g in group:
                    counts[g] += 1
    return counts


def wordnet_terms() -> set[str]:
    terms: set[str] = set()
    for pos in ("noun", "adj", "verb", "adv"):
        path = Path("/usr/share/wordnet") / f"index.{pos}"
        if not path.exists():
            continue
        for line in path.read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            lemma = line.split(" ", 1)[0]
            if "_" in lemma:
                terms.add(lemma.replace("_", " ").lower())
    return terms


def wordnet_noun_terms() -> list[str]:
    out = []
    path = Path("/usr/share/wordnet/index.noun")
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        lemma = line.split(" ", 1)[0]
        parts = lemma.split("_")
        if 2 <= len(parts) <= 3 and all(re.fullmatch(r"[a-z][a-z\-]*", p) for p in parts):
            out.append(" ".join(parts))
    return out


# --------------------------------------------------------------------------- composer scoring

SENTENCE = "This section describes {} and its role in the present study."
HOLDOUT_SEED = 4


def split_fifth(pairs: list, seed: int = HOLDOUT_SEED) -> tuple[list, list]:
    """(held-out fifth, rest): the split the benchmark evaluates composition on."""
    import random
    order = list(range(len(pairs)))
    random.Random(seed).shuffle(order)
    k = len(pairs) // 5
    return [pairs[i] for i in order[:k]], [pairs[i] for i in order[k:]]


def listed_pairs(raw_rows: list[tuple[str, str]], legit: dict[str, str]) -> list[tuple[str, list[str]]]:
    """(tortured phrase, originals) for the pairs with a clean original (benchmark view)."""
    out = []
    for t, e in raw_rows:
        tortured, acronym = split_tortured(t.lower())
        originals, status, _ = clean_expected(e.lower())
        key = compose.phrase_norm(tortured)
        if status != "ok" or not originals or key in legit:
            continue
        originals = [o for o in originals if compose.phrase_norm(o) != key]
        if originals:
            out.append((tortured + (f" ({acronym})" if acronym else ""), originals))
    return out


def _rows_for(pairs_test, data, model) -> list[tuple[dict, int]]:
    from restore.tokens import tokenize
    rows = []
    for tortured, originals in pairs_test:
        phrase, acronym = split_tortured(tortured)
        phrase = phrase if acronym else tortured
        sent = SENTENCE.format(phrase)
        ps = sent.index(phrase)
        pe = ps + len(phrase)
        toks = tokenize(sent)
        # Right: (part of) an expected phrase, singular and plural alike.
        wanted = [f" {compose.number_fold(compose.phrase_norm(o))} " for o in originals]
        got: list = []
        compose.propose(toks, sent, data, None, model, min_confidence=0.0, collect=got)
        for i, j, term, feats in got:
            inside = toks[i].start >= ps and toks[j - 1].end <= pe
            rows.append((feats, int(inside and any(f" {compose.number_fold(term)} " in w for w in wanted))))
    return rows


def fit_scorer(pairs: list[tuple[str, list[str]]], clean_texts: list[str]) -> dict:
    """Fit the composer's logistic weights: positives and wrong proposals from 5-fold
    cross-validation over four fifths of the list (the benchmark's held-out fifth is never
    seen), negatives from clean build-time text (weighted to the same total)."""
    import random
    import numpy as np
    from restore import lm
    from restore.tokens import tokenize

    model = lm.get_model()
    _held, rest = split_fifth(pairs)
    order = list(range(len(rest)))
    random.Random(7).shuffle(order)
    rows: list[tuple[dict, int]] = []
    for f in range(5):
        test = [rest[i] for n, i in enumerate(order) if n % 5 == f]
        train = [rest[i] for n, i in enumerate(order) if n % 5 != f]
        data = compose.build_data(pairs=[(t, o[0]) for t, o in train],
                                  terms=[o for _t, os_ in train for o in os_ if 2 <= len(o.split()) <= 4])
        keys = {compose.phrase_norm(t) for t, _ in train}
        rows += _rows_for([p for p in test if compose.phrase_norm(p[0]) not in keys], data, model)
    n_list = len(rows)
    data = compose.build_data(pairs=[(t, o[0]) for t, o in rest],
                              terms=[o for _t, os_ in rest for o in os_ if 2 <= len(o.split()) <= 4])
    neg: list[tuple[dict, int]] = []
    for text in clean_texts:
        got: list = []
        compose.propose(tokenize(text), text, data, None, model, min_confidence=0.0, collect=got)
        neg += [(feats, 0) for _i, _j, _t, feats in got]
    names = compose.FEATURES
    X = np.array([[r[0][k] for k in names] for r in rows + neg], dtype=float)
    y = np.array([r[1] for r in rows + neg], dtype=float)
    w_neg = (n_list / max(1, len(neg)))
    sw = np.array([1.0] * n_list + [w_neg] * len(neg))
    beta = np.zeros(len(names))
    lam = 1.0
    for _ in range(50):  # Newton / IRLS with an L2 penalty (not on the bias)
        p = 1.0 / (1.0 + np.exp(-(X @ beta)))
        g = X.T @ (sw * (p - y)) + lam * np.r_[0.0, beta[1:]]
        H = (X * (sw * p * (1 - p))[:, None]).T @ X + lam * np.diag([0.0] + [1.0] * (len(names) - 1))
        step = np.linalg.solve(H + 1e-6 * np.eye(len(names)), g)
        beta -= step
        if np.abs(step).max() < 1e-6:
            break
    return {"weights": {k: round(float(b), 4) for k, b in zip(names, beta)},
            "fitted_on": f"{n_list} cross-validated list proposals ({int(y[:n_list].sum())} right) and "
                         f"{len(neg)} proposals in clean build-time text (weight {w_neg:.3f} each); "
                         f"benchmark held-out fifth (seed {HOLDOUT_SEED}) excluded"}


def _wordnet_glosses() -> list[str]:
    """WordNet's glosses and example sentences, one string each."""
    glosses = []
    for pos in ("noun", "verb", "adj", "adv"):
        path = Path("/usr/share/wordnet") / f"data.{pos}"
        if path.exists():
            glosses += [line.split("|", 1)[1] for line in path.read_text(encoding="latin-1").splitlines()
                        if "|" in line]
    return glosses


def _debian_docs() -> list[str]:
    """Debian's plain-text docs, except the Python docs (kept for evaluation)."""
    texts = []
    for path in sorted(Path("/usr/share/doc").rglob("*.txt")):
        if "python3" in str(path):
            continue
        try:
            texts.append(path.read_text(encoding="utf-8", errors="ignore")[:200000])
        except OSError:
            continue
    return texts


def clean_build_texts() -> list[str]:
    """Clean text for build-time negatives: WordNet glosses and examples (in blocks of 200),
    Debian's plain-text docs (never the Python docs or the Wikipedia sample, which are for
    evaluation)."""
    glosses = _wordnet_glosses()
    return ["\n".join(glosses[i:i + 200]) for i in range(0, len(glosses), 200)] + _debian_docs()


# --------------------------------------------------------------------------- main

_CURATED_FORMS: list[str] = []


def _curated_stand_ins() -> list[str]:
    """Spun forms of the curated spinner entries (lowercase), e.g. "take a look at"."""
    import tomllib

    forms = []
    for path in sorted((ROOT / "lexicons" / "curated").glob("*.toml")):
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("entry", []):
            forms.extend(f.lower() for f in entry.get("spun", []) if " " in f)
    return forms


def _context_examples(e: dict, listed: set[tuple[str, ...]]) -> tuple[list[str], list[str]]:
    """Examples for an entry that needs context (the test suite runs them).

    fix: the phrase in a paper that was run through a paraphraser (``assume_spun``), with
    the acronym when the list records one (such entries need it). keep: the phrase in an
    otherwise clean sentence when it is ordinary English, and a near miss: the same words
    with a comma where the cut leaves no listed phrase on either side.
    """
    form, original = e["form"], e["originals"][0]
    acronym = e.get("exp_acronym") or e.get("acronym")
    if acronym:
        fix = [f"In this study, the [[{form}=>{original}]] ({acronym.upper()}) was measured."]
    else:
        fix = [f"In this study, the [[{form}=>{original}]] was measured."]
    keep = []
    padded = f" {form.lower()} "
    if e["ordinary"] and not any(f" {f} " in padded for f in _CURATED_FORMS):
        # Ordinary English stays as it is in clean text (unless it holds a spinner's
        # stand-in such as "take a look at", which is damage in any text).
        keep.append(f"In this study, the {form} was measured.")
    words = form.replace("-", " ").split()

    def has_listed(part: list[str]) -> bool:
        return any(tuple(part[i:j]) in listed for i in range(len(part)) for j in range(i + 1, len(part) + 1))

    for cut in sorted(range(1, len(words)), key=lambda c: abs(c - len(words) / 2)):
        if not has_listed(words[:cut]) and not has_listed(words[cut:]):
            keep.append(f"We list the {' '.join(words[:cut])}, {' '.join(words[cut:])} and the rest.")
            break
    return fix, keep


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")[:60]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--with-thesaurus", action="store_true",
                    help="also ship compose/words-thesaurus.tsv (inverse map from tables/thesaurus.tsv)")
    args = ap.parse_args(argv)

    raw_rows = []
    for line in args.source.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if parts[:2] == ["tortured", "expected"] or len(parts) < 2:
            continue
        raw_rows.append((parts[0].strip(), parts[1].strip()))
    print(f"{len(raw_rows)} pairs read", file=sys.stderr)

    number = Number()
    risk = Risk()
    wn_terms = wordnet_terms()
    curated_legit = compose.load_legitimate(OUT / "legitimate-curated.txt") if (OUT / "legitimate-curated.txt").exists() else {}

    expected_terms: set[str] = set()
    cleaned = []  # (tortured, acronym, originals, status, note, raw_expected)
    for tortured_raw, expected_raw in raw_rows:
        tortured, acronym = split_tortured(tortured_raw.lower())
        originals, status, note = clean_expected(expected_raw.lower())
        m = ACRONYM_TAIL.search(_strip_quotes(expected_raw))
        exp_acr = m.group(1) if m and re.fullmatch(r"[A-Za-z0-9\-]{2,10}", m.group(1)) else ""
        cleaned.append((tortured, acronym, originals, status, note, expected_raw, exp_acr))
        if status == "ok":
            expected_terms.update(o for o in originals)

    legit: dict[str, str] = dict(curated_legit)
    forced_ordinary = compose.load_legitimate(OUT / "ordinary-curated.txt")
    listed_forms = {compose.phrase_norm(c[0]) for c in cleaned}
    # The singular or plural of each listed phrase is judged on its own too (see below).
    corpus = build_corpus_counts(listed_forms | {compose.phrase_norm(o) for o in map(number.other, listed_forms) if o})
    table_rows: list[tuple[str, str, float, str]] = []
    context_entries: list[dict] = []
    flags: list[tuple[str, str, str]] = []
    seen_forms: set[str] = set()
    risk_report = []

    def natural_use(phrase: str) -> tuple[float, int, bool, int, bool]:
        """Natural-use risk of a phrase: (per-word LM log-probability, least Google-Books
        bigram count, WordNet term, build-corpus hits, ordinary). A WordNet term, a
        frequent Google-Books bigram, or an LM-probable short phrase is ordinary English;
        such phrases need support from context."""
        key = compose.phrase_norm(phrase)
        pw = risk.per_word(phrase)
        bg = risk.bigram_min(phrase)
        n_words = len(key.split())
        in_wn = key in wn_terms
        hits = corpus.get(key, 0)
        if n_words > 2:
            bg = 0  # function-word bigrams ("of the") say nothing about the phrase
        ordinary = (key in forced_ordinary or in_wn or hits > 0 or bg >= 100000 or (n_words == 2 and pw > -8.0)
                    or (n_words >= 3 and pw > -6.0))
        return pw, bg, in_wn, hits, ordinary

    for tortured, acronym, originals, status, note, expected_raw, exp_acronym in cleaned:
        key = compose.phrase_norm(tortured)
        if not key:
            continue
        if status != "ok":
            flags.append((tortured + (f" ({acronym})" if acronym else ""),
                          originals[0] if originals else "", f"expected given as {expected_raw!r}"))
            continue
        originals = [o for o in originals if compose.phrase_norm(o) != key]
        if not originals:
            continue
        if key in legit:
            continue
        if key in expected_terms or key in {compose.phrase_norm(e) for e in ()}:
            legit[key] = "an established term in its own right (it is an expected phrase of the list)"
            continue
        pw, bg, in_wn, hits, ordinary = natural_use(tortured)
        risk_report.append((key, round(pw, 2), bg, in_wn, hits, ordinary))
        forms = [tortured]
        other = number.other(tortured)
        if other and all(number.other(o) for o in originals[:1]):
            forms.append(other)
        for i, form in enumerate(forms):
            if i:
                # The other number is ordinary English if either is: "places of interest" is,
                # whatever the singular's risk says.
                ordinary = ordinary or natural_use(form)[4]
            fkey = compose.phrase_norm(form)
            if fkey in seen_forms or fkey in expected_terms:
                continue
            seen_forms.add(fkey)
            origs = originals if i == 0 else [number.other(o) or o for o in originals]
            origs = [o for o in dict.fromkeys(origs) if compose.phrase_norm(o) != fkey]
            if not origs:
                continue
            source = "pps" if i == 0 else "pps+number"
            if acronym or ordinary:
                context_entries.append(dict(form=form, originals=origs, acronym=acronym, ordinary=ordinary,
                                            pw=pw, bg=bg, in_wn=in_wn, hits=hits, source=source, raw=expected_raw,
                                            exp_acronym=exp_acronym))
            else:
                n = len(origs)
                for rank, o in enumerate(origs):
                    table_rows.append((form, o, round(1.0 / (rank + 1) / sum(1.0 / (k + 1) for k in range(n)), 4),
                                       source))

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "compose").mkdir(exist_ok=True)

    with (OUT / "pps.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# name: tortured-pps\n")
        fh.write(f"# provenance: {CREDIT}\n")
        fh.write("# licence: CC BY 4.0 (attribution: Cabanac, Labbé & Magazinov, Problematic Paper Screener)\n")
        fh.write("# rows: listed tortured phrases with a clean original and low natural-use risk,\n"
                 "# plus singular/plural variants (source pps+number). Notes and trailing acronyms\n"
                 "# removed from the expected phrases; slash alternatives split.\n")
        fh.write("spun\toriginal\tweight\tsource\n")
        for row in sorted(table_rows):
            fh.write("\t".join(str(x) for x in row) + "\n")

    with (OUT / "pps-context.toml").open("w", encoding="utf-8") as fh:
        fh.write("# Listed tortured phrases that need context. Generated by scripts/build_tortured.py.\n")
        fh.write("[lexicon]\nname = \"tortured-pps-context\"\n")
        fh.write("description = \"Tortured phrases that are also ordinary English, or listed with an acronym\"\n")
        fh.write(f"provenance = {_toml_str(CREDIT)}\n")
        fh.write("licence = \"CC-BY-4.0\"\n\n")
        used_ids: set[str] = set()
        global _CURATED_FORMS
        _CURATED_FORMS = _curated_stand_ins()
        listed_keys = {tuple(r[0].lower().replace("-", " ").split()) for r in table_rows}
        listed_keys |= {tuple(e["form"].lower().replace("-", " ").split()) for e in context_entries}
        for e in context_entries:
            eid = "tortured." + _slug(e["form"])
            while eid in used_ids:
                eid += "-x"
            used_ids.add(eid)
            rules = []
            if e["ordinary"]:
                why = forced_ordinary.get(compose.phrase_norm(e["form"])) or ("a WordNet term" if e["in_wn"] else
                   f"seen {e['hits']} time(s) in clean build-time text" if e["hits"] else
                       f"a frequent phrase ({e['bg']} Google-Books bigram count)" if e["bg"] >= 200000 else
                       f"probable under the language model ({e['pw']:.1f} nats/word)")
                rules.append(f"{{ left = '', weight = -3.0, reason = {_toml_str('also ordinary English: ' + why)} }}")
            if e["acronym"]:
                acr = re.escape(e["acronym"])
                rules.append(f"{{ right = '(?i)^\\s*\\(\\s*{acr}\\s*\\)', weight = 3.0, "
                             f"reason = {_toml_str('followed by the acronym the list records: (' + e['acronym'] + ')')} }}")
                if not e["ordinary"]:
                    rules.append(f"{{ left = '', weight = -1.0, reason = \"listed with an acronym, which is missing here\" }}")
            if e["exp_acronym"] and e["exp_acronym"] != e["acronym"]:
                acr = re.escape(e["exp_acronym"])
                rules.append(f"{{ right = '(?i)^\\s*\\(\\s*{acr}\\s*\\)', weight = 5.0, "
                             f"reason = {_toml_str('followed by (' + e['exp_acronym'] + '), the acronym of the original')} }}")
            prior = 0.3 if e["ordinary"] else 0.8
            fh.write("[[entry]]\n")
            fh.write(f"id = {_toml_str(eid)}\n")
            fh.write(f"spun = [{_toml_str(e['form'])}]\n")
            fh.write(f"originals = [{', '.join(_toml_str(o) for o in e['originals'])}]\n")
            fh.write(f"prior = {prior}\n")
            fh.write("evidence = [\n  " + ",\n  ".join(rules) + ",\n]\n")
            fh.write(f"provenance = {_toml_str('Problematic Paper Screener; expected: ' + e['raw'] + '; ' + e['source'])}\n")
            fix, keep = _context_examples(e, listed_keys)
            fh.write(f"fix = [{', '.join(_toml_str(x) for x in fix)}]\n")
            fh.write(f"keep = [{', '.join(_toml_str(x) for x in keep)}]\n\n")

    with (OUT / "flags.txt").open("w", encoding="utf-8") as fh:
        fh.write("# Listed tortured phrases without a confident original: reported by the screening\n"
                 "# view as risk markers, never rewritten. Generated by scripts/build_tortured.py from\n"
                 f"# the {CREDIT}.\n# phrase<TAB>best guess (may be empty)<TAB>note\n")
        written: set[str] = set()
        for phrase, guess, why in sorted(set(flags)):
            fkey = compose.phrase_norm(phrase)
            if fkey in legit or fkey in written or fkey in seen_forms:
                continue
            written.add(fkey)
            fh.write(f"{phrase}\t{guess}\t{why}\n")

    with (OUT / "legitimate.txt").open("w", encoding="utf-8") as fh:
        fh.write("# Legitimate uses: phrases that are never flagged (by the list, composition or\n"
                 "# screening), with the reason. Generated by scripts/build_tortured.py from\n"
                 "# legitimate-curated.txt (hand-kept) plus automatic entries.\n# phrase<TAB>reason\n")
        for phrase, why in sorted(legit.items()):
            fh.write(f"{phrase}\t{why}\n")

    # ---------------------------------------------------------------- composition data
    pairs = [(t, o[0]) for t, _a, o, st, _n, _r, _x in cleaned if st == "ok" and o]
    words = compose.generalise(compose.align_pairs(pairs))
    with (OUT / "compose" / "words-pps.tsv").open("w", encoding="utf-8") as fh:
        fh.write(f"# Word-level inverse map aligned from the {CREDIT}.\n")
        fh.write("tortured\toriginal\tcount\n")
        for (a, b), c in sorted(words.items()):
            fh.write(f"{a}\t{b}\t{c}\n")
    terms = sorted({compose.phrase_norm(o) for _t, _a, os_, st, _n, _r, _x in cleaned if st == "ok" for o in os_
                    if 2 <= len(o.split()) <= 4})
    plural_terms = [number.other(t) for t in terms]
    terms = sorted(set(terms) | {compose.phrase_norm(p) for p in plural_terms if p})
    (OUT / "compose" / "terms-pps.txt").write_text(
        f"# Established technical terms: the expected phrases of the {CREDIT}\n# (plus number variants).\n"
        + "\n".join(terms) + "\n", encoding="utf-8")
    wn = sorted(set(wordnet_noun_terms()))
    (OUT / "compose" / "terms-wordnet.txt").write_text(
        "# Multiword nouns of WordNet 3.0 (Princeton University, WordNet licence), 2-3 words.\n"
        + "\n".join(wn) + "\n", encoding="utf-8")
    # Thesaurus inverse map, restricted to original words that occur in some term.
    vocab = {w for t in terms for w in t.split()} | {w for t in wn for w in t.split()}
    thes = ROOT / "lexicons" / "tables" / "thesaurus.tsv"
    n_thes = 0
    thes_out = OUT / "compose" / "words-thesaurus.tsv"
    if not args.with_thesaurus:
        # Measured: at the shipped threshold the thesaurus swaps add no right proposal on the
        # held-out fifth (recall 0.188 either way) and cost 2.7 MB and start-up time.
        thes_out.unlink(missing_ok=True)
        thes = Path("/nonexistent")
    with (thes_out if args.with_thesaurus else Path("/dev/null")).open("w", encoding="utf-8") as fh:
        fh.write("# Inverse map from lexicons/tables/thesaurus.tsv (MyThes, WordNet, Moby; see its header),\n"
                 "# single words only, restricted to originals that occur in a term, top 8 per spun word.\n")
        fh.write("tortured\toriginal\tweight\n")
        if thes.exists():
            by_spun: dict[str, list[tuple[float, str]]] = defaultdict(list)
            for line in thes.read_text(encoding="utf-8").splitlines():
                if line.startswith("#") or line.startswith("spun\t"):
                    continue
                p = line.split("\t")
                if len(p) < 3 or " " in p[0] or " " in p[1] or p[1] not in vocab:
                    continue
                try:
                    by_spun[p[0]].append((float(p[2]), p[1]))
                except ValueError:
                    continue
            for spun in sorted(by_spun):
                for w, o in sorted(by_spun[spun], reverse=True)[:8]:
                    fh.write(f"{spun}\t{o}\t{w}\n")
                    n_thes += 1

    # Composer weights: fitted after the data above is written (build_data reads it).
    compose.legitimate.cache_clear()
    compose.get_data.cache_clear()
    pairs_b = listed_pairs(raw_rows, compose.legitimate())
    import json
    fitted = fit_scorer(pairs_b, clean_build_texts())
    (OUT / "compose" / "scorer.json").write_text(json.dumps(fitted, indent=2) + "\n", encoding="utf-8")
    print(f"composer weights: {fitted}", file=sys.stderr)

    with (OUT / "risk-report.txt").open("w", encoding="utf-8") as fh:
        fh.write("# Natural-use risk estimate per listed phrase (build diagnostics, not loaded).\n")
        fh.write("phrase\tlm_nats_per_word\tbigram_min_count\twordnet_term\tbuild_corpus_hits\tordinary\n")
        for r in sorted(risk_report):
            fh.write("\t".join(str(x) for x in r) + "\n")

    print(f"pps.tsv {len(table_rows)} rows; pps-context.toml {len(context_entries)} entries; "
          f"flags {len(flags)}; legitimate {len(legit)}; word map {len(words)}; thesaurus map {n_thes}; "
          f"terms {len(terms)} + wordnet {len(wn)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
