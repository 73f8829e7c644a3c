"""Loading and validating lexicons: curated TOML entries and bulk TSV tables.

Everything is compiled into one :class:`Lexicon`: a phrase index from token-key tuples to
the patterns that can produce a finding there. Data files are described in
``lexicons/README.md``.
"""
from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import regex

from ._data import data_dir
from .tokens import fold, tokenize

CASE_MODES = ("any", "title", "exact")
INFLECT_MODES = ("", "noun", "verb", "adj")
_INFLECT_TAGS = {"noun": ("NNS",), "verb": ("VBD", "VBN", "VBG", "VBZ"), "adj": ("JJR", "JJS")}
_CONTEXT_CHARS = 80


class LexiconError(ValueError):
    """An invalid lexicon file; the message names the file and the entry."""


class LazyPattern:
    """A context rule's pattern, compiled the first time it is used.

    The shipped lexicons hold about 4,300 distinct patterns. ``regex`` compiles in Python,
    and compiling them all at load took about half of start-up (2.7 of 5.8 s), though one
    text reaches only some of them. A compiled pattern is shared by every rule that has the
    same source and flags. The test suite compiles every shipped pattern; a user's lexicon
    is compiled as it loads (:func:`load_file`), so a bad pattern there is reported at once.
    """

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self._flags = flags
        self._compiled: regex.Pattern | None = None

    def compiled(self) -> regex.Pattern:
        if self._compiled is None:
            self._compiled = regex.compile(self.pattern, self._flags)
            # From now on the compiled pattern's own method answers, without this detour.
            self.search = self._compiled.search
        return self._compiled

    def search(self, *args, **kwargs):
        return self.compiled().search(*args, **kwargs)

    @property
    def flags(self) -> int:
        return self.compiled().flags

    def __reduce__(self):
        return (LazyPattern, (self.pattern, self._flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self._flags})"


_PATTERNS: dict[tuple[str, int], LazyPattern] = {}


@dataclass(frozen=True, slots=True)
class Rule:
    """Context evidence attached to an entry: regexes on the text around a match."""

    left: LazyPattern | None
    right: LazyPattern | None
    weight: float
    veto: bool
    reason: str
    # A veto that only says "no context cue for this reading": lifted in a document that is
    # certainly spun, where the entry's prior and the language model decide instead.
    unless_spun: bool = False
    # A veto that says the words are genuine here, not just that this entry's reading is
    # wrong: the bulk tables may not propose another original for them either.
    block_tables: bool = False
    # The one original (folded) the rule speaks for: its weight or veto applies to that
    # original only, so context can choose among an entry's originals ("did now not
    # respond": not, "now not lives": no longer). None: the whole entry.
    original: str | None = None

    def matches(self, text: str, start: int, end: int) -> bool:
        if self.left is not None and not self.left.search(text[max(0, start - _CONTEXT_CHARS):start]):
            return False
        if self.right is not None and not self.right.search(text[end:end + _CONTEXT_CHARS]):
            return False
        return True


#: The value of an entry's ``tell`` for a tell that needs company (see ``Entry.tell_alone``).
TELL_IN_COMPANY = "in company"
#: The value of an entry's ``tell`` for one that no context makes a tell (see
#: ``Entry.context_tells``).
TELL_NEVER = "never"


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    lexicon: str
    kind: str  # "curated" or "table"
    spun: tuple[str, ...]
    originals: tuple[str, ...]
    weights: tuple[float, ...]
    prior: float | None = None  # curated entries state it; table rows derive it
    tell: bool = False
    # A tell that is also grammatical English ("essentially the most"): it counts toward
    # the spin score, but proves its own damage only with other tells beside it.
    tell_alone: bool = True
    # Context rules whose weights reach engine.STRONG_CONTEXT make a finding a strong tell
    # ("Could" before a day number). False for an entry whose spun form stays ordinary
    # English wherever its rules look ("spread throughout Europe", "received a medal"):
    # its rules then choose and weigh its readings, but never prove a spinner at work.
    context_tells: bool = True
    case: str = "any"
    evidence: tuple[Rule, ...] = ()
    provenance: str = ""
    fix: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    keep_spun: tuple[str, ...] = ()
    source: str = ""  # the file it came from
    # Each spun form stands for the original at its own position only ("comes throughout"
    # -> "comes across", "coming throughout" -> "coming across"); otherwise every original
    # is a candidate for every spun form.
    paired: bool = False


