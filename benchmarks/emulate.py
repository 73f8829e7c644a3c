"""An emulation of the thesaurus article spinner that damaged the seed documents.

The spinner family's habits, as the seed shows them:

* a fixed dictionary, applied without looking at context: "may" -> "could" even for the
  month ("Could 19"), "the most" -> "essentially the most", "said" -> "mentioned";
* per-document choices: the same word is replaced the same way throughout one document;
* a high replacement rate on the words it knows (60-90 % per document);
* multiword stand-ins in both directions ("before" -> "earlier than", "took place" -> "befell");
* case kept (Could, COULD), so names made of ordinary words get damaged
  ("Defense Minister" -> "Protection Minister", "Kyiv Independent" -> "Kyiv Unbiased");
* a/an left as they were when the word after them changes ("an settlement").

Where the replacement dictionary comes from (``original -> spun`` forms):

``habit``
    what this spinner is known to do: the marks of the gold seed documents (``seeds/*.txt``),
    the inverse of ``lexicons/tables/spinner.tsv`` and of the curated TOML entries
    (originals -> spun forms, inflections included). Always known to the spinner.
``thesaurus``
    the forward thesaurus-spinner model ``benchmarks/data/spinner_forward.tsv``
    (``original<TAB>spun<TAB>p``) when present. Only a deterministic share of these
    originals (``thesaurus_share``, by a hash of the word and the spinner seed) is in the
    emulated spinner's dictionary: the spinner knows far fewer words than a thesaurus.

The output is a gold-markup document (``[[spun=>original]]``, see :mod:`restore.gold`):
removing the marks gives the spun text, and it scores exactly like the seed.
"""
from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from restore.casing import transfer_case
from restore.tokens import tokenize

BENCH_DIR = Path(__file__).resolve().parent
FORWARD_PATH = BENCH_DIR / "data" / "spinner_forward.tsv"

# Habits visible in the seed that the lexicons may not state in the forward direction.
BUILTIN_HABITS: dict[str, list[tuple[str, float]]] = {
    "may": [("could", 1.0)],
}
_UNSAFE = ("[[", "]]", "=>")


def usable(text: str) -> bool:
    """Whether ``text`` can carry gold marks (it must not contain the markup itself)."""
    return not any(s in text for s in _UNSAFE)


def _stable(*parts: object) -> int:
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return int(h[:16], 16)


@dataclass
class Dictionary:
    """original key (tuple of lowercased words) -> [(spun form, weight)] per source."""

    habit: dict[tuple[str, ...], dict[str, float]] = field(default_factory=dict)
    thesaurus: dict[tuple[str, ...], dict[str, float]] = field(default_factory=dict)
    max_len: int = 1

    def add(self, which: str, original: str, spun: str, weight: float) -> None:
        o, s = original.strip().lower(), spun.strip().lower()
        if not o or not s or o == s or any(u in o + s for u in _UNSAFE):
            return
        if o.endswith(("'s", "’s")):
            # A possessive original ("war's" -> "battle's") has the key of the bare word
            # (tokens split the "'s" off): kept, it would spin a bare "war" into "battle's".
            return
        key = tuple(t.key for t in tokenize(o))
        if not key:
            return
        table = self.habit if which == "habit" else self.thesaurus
        forms = table.setdefault(key, {})
        forms[s] = max(forms.get(s, 0.0), weight)
        self.max_len = max(self.max_len, len(key))


def _read_tsv(path: Path):
    header = None
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if header is None:
                header = parts
                if parts[0] in ("spun", "original"):
                    continue
            yield parts


_INFLECT_TAGS = {"noun": ("NNS",), "verb": ("VBD", "VBN", "VBG", "VBZ"), "adj": ("JJR", "JJS")}


def _inflections(root: Path) -> dict[tuple[str, str], dict[str, str]]:
    table: dict[tuple[str, str], dict[str, str]] = {}
    path = root / "tables" / "inflections.tsv"
    if path.exists():
        for parts in _read_tsv(path):
            if len(parts) >= 4 and parts[0] != "lemma":
                table.setdefault((parts[0], parts[1]), {}).setdefault(parts[2], parts[3])
    return table


