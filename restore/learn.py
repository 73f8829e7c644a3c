"""Learn lexicon entries from (original, spun) pairs.

``propose(pairs)`` aligns each pair (:mod:`restore.align`) and turns the substitutions into
proposed curated entries (the TOML schema of ``docs/DESIGN.md``):

* multiword substitutions with the same number of words on both sides are split into
  word pairs ("Workplace instructed" -> "Office told" gives two entries), except that an
  article that changed between "a" and "an" stays with its word ("an entire" -> "a
  complete"); the whole swap is proposed as well when one of its words is ambiguous on
  its own ("all sides" -> "each side"); uneven swaps stay phrase entries ("befell" ->
  "took place"); pure number/punctuation changes are skipped;
* a spun form that the pairs never show unchanged is *certain* in the pairs, but a few
  pairs are no proof that it is never plain English ("battle", "mentioned"): it gets a
  modest prior (LEARNED_PRIOR) and ``tell = false``, so that it applies in documents that
  other tells show to be spun and leaves a clean document alone; a person who has
  reviewed an entry raises its prior or sets ``tell = true``;
* a spun form that the pairs also show unchanged ("on" for "at") is *ambiguous*: a very
  low prior, no tell, and context rules learned from the neighbouring words that were
  seen only where it was a substitution; it applies only in those contexts.

Counts live in the entry's ``note`` (``learned by restore-text learn, not reviewed: {json}``,
per pair), so that learning the same pair again replaces its counts instead of adding them
twice. ``merge`` combines new proposals with the entries of an existing file (same spun form
-> one entry). An existing file is never silently re-serialised: new entries are appended as
text, and a file whose entries change is rewritten only after a backup of it when it holds
anything (comments, layout) that the rewrite would lose.
"""
from __future__ import annotations

import json
import re
import tempfile
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .align import Alignment, Sentence, Substitution, align
from .gold import parse as parse_gold
from .inputs import display_name, read_path, write_atomic
from .lexicon import Lexicon, load_file
from .tokens import Token, fold, phrase_key, tokenize

__all__ = ["Pair", "Proposal", "read_pair", "propose", "to_entries", "merge", "dump_toml", "learn"]

NOTE_PREFIX = "learned "  # also how notes written before "by restore-text learn" began
NOTE = NOTE_PREFIX + "by restore-text learn, not reviewed: "
# The prior of a form the pairs never show unchanged: above the default threshold (0.55) in
# a spun document, and, without a tell, scaled down by the spin score of a clean one.
LEARNED_PRIOR = 0.7
MAX_FIX = 3
MAX_KEEP = 3
MAX_RULES = 12
CONTEXT_WEIGHT = 4.0
AMBIGUOUS_PRIOR = 0.01
_ARTICLES = {"a", "an"}
_EXAMPLE_WORDS = 14


@dataclass(frozen=True)
class Pair:
    original: str
    spun: str
    label: str  # names the pair files, for provenance


def read_pair(original_path: str | Path, spun_path: str | Path | None = None, encoding: str = "utf-8") -> Pair:
    """A pair from two files, or from one gold-markup file (``[[spun=>original]]``)."""
    if spun_path is None:
        doc = parse_gold(read_path(original_path, encoding))
        return Pair(doc.original, doc.spun, f"{display_name(Path(original_path).name)} (gold markup)")
    return Pair(read_path(original_path, encoding), read_path(spun_path, encoding),
                f"{display_name(Path(original_path).name)} -> {display_name(Path(spun_path).name)}")


# --------------------------------------------------------------------------- observation


@dataclass
class _Occurrence:
    left: str | None
    right: str | None


@dataclass
class Proposal:
    """Everything learned about one spun form, per pair."""

    key: tuple[str, ...]
    form: str
    originals: Counter = field(default_factory=Counter)
    substituted: int = 0
    unchanged: int = 0
    title_mid: int = 0  # substituted mid-sentence with a capital ("on Could 19")
    lower_mid: int = 0
    fix_contexts: list[_Occurrence] = field(default_factory=list)
    keep_contexts: list[_Occurrence] = field(default_factory=list)
    fix_examples: list[str] = field(default_factory=list)
    fix_tags: list = field(default_factory=list)  # per example: the enclosing multiword swap, if split
    keep_examples: list[str] = field(default_factory=list)
    pairs: dict[str, dict] = field(default_factory=dict)
    # A multiword swap that was also split into word pairs: its word-level keys. It is
    # proposed as well when one of those words is ambiguous ("all sides" -> "each side").
    parts: tuple[tuple[str, ...], ...] = ()