@dataclass(frozen=True, slots=True)
class Pattern:
    """One spun form of one entry, with the originals that go with this exact form."""

    key: tuple[str, ...]
    form: str  # the spun form as written (for case checks)
    entry: Entry
    originals: tuple[str, ...]
    weights: tuple[float, ...]


@dataclass(frozen=True)
class _TableInfo:
    """What every row of one table shares."""

    lexicon: str
    source: str
    provenance: str


def _unpack(blob: str) -> list[tuple[float, str]]:
    """Rows kept as one compact string per spun form: "original\tweight\n..."."""
    rows = []
    for line in blob.split("\n"):
        original, _, weight = line.rpartition("\t")
        rows.append((float(weight), original))
    return rows


# Tables whose findings are evidence on their own (tortured phrases) rather than
# ambiguous candidates that need a spun document first.
ALWAYS_ON_PREFIXES = ("tortured", "composed")
# Tables of this spinner family's own dictionary (as opposed to mined thesauri).
SPINNER_PREFIX = "spinner"
# The mined thesaurus inverse: consulted for every word only on request (--thesaurus).
THESAURUS_PREFIX = "thesaurus"


@dataclass
class PhraseIndex:
    """Token-key tuples -> patterns, with the phrase lengths that start with each word.

    Bulk-table rows stay raw until a text contains their spun form: building hundreds of
    thousands of entries up front would dominate start-up time. They are kept as tuples of
    strings and numbers only, which the garbage collector stops tracking: tens of thousands
    of tracked lists here made every full collection, and so every document, slower.
    """

    patterns: dict[tuple[str, ...], list[Pattern]] = field(default_factory=dict)
    # key -> ((table number in Lexicon.table_infos, spun form as written, packed rows), ...),
    # turned into entries on first use
    pending: dict[tuple[str, ...], tuple[tuple[int, str, str], ...]] = field(default_factory=dict)
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # first word -> the words that follow it in some form of two or more words: most
    # phrases that start a document's words end at the second one ("the" starts hundreds
    # of forms), and one set test settles them all before any longer key is built.
    seconds: dict[str, set[str]] = field(default_factory=dict)
    # word -> its one-word patterns when they need no reading of the text (see
    # matcher._plain_patterns), or False; filled in as words are first met.
    plain_words: dict[str, "list[Pattern] | bool"] = field(default_factory=dict)
    # The words that are a form by themselves, and the first two words of every longer
    # form: with them the matcher finds the places where some form may start without a
    # Python step per word of the text (matcher.find_matches).
    single_words: set[str] = field(default_factory=set)
    openings: set[tuple[str, str]] = field(default_factory=set)

    def note(self, key: tuple[str, ...]) -> None:
        have = self.lengths.get(key[0], ())
        if len(key) not in have:
            self.lengths[key[0]] = tuple(sorted(have + (len(key),), reverse=True))
        if len(key) > 1:
            self.seconds.setdefault(key[0], set()).add(key[1])
            self.openings.add((key[0], key[1]))
        else:
            self.single_words.add(key[0])

    def starting(self, keys: Sequence[str], i: int) -> tuple[int, ...]:
        """The lengths of the forms that may start at ``keys[i]``, longest first: those of
        two or more words only when the next word continues one of them (``seconds``)."""
        lengths = self.lengths.get(keys[i], ())
        if lengths and lengths[0] > 1:
            followers = self.seconds.get(keys[i])
            if i + 1 >= len(keys) or followers is None or keys[i + 1] not in followers:
                return (1,) if lengths[-1] == 1 else ()
        return lengths

    def get(self, key: tuple[str, ...], lexicon: "Lexicon") -> list[Pattern] | None:
        pending = self.pending.pop(key, None)
        if pending:
            patterns = self.patterns.setdefault(key, [])
            for number, form, blob in pending:
                info = lexicon.table_infos[number]
                cands = sorted(_unpack(blob), key=lambda c: -c[0])
                entry = Entry(
                    id=f"{info.lexicon}:{' '.join(key)}", lexicon=info.lexicon, kind="table", spun=(form,),
                    originals=tuple(o for _, o in cands), weights=tuple(w for w, _ in cands),
                    provenance=info.provenance, source=info.source,
                    # A spun form written with capitals (a damaged name, "White Home") matches
                    # only text capitalised the same way, like a curated entry's case = "title".
                    case="title" if any(c.isupper() for c in form) else "any",
                )
                lexicon.entries[entry.id] = entry
                patterns.append(Pattern(key, form, entry, entry.originals, entry.weights))
            return patterns
        return self.patterns.get(key)