def _inflect(phrase: str, pos: str, tag: str, table) -> str | None:
    words = phrase.split(" ")
    index = 0 if pos == "verb" else len(words) - 1
    if pos == "adj" and len(words) > 1:
        return None
    forms = table.get((words[index].lower(), pos))
    if not forms or tag not in forms:
        return None
    words[index] = forms[tag]
    return " ".join(words)


def _lexicon_pairs():
    """(original, spun, weight) from the shipped spinner table and curated entries.

    Read straight from the data files (not through the engine's index) so that the
    emulation does not depend on engine internals."""
    import tomllib

    from restore._data import data_dir

    root = data_dir()
    for path in sorted((root / "tables").glob("spinner*.tsv")):
        if path.name == "spinner_learned.tsv":
            # Stand-ins and originals learned from the hand-spun gold (fit_learned_pairs.py): what
            # the writers who imitated the spinner did, not what the spinner is known to do.
            continue
        for parts in _read_tsv(path):
            if len(parts) >= 2:
                try:
                    w = float(parts[2]) if len(parts) > 2 and parts[2] else 1.0
                except ValueError:
                    w = 1.0
                yield parts[1], parts[0], w
    curated = sorted((root / "curated").glob("*.toml"))
    table = _inflections(root) if curated else {}
    for path in curated:
        try:
            doc = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for e in doc.get("entry", []):
            spun = e.get("spun") or []
            originals = e.get("originals") or []
            spun = [spun] if isinstance(spun, str) else spun
            originals = [originals] if isinstance(originals, str) else originals
            prior = float(e.get("prior", 0.5))
            mode = e.get("inflect", "")
            paired = bool(e.get("paired")) and len(spun) == len(originals)
            for j, s in enumerate(spun):
                # A paired entry's n-th form stands for its n-th original only.
                for k, o in ([(0, originals[j])] if paired else enumerate(originals)):
                    w = prior / (k + 1)
                    yield o, s, w
                    for tag in _INFLECT_TAGS.get(mode, ()):
                        si, oi = _inflect(s, mode, tag, table), _inflect(o, mode, tag, table)
                        if si and oi:
                            yield oi, si, w


def _seed_pairs(seeds_dir: Path | None):
    from restore import gold

    if seeds_dir is None or not seeds_dir.is_dir():
        return
    for path in sorted(seeds_dir.glob("*.txt")):
        if path.name.endswith(".spun.txt"):
            continue
        doc = gold.parse(path.read_text(encoding="utf-8"))
        for m in doc.marks:
            if m.alternatives and not m.optional:  # optional: the original is uncertain
                yield m.alternatives[0], m.spun


@lru_cache(maxsize=4)
def load_dictionary(forward_path: str | None = str(FORWARD_PATH), seeds_dir: str | None = None,
                    use_lexicons: bool = True) -> Dictionary:
    d = Dictionary()
    for original, forms in BUILTIN_HABITS.items():
        for spun, w in forms:
            d.add("habit", original, spun, w)
    for original, spun in _seed_pairs(Path(seeds_dir) if seeds_dir else None):
        d.add("habit", original, spun, 1.0)
    if use_lexicons:
        for original, spun, w in _lexicon_pairs():
            d.add("habit", original, spun, w)
    if forward_path and Path(forward_path).exists():
        for parts in _read_tsv(Path(forward_path)):
            if len(parts) < 2:
                continue
            try:
                p = float(parts[2]) if len(parts) > 2 and parts[2] else 1.0
            except ValueError:
                continue
            d.add("thesaurus", parts[0], parts[1], p)
    return d


def default_seeds_dir() -> Path | None:
    path = BENCH_DIR.parent / "seeds"
    return path if path.is_dir() else None