def _trim(text: str, sentence: Sentence, lo: int, hi: int) -> tuple[int, int]:
    """A window of the sentence around text[lo:hi], cut at word boundaries."""
    toks = sentence.tokens
    first = next((k for k, t in enumerate(toks) if t.end > lo), 0)
    last = next((k for k in range(len(toks) - 1, -1, -1) if toks[k].start < hi), len(toks) - 1)
    a = max(0, first - _EXAMPLE_WORDS)
    b = min(len(toks) - 1, last + _EXAMPLE_WORDS)
    start = sentence.start if a == 0 else toks[a].start
    end = sentence.end if b == len(toks) - 1 else toks[b].end
    return start, end


def _mark(text: str, start: int, end: int, lo: int, hi: int, original: str) -> str:
    return f"{text[start:lo]}[[{text[lo:hi]}=>{original}]]{text[hi:end]}"


def _units(sub: Substitution, al: Alignment) -> list[tuple[list[Token], list[Token]]]:
    """Word-level units of a substitution: (original tokens, spun tokens)."""
    o_toks = [t for t in al.orig_sentences[sub.orig_sentence].tokens if sub.orig_start <= t.start < sub.orig_end]
    s_toks = [t for t in al.spun_sentences[sub.spun_sentence].tokens if sub.spun_start <= t.start < sub.spun_end]
    if len(o_toks) != len(s_toks) or len(o_toks) < 2:
        return [(o_toks, s_toks)]
    units: list[tuple[list[Token], list[Token]]] = []
    pending: tuple[Token, Token] | None = None
    for ot, st in zip(o_toks, s_toks):
        if ot.key in _ARTICLES and st.key in _ARTICLES and ot.key != st.key:
            pending = (ot, st)  # "an entire" -> "a complete": the article goes with its word
            continue
        if ot.key == st.key:
            pending = None
            continue
        if pending is not None:
            units.append(([pending[0], ot], [pending[1], st]))
            pending = None
        else:
            units.append(([ot], [st]))
    return units


def _is_number(toks: list[Token]) -> bool:
    return all(t.key.isdigit() for t in toks)


class _Doc:
    """Sentence-start flags in document terms (tokenize() marks starts per sentence slice)."""

    def __init__(self, sentences: list[Sentence]):
        self.first = {s.tokens[0].start for s in sentences}

    def starts(self, tok: Token) -> bool:
        return tok.start in self.first