@dataclass
class Lexicon:
    entries: dict[str, Entry] = field(default_factory=dict)
    # Curated entries and always-on tables: matched in every document.
    main: PhraseIndex = field(default_factory=PhraseIndex)
    # Ambiguous bulk tables: matched only once a document looks spun. The spinner's own
    # dictionary is kept apart from the mined thesaurus: it alone is consulted for the
    # document model's soft tells.
    spinner: PhraseIndex = field(default_factory=PhraseIndex)
    # Rows of the spinner's tables written with capitals: damaged names ("White Home"). They
    # are looked up only where the spinner's tables are, never for soft tells.
    names: PhraseIndex = field(default_factory=PhraseIndex)
    # The mined thesaurus: every word is looked up only with --thesaurus.
    tables: PhraseIndex = field(default_factory=PhraseIndex)
    # Any other table (a user's own pairs, `--lexicon my.tsv`): looked up where the
    # spinner's tables are, with or without --thesaurus, never for soft tells.
    user: PhraseIndex = field(default_factory=PhraseIndex)
    tables_loaded: dict[str, str] = field(default_factory=dict)  # table name -> file
    table_infos: list[_TableInfo] = field(default_factory=list)  # numbered as in PhraseIndex.pending

    def patterns(self) -> set[LazyPattern]:
        """Every context pattern of the entries."""
        return {p for e in self.entries.values() for r in e.evidence for p in (r.left, r.right) if p is not None}

    def compile_patterns(self) -> None:
        """Compile every context pattern now, rather than each on its first use: the
        benchmark does, to time the steady state of a long run."""
        for p in self.patterns():
            p.compiled()

    def add(self, entry: Entry, forms: Iterable[tuple[str, tuple[str, ...], tuple[float, ...]]]) -> None:
        if entry.id in self.entries:
            raise LexiconError(f"{entry.source}: duplicate entry id {entry.id!r}")
        self.entries[entry.id] = entry
        for form, originals, weights in forms:
            key = tuple(t.key for t in tokenize(form))
            if not key:
                raise LexiconError(f"{entry.source}: entry {entry.id!r}: spun form {form!r} has no words")
            self.main.patterns.setdefault(key, []).append(Pattern(key, form, entry, originals, weights))
            self.main.note(key)

    def add_table(self, info: _TableInfo, rows: dict[tuple[str, ...], tuple[str, str]]) -> None:
        if info.lexicon in self.tables_loaded:
            raise LexiconError(f"{info.source}: a table named {info.lexicon!r} was already loaded "
                               f"from {self.tables_loaded[info.lexicon]}")
        self.tables_loaded[info.lexicon] = info.source
        if info.lexicon.startswith(ALWAYS_ON_PREFIXES):
            index = self.main
        elif info.lexicon.startswith(SPINNER_PREFIX):
            index = self.spinner
        elif info.lexicon.startswith(THESAURUS_PREFIX):
            index = self.tables
        else:
            index = self.user
        number = len(self.table_infos)
        self.table_infos.append(info)
        for key, (form, blob) in rows.items():
            target = self.names if index is self.spinner and form != form.lower() else index
            target.pending[key] = target.pending.get(key, ()) + ((number, form, blob),)
            target.note(key)

    def indexes(self) -> tuple[PhraseIndex, ...]:
        return (self.main, self.spinner, self.names, self.tables, self.user)

    def entry(self, entry_id: str) -> Entry | None:
        found = self.entries.get(entry_id)
        if found is None and ":" in entry_id:
            name, _, form = entry_id.partition(":")
            if name in self.tables_loaded:
                key = tuple(form.split(" "))
                for index in self.indexes():
                    index.get(key, self)
                found = self.entries.get(entry_id)
        return found

    def all_entries(self) -> list[Entry]:
        """Every entry, building table entries as needed (slow: for tests and tools)."""
        for index in self.indexes():
            for key in list(index.pending):
                index.get(key, self)
        return list(self.entries.values())

    def __bool__(self) -> bool:
        return True  # a lexicon is never falsy; counting its entries is costly

    def __len__(self) -> int:
        built = len(self.entries)
        pending = sum(len(v) for index in self.indexes()
                      for v in index.pending.values())
        return built + pending