class Spinner:
    """A deterministic emulated spinner; ``seed`` picks one variant of the family."""

    def __init__(self, seed: int = 0, rate: tuple[float, float] = (0.6, 0.9), thesaurus_share: float = 0.15,
                 habit_choice: float = 0.85, dictionary: Dictionary | None = None):
        self.seed = seed
        self.rate = rate
        self.thesaurus_share = thesaurus_share
        self.habit_choice = habit_choice
        if dictionary is None:
            seeds = default_seeds_dir()
            dictionary = load_dictionary(str(FORWARD_PATH) if FORWARD_PATH.exists() else None,
                                         str(seeds) if seeds else None)
        self.dictionary = dictionary

    def knows(self, key: tuple[str, ...]) -> bool:
        if key in self.dictionary.habit:
            return True
        if key in self.dictionary.thesaurus:
            return (_stable("known", self.seed, " ".join(key)) % 10_000) < self.thesaurus_share * 10_000
        return False

    def _choose(self, key: tuple[str, ...], rng: random.Random) -> str | None:
        habit = self.dictionary.habit.get(key)
        thes = self.dictionary.thesaurus.get(key)
        pool = habit if habit and (not thes or rng.random() < self.habit_choice) else thes
        if not pool:
            return None
        forms = sorted(pool.items())
        total = sum(w for _, w in forms)
        x = rng.random() * total
        for form, w in forms:
            x -= w
            if x <= 0:
                return form
        return forms[-1][0]

    def spin(self, text: str, doc_id: str = "") -> str:
        """The spun document in gold markup: ``[[spun=>original]]`` at every change."""
        if not usable(text):
            raise ValueError("text contains gold markup characters ('[[', ']]' or '=>')")
        doc_rng = random.Random(_stable("doc", self.seed, doc_id))
        rate = doc_rng.uniform(*self.rate)
        decisions: dict[tuple[str, ...], str | None] = {}
        tokens = tokenize(text)
        keys = [t.key for t in tokens]
        d = self.dictionary
        out: list[str] = []
        pos = 0
        i, n = 0, len(tokens)
        while i < n:
            done = False
            for length in range(min(d.max_len, n - i), 0, -1):
                key = tuple(keys[i:i + length])
                if key not in d.habit and key not in d.thesaurus:
                    continue
                start, end = tokens[i].start, tokens[i + length - 1].end
                found = text[start:end]
                if not self._eligible(text, tokens, i, i + length, found):
                    continue
                if key not in decisions:
                    spun = None
                    if self.knows(key):
                        rng = random.Random(_stable("word", self.seed, doc_id, " ".join(key)))
                        if rng.random() < rate:
                            spun = self._choose(key, rng)
                    decisions[key] = spun
                spun = decisions[key]
                if spun is None:
                    continue
                replacement = transfer_case(found, spun)
                if replacement == found:
                    continue
                out.append(text[pos:start])
                out.append(f"[[{replacement}=>{found}]]")
                pos = end
                i += length
                done = True
                break
            if not done:
                i += 1
        out.append(text[pos:])
        return "".join(out)

    @staticmethod
    def _eligible(text: str, tokens, i: int, j: int, found: str) -> bool:
        # Plain words only: no digits, no acronyms, single spaces between the words, and not
        # glued to code-like or hyphenated neighbours ("lower-ranking", "os.path").
        if any(c.isdigit() for c in found) or "\n" in found:
            return False
        words = found.split(" ")
        if len(words) != j - i:
            return False
        if any(len(w) > 1 and w.isupper() for w in words):
            # Acronyms stay ("NATO", "US"); words in an all-capitals stretch are spun.
            neighbours = [tokens[k].text for k in (i - 1, j) if 0 <= k < len(tokens)]
            if not any(len(t) > 1 and t.isupper() for t in neighbours):
                return False
        start, end = tokens[i].start, tokens[j - 1].end
        before = text[start - 1:start] if start else ""
        after = text[end:end + 1]
        if before in ("-", "_", ".", "/", "@", "$", "`") or after in ("-", "_", "/", "(", "@", "`"):
            return False
        if after == "." and text[end + 1:end + 2].isalnum():
            return False
        return True


def spin_document(text: str, doc_id: str = "", seed: int = 0, **options) -> str:
    """Convenience wrapper: the gold-markup spun version of ``text``."""
    return Spinner(seed, **options).spin(text, doc_id)


def mark_density(marked: str) -> float:
    """Marks per word of a gold-markup document (for comparing with the seed)."""
    from restore import gold

    g = gold.parse(marked)
    words = len(re.findall(r"[^\W_]+", g.spun))
    return len(g.marks) / max(1, words)