def _observe_pair(pair: Pair, props: dict[tuple[str, ...], Proposal], al: Alignment | None = None) -> Alignment:
    al = al or align(pair.original, pair.spun)
    o_doc, s_doc = _Doc(al.orig_sentences), _Doc(al.spun_sentences)
    seen: dict[tuple[str, ...], Proposal] = {}

    def prop_for(key: tuple[str, ...], form: str) -> Proposal:
        p = seen.get(key)
        if p is None:
            p = seen[key] = Proposal(key, form)
        return p

    covered: dict[int, set[int]] = {}  # spun sentence -> token indices inside substitutions
    for sub in al.substitutions:
        s_sent = al.spun_sentences[sub.spun_sentence]
        idx = [k for k, t in enumerate(s_sent.tokens) if sub.spun_start <= t.start < sub.spun_end]
        covered.setdefault(sub.spun_sentence, set()).update(idx)
        units = _units(sub, al)
        if len(units) > 1:
            o_all = [t for t in al.orig_sentences[sub.orig_sentence].tokens if sub.orig_start <= t.start < sub.orig_end]
            s_all = [t for t in s_sent.tokens if sub.spun_start <= t.start < sub.spun_end]
            parts = tuple(tuple(t.key for t in st) for _, st in units)
            compound = tuple(t.key for t in s_all)
            units = [(o, st, None, compound) for o, st in units] + [(o_all, s_all, parts, None)]
        else:
            units = [(o, st, None, None) for o, st in units]
        for unit in units:
            o_toks, s_toks, unit_parts, tag = unit
            if not o_toks or not s_toks or (_is_number(o_toks) and _is_number(s_toks)):
                continue
            if _is_number(o_toks) or _is_number(s_toks):
                continue
            key = tuple(t.key for t in s_toks)
            if key == tuple(t.key for t in o_toks):
                continue
            lo, hi = s_toks[0].start, s_toks[-1].end
            form = phrase_key(pair.spun[lo:hi])
            p = prop_for(key, form)
            if unit_parts:
                p.parts = unit_parts
            original = pair.original[o_toks[0].start:o_toks[-1].end]
            if o_doc.starts(o_toks[0]) and original[:1].isupper() and o_toks[0].text[1:] == o_toks[0].text[1:].lower():
                original = original[:1].lower() + original[1:]
            p.originals[original] += 1
            p.substituted += 1
            if not s_doc.starts(s_toks[0]):
                if s_toks[0].text[:1].isupper():
                    p.title_mid += 1
                else:
                    p.lower_mid += 1
            k0 = s_sent.tokens.index(s_toks[0])
            k1 = s_sent.tokens.index(s_toks[-1])
            left = s_sent.tokens[k0 - 1].key if k0 > 0 else None
            right = s_sent.tokens[k1 + 1].key if k1 + 1 < len(s_sent.tokens) else None
            p.fix_contexts.append(_Occurrence(left, right))
            if len(p.fix_examples) < MAX_FIX * 3:
                shown = original if not s_toks[0].text[:1].isupper() else original[:1].upper() + original[1:]
                o_sent = al.orig_sentences[sub.orig_sentence]
                j0 = o_sent.tokens.index(o_toks[0])
                if (k0 > 0 and j0 > 0 and s_sent.tokens[k0 - 1].key in _ARTICLES
                        and o_sent.tokens[j0 - 1].key in _ARTICLES
                        and s_sent.tokens[k0 - 1].key != o_sent.tokens[j0 - 1].key):
                    # "an [[entire=>complete]]" -> "[[an entire=>a complete]]": the engine re-chooses it
                    art_s, art_o = s_sent.tokens[k0 - 1], o_sent.tokens[j0 - 1]
                    shown = pair.original[art_o.start:o_toks[0].start] + original
                    if art_s.text[:1].isupper():
                        shown = shown[:1].upper() + shown[1:]
                    lo = art_s.start
                start, end = _trim(pair.spun, s_sent, lo, hi)
                p.fix_examples.append(_mark(pair.spun, start, end, lo, hi, shown))
                p.fix_tags.append(tag)

    # Second pass: where the learned spun forms (and originals) stand unchanged.
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for key in seen:
        by_first.setdefault(key[0], []).append(key)
    originals_by_first: dict[str, list[tuple[tuple[str, ...], Proposal]]] = {}
    for p in seen.values():
        for orig in p.originals:
            okey = tuple(t.key for t in tokenize(orig))
            if okey:
                originals_by_first.setdefault(okey[0], []).append((okey, p))
    for pr in al.aligned_pairs:
        s_sent = al.spun_sentences[pr.spun]
        o_sent = al.orig_sentences[pr.orig]
        tmap = al.token_maps.get(pr.spun, {})
        keys = s_sent.keys
        cov = covered.get(pr.spun, set())
        for k in range(len(keys)):
            for key in by_first.get(keys[k], ()):
                n = len(key)
                if tuple(keys[k:k + n]) != key or any((k + d) in cov or (k + d) not in tmap for d in range(n)):
                    continue
                p = seen[key]
                p.unchanged += 1
                left = keys[k - 1] if k > 0 else None
                right = keys[k + n] if k + n < len(keys) else None
                p.keep_contexts.append(_Occurrence(left, right))
                if len(p.keep_examples) < MAX_KEEP:
                    oi = tmap[k]
                    o_tok, o_end = o_sent.tokens[oi], o_sent.tokens[tmap[k + n - 1]]
                    start, end = _trim(pair.original, o_sent, o_tok.start, o_end.end)
                    p.keep_examples.append(pair.original[start:end])
        # The originals left unchanged (weaker keep examples: the entry must not touch them).
        o_keys = o_sent.keys
        inv = {v: u for u, v in tmap.items()}
        for k in range(len(o_keys)):
            for key, p in originals_by_first.get(o_keys[k], ()):
                n = len(key)
                if tuple(o_keys[k:k + n]) != key or any((k + d) not in inv for d in range(n)):
                    continue
                if len(p.keep_examples) < MAX_KEEP and p.unchanged == 0:
                    start, end = _trim(pair.original, o_sent, o_sent.tokens[k].start, o_sent.tokens[k + n - 1].end)
                    ex = pair.original[start:end]
                    if ex not in p.keep_examples:
                        p.keep_examples.append(ex)

    for key, p in seen.items():
        p.pairs[pair.label] = {"substituted": p.substituted, "unchanged": p.unchanged,
                               "originals": dict(p.originals.most_common())}
        tgt = props.get(key)
        if tgt is None:
            props[key] = p
        else:
            _absorb(tgt, p)
    return al