# --------------------------------------------------------------------------- inflection

@lru_cache(maxsize=1)
def _inflection_table() -> dict[tuple[str, str], dict[str, str]]:
    """(lemma, pos) -> {tag: form}, built at build time with lemminflect."""
    path = data_dir() / "tables" / "inflections.tsv"
    table: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    if not path.exists():
        return table
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 4 or parts[0] == "lemma":
                continue
            lemma, pos, tag, form = parts[:4]
            table[(lemma, pos)].setdefault(tag, form)
    return table


@lru_cache(maxsize=1)
def _verb_tags() -> dict[str, frozenset[str]]:
    """word form -> the verb tags it can carry ("closed": VBD, VBN; "put": VB, VBD, VBN)."""
    tags: dict[str, set[str]] = defaultdict(set)
    for (_lemma, pos), forms in _inflection_table().items():
        if pos == "verb":
            for tag, form in forms.items():
                tags[form.lower()].add(tag)
    return {form: frozenset(t) for form, t in tags.items()}


@lru_cache(maxsize=1)
def _adjectives() -> frozenset[str]:
    return frozenset(forms["JJ"].lower() for (_lemma, pos), forms in _inflection_table().items()
                     if pos == "adj" and "JJ" in forms)


def is_adjective(word: str) -> bool:
    """Whether the morphology table knows the word as a plain adjective ("unclear", "open")."""
    return word.lower() in _adjectives()


def verb_tags(word: str) -> frozenset[str]:
    """The verb tags (Penn: VB, VBD, VBN, VBZ, VBG, VBP) a word form can carry; empty when
    the morphology table knows it as no verb form."""
    return _verb_tags().get(word.lower(), frozenset())


def _inflect_phrase(phrase: str, pos: str, tag: str) -> str | None:
    words = phrase.split(" ")
    index = 0 if pos == "verb" else len(words) - 1
    if pos == "adj" and len(words) > 1:
        return None
    forms = _inflection_table().get((words[index].lower(), pos))
    if not forms or tag not in forms:
        return None
    words[index] = forms[tag]
    return " ".join(words)


def _candidates(entry: Entry, k: int) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The originals (and their weights) of the entry's ``k``-th spun form."""
    if entry.paired:
        return (entry.originals[k],), (entry.weights[k],)
    return entry.originals, entry.weights


def _expand_inflections(entry: Entry, mode: str) -> list[tuple[str, tuple[str, ...], tuple[float, ...]]]:
    forms = [(s, *_candidates(entry, k)) for k, s in enumerate(entry.spun)]
    if not mode:
        return forms
    for tag in _INFLECT_TAGS[mode]:
        for k, spun in enumerate(entry.spun):
            inflected = _inflect_phrase(spun, mode, tag)
            if inflected is None or fold(inflected) == fold(spun):
                continue
            originals, weights = _candidates(entry, k)
            pairs = [(_inflect_phrase(o, mode, tag), w) for o, w in zip(originals, weights)]
            pairs = [(o, w) for o, w in pairs if o]
            if pairs:
                forms.append((inflected, tuple(o for o, _ in pairs), tuple(w for _, w in pairs)))
    return forms


# --------------------------------------------------------------------------- TOML

def _compile(pattern: object, where: str, left: bool = False, check: bool = True) -> LazyPattern | None:
    """A context rule's pattern, compiled now when ``check`` (else on first use). A ``left``
    pattern anchored at its end (``\\Z``, "right where the match begins") is compiled to
    search backwards from that end: searched forwards it is tried at each of the 80
    characters before the match, and such rules were a tenth of a clean text's time.
    Whether it matches is the same either way."""
    if pattern is None:
        return None
    if not isinstance(pattern, str):
        raise LexiconError(f"{where}: context pattern must be a string")
    strict = _strict_end(pattern)
    key = (strict, regex.REVERSE if left and strict.endswith(r"\Z") else 0)
    lazy = _PATTERNS.get(key) or _PATTERNS.setdefault(key, LazyPattern(*key))
    if check:
        try:
            lazy.compiled()
        except regex.error as exc:
            raise LexiconError(f"{where}: bad regex {pattern!r}: {exc}") from exc
    return lazy


def _strict_end(pattern: str) -> str:
    """``pattern`` with every end anchor ``$`` made ``\\Z``. Context rules are searched in
    the text just before (or after) a match, and an entry's author means by ``$`` "right
    where the match begins"; but ``$`` also matches before a final newline, so at the start
    of a line "not at a sentence start" (``(?<![.!?]\\s)$``) would hold just before the
    newline. Escaped dollars and dollars in character classes are left as they are."""
    if "$" not in pattern:
        return pattern
    out, i, n, in_class = [], 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            out.append(c)
            i += 1
            if pattern[i:i + 1] == "^":
                out.append("^")
                i += 1
            if pattern[i:i + 1] == "]":  # a "]" first in a class is a literal
                out.append("]")
                i += 1
            continue
        elif c == "$":
            out.append("\\Z")
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _strings(value: object, where: str, name: str, required: bool = False) -> tuple[str, ...]:
    if value is None:
        if required:
            raise LexiconError(f"{where}: missing {name!r}")
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"{where}: {name!r} must be a list of non-empty strings")
    if required and not value:
        raise LexiconError(f"{where}: {name!r} is empty")
    return tuple(value)