def _absorb(tgt: Proposal, p: Proposal) -> None:
    tgt.originals.update(p.originals)
    tgt.substituted += p.substituted
    tgt.unchanged += p.unchanged
    tgt.title_mid += p.title_mid
    tgt.lower_mid += p.lower_mid
    tgt.fix_contexts += p.fix_contexts
    tgt.keep_contexts += p.keep_contexts
    for ex, tag in zip(p.fix_examples, p.fix_tags):
        if ex not in tgt.fix_examples and len(tgt.fix_examples) < MAX_FIX * 3:
            tgt.fix_examples.append(ex)
            tgt.fix_tags.append(tag)
    tgt.keep_examples = (tgt.keep_examples + [e for e in p.keep_examples if e not in tgt.keep_examples])[:MAX_KEEP]
    tgt.pairs.update(p.pairs)
    tgt.parts = tgt.parts or p.parts


def propose(pairs: Iterable[Pair]) -> dict[tuple[str, ...], Proposal]:
    props: dict[tuple[str, ...], Proposal] = {}
    for pair in pairs:
        _observe_pair(pair, props)
    return props


# --------------------------------------------------------------------------- entries


def _word_re(word: str) -> str:
    return re.escape(word).replace("'", "['’]")


def _rules(p: Proposal) -> list[dict]:
    """Context rules from neighbours seen only where the form was a substitution."""
    keep_left = {c.left for c in p.keep_contexts}
    keep_right = {c.right for c in p.keep_contexts}
    keep_both = {(c.left, c.right) for c in p.keep_contexts}
    rules: list[dict] = []
    for c in p.fix_contexts:
        if c.left is not None and c.left not in keep_left:
            rule = {"left": f"(?i)\\b{_word_re(c.left)}\\W+$", "weight": CONTEXT_WEIGHT,
                    "reason": f"after {c.left!r}, as in the learned pair"}
        elif c.right is not None and c.right not in keep_right:
            rule = {"right": f"(?i)^\\W+{_word_re(c.right)}\\b", "weight": CONTEXT_WEIGHT,
                    "reason": f"before {c.right!r}, as in the learned pair"}
        elif c.left is not None and c.right is not None and (c.left, c.right) not in keep_both:
            rule = {"left": f"(?i)\\b{_word_re(c.left)}\\W+$",
                    "right": f"(?i)^\\W+{_word_re(c.right)}\\b", "weight": CONTEXT_WEIGHT,
                    "reason": f"between {c.left!r} and {c.right!r}, as in the learned pair"}
        else:
            continue
        if rule not in rules:
            rules.append(rule)
    return rules[:MAX_RULES]


def _slug(key: tuple[str, ...]) -> str:
    return re.sub(r"[^a-z0-9]+", "-", " ".join(key).replace("'", "")).strip("-") or "x"