def parse_toml(text: str, source: str, lexicon: Lexicon, check_patterns: bool = True) -> None:
    """Add the entries of a curated TOML file. ``check_patterns=False`` leaves its context
    patterns to be compiled on first use (the shipped files, which the tests compile)."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{source}: not valid TOML: {exc}") from exc
    meta = doc.get("lexicon", {})
    name = meta.get("name") or Path(source).stem
    entries = doc.get("entry", [])
    if not isinstance(entries, list):
        raise LexiconError(f"{source}: [[entry]] blocks expected")
    for i, raw in enumerate(entries):
        where = f"{source}: entry #{i + 1}"
        entry_id = raw.get("id")
        if not isinstance(entry_id, str) or not entry_id:
            raise LexiconError(f"{where}: missing 'id'")
        where = f"{source}: entry {entry_id!r}"
        unknown = set(raw) - {"id", "spun", "originals", "prior", "tell", "case", "inflect", "evidence",
                              "provenance", "fix", "keep", "keep_spun", "note", "weights", "counts", "paired"}
        if unknown:
            raise LexiconError(f"{where}: unknown field(s) {sorted(unknown)}")
        spun = _strings(raw.get("spun"), where, "spun", required=True)
        originals = _strings(raw.get("originals"), where, "originals", required=True)
        prior = raw.get("prior", 0.5)
        if not isinstance(prior, (int, float)) or not 0.0 < float(prior) < 1.0:
            raise LexiconError(f"{where}: 'prior' must be a number strictly between 0 and 1")
        case = raw.get("case", "any")
        if case not in CASE_MODES:
            raise LexiconError(f"{where}: 'case' must be one of {CASE_MODES}")
        inflect = raw.get("inflect", "")
        if inflect not in INFLECT_MODES:
            raise LexiconError(f"{where}: 'inflect' must be one of {INFLECT_MODES}")
        tell = raw.get("tell", False)
        if tell not in (True, False, TELL_IN_COMPANY, TELL_NEVER):
            raise LexiconError(f"{where}: 'tell' must be true, false, {TELL_IN_COMPANY!r} or {TELL_NEVER!r}")
        paired = raw.get("paired", False)
        if paired not in (True, False):
            raise LexiconError(f"{where}: 'paired' must be true or false")
        if paired and len(spun) != len(originals):
            raise LexiconError(f"{where}: 'paired' needs as many originals as spun forms "
                               f"({len(spun)} spun, {len(originals)} originals)")
        rules = []
        for j, ev in enumerate(raw.get("evidence", [])):
            w = f"{where}: evidence #{j + 1}"
            if not isinstance(ev, dict) or not ({"left", "right"} & set(ev)):
                raise LexiconError(f"{w}: needs 'left' and/or 'right'")
            weight = ev.get("weight", 0.0)
            if not isinstance(weight, (int, float)):
                raise LexiconError(f"{w}: 'weight' must be a number")
            for_original = ev.get("original")
            if for_original is not None and (not isinstance(for_original, str) or fold(for_original)
                                             not in {fold(o) for o in originals}):
                raise LexiconError(f"{w}: 'original' must be one of the entry's originals")
            if for_original is not None and ev.get("block_tables"):
                raise LexiconError(f"{w}: block_tables speaks for the words, not for one original")
            rules.append(Rule(_compile(ev.get("left"), w, left=True, check=check_patterns),
                              _compile(ev.get("right"), w, check=check_patterns), float(weight),
                              bool(ev.get("veto", False)), str(ev.get("reason", "")),
                              bool(ev.get("unless_spun", False)), bool(ev.get("block_tables", False)),
                              fold(for_original) if for_original is not None else None))
        n = len(originals)
        # Alternatives are ranked by position; paired originals are each the only one of their form.
        weights = tuple(raw.get("weights") or ([1.0] * n if paired else [round(1.0 / (k + 1), 4) for k in range(n)]))
        entry = Entry(
            id=entry_id, lexicon=name, kind="curated", spun=spun, originals=originals, weights=weights,
            prior=float(prior), tell=tell in (True, TELL_IN_COMPANY), tell_alone=tell != TELL_IN_COMPANY,
            context_tells=tell != TELL_NEVER,
            # Vetoes first: one that holds settles the match (engine._weigh_rules), so the
            # rules after it need not be read; the others keep their order, and so do the
            # reasons they give. In clean prose this reads two fifths fewer rules.
            case=case, evidence=tuple(sorted(rules, key=lambda r: not r.veto)),
            provenance=str(raw.get("provenance", meta.get("provenance", ""))),
            fix=_strings(raw.get("fix"), where, "fix"), keep=_strings(raw.get("keep"), where, "keep"),
            keep_spun=_strings(raw.get("keep_spun"), where, "keep_spun"), source=source, paired=paired,
        )
        lexicon.add(entry, _expand_inflections(entry, inflect))


# --------------------------------------------------------------------------- TSV

# No possessive "'s" in the fast path: tokenize() splits it off the word.
_SIMPLE_FORM = re.compile(r"[a-z0-9]+(?:'(?!s(?: |$))[a-z0-9]+)*(?: [a-z0-9]+(?:'(?!s(?: |$))[a-z0-9]+)*)*")


def _table_key(form: str, folded: str | None = None) -> tuple[str, ...]:
    """The token keys of a table's spun form (``folded``: its :func:`fold`, when known)."""
    if folded is None:
        folded = fold(form)
    if _SIMPLE_FORM.fullmatch(folded):
        return tuple(folded.split(" "))  # fast path: plain lowercase words
    return tuple(t.key for t in tokenize(form))