def _derive(entry: dict, counts: dict[str, dict]) -> None:
    """Set originals, weights, prior and tell from the per-pair counts."""
    originals: Counter = Counter()
    substituted = unchanged = 0
    for c in counts.values():
        originals.update(c.get("originals", {}))
        substituted += int(c.get("substituted", 0))
        unchanged += int(c.get("unchanged", 0))
    ranked = [o for o, _ in sorted(originals.items(), key=lambda kv: (-kv[1], kv[0]))]
    total = sum(originals.values()) or 1
    entry["originals"] = ranked
    entry["weights"] = [round(originals[o] / total, 4) for o in ranked]
    # Never a tell: a learned entry must not make a clean document read as spun.
    entry["prior"] = LEARNED_PRIOR if unchanged == 0 else AMBIGUOUS_PRIOR
    entry["tell"] = False
    entry["note"] = NOTE + json.dumps(
        {"substituted": substituted, "unchanged": unchanged, "pairs": counts}, ensure_ascii=False, sort_keys=True)


def _provenance(labels: Iterable[str]) -> str:
    return "learned by restore-text learn from " + "; ".join(sorted(labels))


def to_entries(props: dict[tuple[str, ...], Proposal], name: str) -> list[dict]:
    def compound_needed(p: Proposal) -> bool:
        # A multiword swap split into word pairs is proposed whole only when one of its
        # words is ambiguous on its own ("all sides" -> "each side": "all" is often kept).
        return any(props.get(k) is None or props[k].unchanged > 0 for k in p.parts)

    emitted_compounds = {k for k, p in props.items() if p.parts and compound_needed(p)}
    entries = []
    for key, p in sorted(props.items(), key=lambda kv: kv[0]):
        if not p.originals:
            continue
        if p.parts and key not in emitted_compounds:
            continue  # the word pairs are all certain: they do the job on their own
        examples = [ex for ex, tag in zip(p.fix_examples, p.fix_tags) if tag not in emitted_compounds]
        if not examples:
            continue  # only ever seen inside a multiword swap that is proposed whole
        entry: dict = {"id": f"{name}.{_slug(key)}", "spun": [p.form]}
        if p.title_mid and not p.lower_mid:
            entry["case"] = "title"
        _derive(entry, p.pairs)
        if entry["prior"] == AMBIGUOUS_PRIOR:
            rules = _rules(p)
            if rules:
                entry["evidence"] = rules
        entry["provenance"] = _provenance(p.pairs)
        entry["fix"] = examples[:MAX_FIX]
        if p.keep_examples:
            entry["keep"] = list(p.keep_examples)
        entries.append(entry)
    return entries


def _learned_counts(entry: dict) -> dict | None:
    note = entry.get("note")
    if not isinstance(note, str) or not note.startswith(NOTE_PREFIX):
        return None
    try:
        data = json.loads(note[note.index("{"):])
    except (ValueError, json.JSONDecodeError):
        return None
    pairs = data.get("pairs")
    return pairs if isinstance(pairs, dict) else None


def _spun_keys(entry: dict) -> set[str]:
    spun = entry.get("spun", [])
    if isinstance(spun, str):
        spun = [spun]
    return {phrase_key(s) for s in spun if isinstance(s, str)}


def merge(existing: list[dict], new: list[dict]) -> list[dict]:
    """Merge ``new`` entries into ``existing`` ones: an entry with the same spun form is
    updated (counts per pair replaced, originals/examples/rules joined), never duplicated."""
    out = [dict(e) for e in existing]
    ids = {e.get("id") for e in out}
    for n in new:
        keys = _spun_keys(n)
        target = next((e for e in out if _spun_keys(e) & keys), None)
        if target is None:
            entry = dict(n)
            base, k = entry["id"], 2
            while entry["id"] in ids:
                entry["id"] = f"{base}-{k}"
                k += 1
            ids.add(entry["id"])
            out.append(entry)
            continue
        old_counts = _learned_counts(target)
        new_counts = _learned_counts(n) or {}
        if old_counts is not None:
            counts = dict(old_counts)
            counts.update(new_counts)
            rules = list(target.get("evidence", []))
            _derive(target, counts)
            if target["prior"] != AMBIGUOUS_PRIOR:
                target.pop("evidence", None)
            else:
                for r in n.get("evidence", []):
                    if r not in rules:
                        rules.append(r)
                if rules:
                    target["evidence"] = rules[:MAX_RULES]
            target["provenance"] = _provenance(counts)
        else:
            # A hand-written entry: add what was learned, keep its own judgement.
            origs = list(target.get("originals", []))
            origs += [o for o in n["originals"] if fold(o) not in {fold(x) for x in origs}]
            target["originals"] = origs
            if "weights" in target and len(target["weights"]) != len(origs):
                del target["weights"]
            prov = str(target.get("provenance", ""))
            add = _provenance(new_counts)
            if add not in prov:
                target["provenance"] = f"{prov}; {add}" if prov else add
        for field_name, cap in (("fix", MAX_FIX * 2), ("keep", MAX_KEEP * 2)):
            have = list(target.get(field_name, []))
            have += [x for x in n.get(field_name, []) if x not in have]
            if have:
                target[field_name] = have[:cap]
    return out


# --------------------------------------------------------------------------- TOML