def parse_tsv(lines: Iterable[str], source: str, lexicon: Lexicon) -> None:
    """Read a table. Rows are kept packed (one string per spun form) until first use:
    a mined table has hundreds of thousands of rows and most never occur in a text."""
    name = Path(source).stem
    provenance: list[str] = []
    rows: dict[tuple[str, ...], tuple[str, str]] = {}
    seen: dict[tuple[str, ...], set[str]] = {}
    header_seen = False
    # A table's rows come grouped by spun form: its fold and key are read once per group.
    last_spun = spun_folded = None
    key: tuple[str, ...] = ()
    for lineno, line in enumerate(lines, 1):
        line = line.rstrip("\n").rstrip("\r")
        if not line or line.isspace():
            continue
        if line[0] == "#":
            body = line[1:].strip()
            if body.startswith("name:"):
                name = body[5:].strip() or name
            elif body.startswith("provenance:"):
                provenance.append(body[11:].strip())
            continue
        parts = line.split("\t")
        if not header_seen:
            header_seen = True
            if parts[:2] == ["spun", "original"]:
                continue
        if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
            raise LexiconError(f"{source}:{lineno}: expected 'spun<TAB>original[<TAB>weight]'")
        try:
            weight = float(parts[2]) if len(parts) > 2 and parts[2].strip() else 1.0
        except ValueError as exc:
            raise LexiconError(f"{source}:{lineno}: weight {parts[2]!r} is not a number") from exc
        spun, original = parts[0].strip(), parts[1].strip()
        if spun != last_spun:
            last_spun, spun_folded = spun, fold(spun)
            key = _table_key(spun, spun_folded)
        if spun_folded == fold(original):
            continue
        if not key:
            raise LexiconError(f"{source}:{lineno}: spun form {spun!r} has no words")
        have = rows.get(key)
        if have is None:
            rows[key] = (spun, f"{original}\t{weight!r}")
            seen[key] = {original}
        elif original not in seen[key]:
            # Spelling variants of one form ("low-cost", "low cost") share their rows.
            rows[key] = (have[0], f"{have[1]}\n{original}\t{weight!r}")
            seen[key].add(original)
    del seen
    lexicon.add_table(_TableInfo(name, source, "; ".join(provenance)), rows)


# --------------------------------------------------------------------------- loading

def read_text_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read lexicon: {exc.strerror or exc}") from exc


def load_file(path: Path, lexicon: Lexicon, check_patterns: bool = True) -> None:
    if path.suffix == ".toml":
        parse_toml(read_text_file(path), str(path), lexicon, check_patterns)
    elif path.suffix in (".tsv", ".txt"):
        try:
            with path.open(encoding="utf-8") as fh:
                parse_tsv(fh, str(path), lexicon)
        except UnicodeDecodeError as exc:
            raise LexiconError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
        except OSError as exc:
            raise LexiconError(f"{path}: cannot read lexicon: {exc.strerror or exc}") from exc
    else:
        raise LexiconError(f"{path}: unknown lexicon type (use .toml or .tsv)")


def builtin_files() -> list[Path]:
    root = data_dir()
    files = sorted((root / "curated").glob("*.toml")) + sorted((root / "tables").glob("*.tsv"))
    files += sorted((root / "tortured").glob("*.toml")) + sorted((root / "tortured").glob("*.tsv"))
    # inflections.tsv is a morphology table and spelling.tsv a table of spelling variants
    # (restore/spelling.py), not lexicons.
    return [f for f in files if f.name not in ("inflections.tsv", "spelling.tsv")]


@lru_cache(maxsize=8)
def load(extra: tuple[Path, ...] = (), builtin: bool = True) -> Lexicon:
    lexicon = Lexicon()
    # The shipped files' patterns are compiled on first use; a user's, as they load.
    for path in builtin_files() if builtin else []:
        load_file(path, lexicon, check_patterns=False)
    for path in extra:
        load_file(Path(path), lexicon)
    return lexicon