def _toml_str(s: str) -> str:
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\u{o:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _toml_key(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else _toml_str(k)


def _toml_value(v, indent: str = "") -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        if ("\\" in v or '"' in v) and "'" not in v and all(0x20 <= ord(c) != 0x7F for c in v):
            return f"'{v}'"  # regexes and JSON read better as literal strings
        return _toml_str(v)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, (list, tuple)):
        if not v:
            return "[]"
        flat = "[" + ", ".join(_toml_value(x) for x in v) + "]"
        if len(flat) <= 80 and not any(isinstance(x, (dict, list, tuple)) for x in v):
            return flat
        inner = indent + "  "
        return "[\n" + "".join(f"{inner}{_toml_value(x, inner)},\n" for x in v) + indent + "]"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


_ORDER = ("id", "spun", "originals", "weights", "prior", "tell", "case", "inflect", "evidence", "provenance",
          "note", "fix", "keep", "keep_spun")


def dump_toml(meta: dict, entries: list[dict], header: str = "") -> str:
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    if lines:
        lines.append("")
    lines.append("[lexicon]")
    for k, v in meta.items():
        lines.append(f"{_toml_key(k)} = {_toml_value(v)}")
    for e in entries:
        lines.append("")
        lines.append("[[entry]]")
        keys = [k for k in _ORDER if k in e] + [k for k in e if k not in _ORDER]
        for k in keys:
            lines.append(f"{_toml_key(k)} = {_toml_value(e[k])}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- the command's work


@dataclass
class LearnResult:
    path: Path
    entries: int
    added: int
    updated: int
    certain: int
    ambiguous: int
    pairs: int
    substitutions: int
    # How the file was written: "created", "appended" (the new entries added after the
    # existing text, which is kept as it was), "rewritten", or "unchanged".
    written: str = "created"
    backup: Path | None = None  # the earlier file, when a rewrite would have lost some of it

    def how(self) -> str:
        """How the file was written, in words."""
        if self.written == "appended":
            return "new entries appended; the existing text is kept as it was"
        if self.written == "rewritten" and self.backup is not None:
            return f"rewritten (entries updated); the earlier file is kept as {self.backup}"
        return {"created": "created", "rewritten": "rewritten (entries updated)",
                "unchanged": "nothing new; the file is unchanged"}[self.written]


def lexicon_name(path: Path) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(path).stem).strip("-") or "learned"
    return stem if stem.startswith("learned") else f"learned-{stem}"


def validate(text: str, name: str = "learned.toml") -> Lexicon:
    """Load ``text`` as a lexicon file (raises :class:`restore.lexicon.LexiconError`)."""
    with tempfile.TemporaryDirectory(prefix="restore-learn-") as tmp:
        path = Path(tmp) / (Path(name).stem + ".toml")
        path.write_text(text, encoding="utf-8")
        lex = Lexicon()
        load_file(path, lex)
        return lex


HEADER = ("Proposed by `restore-text learn`: review before shipping.\n"
          "Learned entries carry tell = false and a modest prior: they apply in documents that other\n"
          "tells show to be spun. Raise the prior or set tell = true once you have checked an entry.\n"
          "Ambiguous ones (also seen unchanged) get a very low prior and context rules. Counts are kept\n"
          "in each entry's note.")


def _backup_path(path: Path) -> Path:
    """``FILE.toml.bak``, or ``.bak2``... when that exists: an earlier backup may be the only
    copy of a hand-written file."""
    candidate, k = path.with_name(path.name + ".bak"), 2
    while candidate.exists():
        candidate, k = path.with_name(f"{path.name}.bak{k}"), k + 1
    return candidate


def _appended(text: str, entries: list[dict]) -> str:
    """``text`` (an existing lexicon file) followed by ``entries``, written as dump_toml
    writes them: the file's own comments and layout stay as they are."""
    body = dump_toml({}, entries).split("\n", 1)[1]  # without the "[lexicon]" line
    return text + ("" if text.endswith("\n") or not text else "\n") + body


def learn(pairs: list[Pair], output: str | Path, *, write: bool = True) -> tuple[LearnResult, str]:
    """Learn entries from ``pairs`` and merge them into ``output`` (created if missing).
    The result is validated as a lexicon before it is written (atomically).

    An existing file is kept as it is when only new entries are learned (they are appended
    as text). When existing entries change, the file is re-serialised; if that would lose
    anything of it (comments, layout: a file not written by learn), a backup of it is
    written first. ``LearnResult.written`` and ``backup`` say which."""
    output = Path(output)
    props: dict[tuple[str, ...], Proposal] = {}
    n_subs = 0
    for pair in pairs:
        al = _observe_pair(pair, props)
        n_subs += len(al.substitutions)
    meta: dict = {}
    existing: list[dict] = []
    old_text: str | None = None
    if output.exists():
        from .lexicon import LexiconError, read_text_file

        old_text = text = read_text_file(output)
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise LexiconError(f"{output}: not valid TOML: {exc}") from exc
        meta = dict(doc.get("lexicon", {}))
        existing = list(doc.get("entry", []))
    name = str(meta.get("name") or lexicon_name(output))
    new = to_entries(props, name)
    before = {e.get("id") for e in existing}
    merged = merge(existing, new)
    labels = sorted({lbl for p in props.values() for lbl in p.pairs})
    old_meta = dict(meta)
    meta.setdefault("name", name)
    meta.setdefault("description", "Entries proposed by restore-text learn from aligned original/spun pairs")
    prov = str(meta.get("provenance", ""))
    for lbl in labels:
        if lbl not in prov:
            prov = f"{prov}; {lbl}" if prov else f"learned from {lbl}"
    meta["provenance"] = prov
    meta.setdefault("licence", "same terms as the texts it was learned from")
    backup = None
    text = dump_toml(meta, merged, HEADER)
    if old_text is None:
        written = "created"
    elif dump_toml(old_meta, existing, HEADER) == old_text:  # as learn wrote it: nothing to lose
        written = "unchanged" if text == old_text else "rewritten"
    elif merged[:len(existing)] == existing:  # only new entries: after the text as it is
        added = merged[len(existing):]
        written, text = ("appended", _appended(old_text, added)) if added else ("unchanged", old_text)
    else:  # a hand-written file whose entries change: keep a copy of it first
        written, backup = "rewritten", _backup_path(output)
    validate(text, output.name)
    if write and written != "unchanged":
        if backup is not None:
            write_atomic(backup, old_text)  # type: ignore[arg-type]
        write_atomic(output, text)
    certain = sum(1 for e in merged if e.get("prior", 0.5) != AMBIGUOUS_PRIOR)
    result = LearnResult(output, len(merged), len([e for e in merged if e.get("id") not in before]),
                         len([e for e in new if any(_spun_keys(e) & _spun_keys(x) for x in existing)]),
                         certain, len(merged) - certain, len(pairs), n_subs, written, backup)
    return result, text
