#!/usr/bin/env python3
"""Validate the curated TOML lexicons (lexicons/curated/*.toml).

Checks, for every file:
  * the [lexicon] header (name unique across files, description, provenance, licence);
  * every [[entry]]: required keys, no unknown keys, types, unique ids (across all files),
    id prefix consistent with the file, prior in (0, 1), case / inflect values, the optional
    note / weights / counts that restore.lexicon also accepts;
  * evidence rules: left and/or right regex (compiled with the `regex` module; no bare
    [A-Z] class under a leading (?i)), either a non-zero weight or veto = true, and a reason;
  * fix examples: gold markup [[spun=>orig|alt]], every marked span is one of the entry's
    spun forms (case-insensitively, honouring case = "title"/"exact"), sits on word
    boundaries, its alternatives are among the entry's originals, the first alternative
    is the entry's first original with the case of the marked span, and no veto rule of
    the entry fires on it;
  * keep / keep_spun examples: present (keep), plain text without gold markup;
  * the same spun form is not claimed by two entries with the same case mode.

Usage: python scripts/check_curated.py [FILE.toml ...]
Exits 0 when everything is clean, 1 otherwise (messages on stderr).
Needs only the standard library and `regex`.
"""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
CURATED = ROOT / "lexicons" / "curated"

PREFIX_BY_FILE = {
    "modals_months": "month",
    "multiword": "mw",
    "function_words": "fn",
    "entities": "ent",
    "collocations": "col",
}
HEADER_KEYS = {"name", "description", "provenance", "licence"}
REQUIRED = {"id", "spun", "originals", "prior", "tell", "case", "provenance", "fix", "keep"}
OPTIONAL = {"inflect", "evidence", "keep_spun", "note", "weights", "counts", "paired"}
CASES = {"any", "title", "exact"}
INFLECTS = {"", "noun", "verb", "adj"}
RULE_KEYS = {"left", "right", "weight", "veto", "reason", "unless_spun", "block_tables", "original"}
ID_RE = regex.compile(r"^[a-z]+\.[a-z0-9]+(?:[.\-][a-z0-9]+)*$")
WORD_RE = regex.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
MARK_RE = regex.compile(r"\[\[(.+?)=>(.+?)\]\]")
# A character class with A-Z under a leading (?i) matches lower case too, so a cue meant for
# a capitalised name fires on any word; (?-i:[A-Z]) keeps it case-sensitive.
GLOBAL_IGNORECASE = regex.compile(r"\(\?[a-z]*i[a-z]*\)")
BARE_CAPITALS = regex.compile(r"(?<!\\)(?<!\(\?-i:)\[(?:[^\]\\]|\\.)*A-Z(?:[^\]\\]|\\.)*\]")


def norm(s: str) -> str:
    return " ".join(s.replace("’", "'").split()).casefold()


def strip_poss(s: str) -> str:
    for suf in ("'s", "’s"):
        if s.endswith(suf):
            return s[: -len(suf)]
    return s


class Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.ids: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.spun_owner: dict[tuple[str, str], str] = {}
        self.counts: dict[str, int] = {}

    def err(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")

    # ------------------------------------------------------------------ files
    def check_file(self, path: Path) -> None:
        where = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            self.err(where, f"cannot parse TOML: {exc}")
            return
        unknown = set(data) - {"lexicon", "entry"}
        if unknown:
            self.err(where, f"unknown top-level keys {sorted(unknown)}")
        head = data.get("lexicon")
        if not isinstance(head, dict):
            self.err(where, "missing [lexicon] table")
        else:
            for k in sorted(HEADER_KEYS - set(head)):
                self.err(where, f"[lexicon] lacks '{k}'")
            for k in sorted(set(head) - HEADER_KEYS):
                self.err(where, f"[lexicon] has unknown key '{k}'")
            for k in HEADER_KEYS & set(head):
                if not isinstance(head[k], str) or not head[k].strip():
                    self.err(where, f"[lexicon].{k} must be a non-empty string")
            name = head.get("name")
            if isinstance(name, str):
                if name in self.names:
                    self.err(where, f"lexicon name '{name}' already used by {self.names[name]}")
                self.names[name] = where
        entries = data.get("entry", [])
        if not isinstance(entries, list) or not entries:
            self.err(where, "no [[entry]] tables")
            return
        prefix = PREFIX_BY_FILE.get(path.stem)
        seen_prefixes = set()
        for i, entry in enumerate(entries):
            eid = entry.get("id") if isinstance(entry, dict) else None
            ewhere = f"{where}: entry #{i + 1}" + (f" ({eid})" if isinstance(eid, str) else "")
            if not isinstance(entry, dict):
                self.err(ewhere, "entry is not a table")
                continue
            self.check_entry(entry, ewhere)
            if isinstance(eid, str) and "." in eid:
                seen_prefixes.add(eid.split(".", 1)[0])
                if prefix and not eid.startswith(prefix + "."):
                    self.err(ewhere, f"id should start with '{prefix}.' in {path.name}")
        if prefix is None and len(seen_prefixes) > 1:
            self.err(where, f"ids use several prefixes {sorted(seen_prefixes)}")
        self.counts[where] = len(entries)

    # ---------------------------------------------------------------- entries
    def check_entry(self, e: dict, where: str) -> None:
        for k in sorted(REQUIRED - set(e)):
            self.err(where, f"missing key '{k}'")
        for k in sorted(set(e) - REQUIRED - OPTIONAL):
            self.err(where, f"unknown key '{k}'")

        eid = e.get("id")
        if not isinstance(eid, str) or not ID_RE.match(eid):
            self.err(where, f"bad id {eid!r} (want prefix.lower-case-words)")
        elif eid in self.ids:
            self.err(where, f"duplicate id '{eid}' (also in {self.ids[eid]})")
        else:
            self.ids[eid] = where

        case = e.get("case", "any")
        if case not in CASES:
            self.err(where, f"case must be one of {sorted(CASES)}, not {case!r}")
            case = "any"
        inflect = e.get("inflect", "")
        if inflect not in INFLECTS:
            self.err(where, f"inflect must be one of {sorted(INFLECTS)}, not {inflect!r}")

        spun = self.str_list(e.get("spun"), where, "spun")
        originals = self.str_list(e.get("originals"), where, "originals")
        for s in spun:
            if not WORD_RE.search(s):
                self.err(where, f"spun form {s!r} has no word token")
            if s != " ".join(s.split()):
                self.err(where, f"spun form {s!r} has stray white space")
            if case == "any" and s != s.lower():
                self.err(where, f"spun form {s!r} must be lower case when case = \"any\"")
            if case == "title" and not s[:1].isupper():
                self.err(where, f"spun form {s!r} must be capitalised when case = \"title\"")
            key = (norm(s), case if case != "exact" else s)
            if key in self.spun_owner and self.spun_owner[key] != eid:
                self.err(where, f"spun form {s!r} also claimed by {self.spun_owner[key]}")
            else:
                self.spun_owner[key] = eid
        if inflect and any(len(x.split()) != 1 for x in spun + originals):
            self.err(where, "inflect is only for single-word spun/original pairs")
        paired = e.get("paired", False)
        if not isinstance(paired, bool):
            self.err(where, "paired must be true or false")
        elif paired and len(spun) != len(originals):
            self.err(where, f"paired needs as many originals as spun forms ({len(spun)} spun, {len(originals)} originals)")
        if {norm(s) for s in spun} & {norm(o) for o in originals}:
            self.err(where, "a spun form is also listed as an original")

        prior = e.get("prior")
        if not isinstance(prior, float) or isinstance(prior, bool) or not 0.0 < prior < 1.0:
            self.err(where, f"prior must be a float strictly between 0 and 1, not {prior!r}")
        if not isinstance(e.get("tell"), bool) and e.get("tell") not in ("in company", "never"):
            self.err(where, "tell must be true, false, \"in company\" or \"never\"")
        prov = e.get("provenance")
        if not isinstance(prov, str) or not prov.strip():
            self.err(where, "provenance must be a non-empty string")

        if "note" in e and not isinstance(e["note"], str):
            self.err(where, "note must be a string")
        for key in ("weights", "counts"):
            if key in e:
                vals = e[key]
                if (not isinstance(vals, list) or len(vals) != len(originals)
                        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0 for v in vals)):
                    self.err(where, f"{key} must be a list of non-negative numbers, one per original")

        rules = self.check_evidence(e.get("evidence", []), where, e.get("originals") or [])

        fixes = self.str_list(e.get("fix"), where, "fix")
        keeps = self.str_list(e.get("keep"), where, "keep")
        keep_spun = self.str_list(e.get("keep_spun", []), where, "keep_spun", allow_empty=True)
        for ex in keeps + keep_spun:
            if "[[" in ex or "]]" in ex or "=>" in ex:
                self.err(where, f"keep example contains gold markup: {ex!r}")
        for ex in fixes:
            self.check_fix(ex, spun, originals, case, rules, where, paired=e.get("paired") is True)

    def str_list(self, v, where: str, key: str, allow_empty: bool = False) -> list[str]:
        if v is None:
            return []
        if not isinstance(v, list) or (not v and not allow_empty):
            self.err(where, f"'{key}' must be a non-empty list of strings")
            return []
        out = []
        for x in v:
            if not isinstance(x, str) or not x.strip():
                self.err(where, f"'{key}' has a non-string or empty item {x!r}")
            else:
                out.append(x)
        if len({norm(x) for x in out}) != len(out):
            self.err(where, f"'{key}' has duplicate items")
        return out

    def check_evidence(self, ev, where: str, originals=()) -> list[tuple]:
        rules = []
        if not isinstance(ev, list):
            self.err(where, "evidence must be a list of inline tables")
            return rules
        for j, r in enumerate(ev):
            rw = f"{where}: evidence[{j}]"
            if not isinstance(r, dict):
                self.err(rw, "rule is not a table")
                continue
            for k in sorted(set(r) - RULE_KEYS):
                self.err(rw, f"unknown key '{k}'")
            if "left" not in r and "right" not in r:
                self.err(rw, "rule needs 'left' and/or 'right'")
            compiled = {}
            for side in ("left", "right"):
                if side in r:
                    if not isinstance(r[side], str) or not r[side]:
                        self.err(rw, f"'{side}' must be a non-empty regex string")
                        continue
                    try:
                        compiled[side] = regex.compile(r[side])
                    except regex.error as exc:
                        self.err(rw, f"'{side}' regex does not compile: {exc}")
                    if GLOBAL_IGNORECASE.match(r[side]) and BARE_CAPITALS.search(r[side]):
                        self.err(rw, f"'{side}' has a capital-letter class under (?i), where it "
                                     "matches any letter: write it (?-i:[A-Z])")
            veto = r.get("veto", False)
            if veto not in (True, False):
                self.err(rw, "veto must be true or false")
            if veto is True and "weight" in r:
                self.err(rw, "a veto rule takes no weight")
            if "unless_spun" in r and (r["unless_spun"] not in (True, False) or veto is not True):
                self.err(rw, "unless_spun = true only qualifies a veto rule")
            if "block_tables" in r and (r["block_tables"] not in (True, False) or veto is not True):
                self.err(rw, "block_tables = true only qualifies a veto rule")
            if veto is not True:
                w = r.get("weight")
                if not isinstance(w, (int, float)) or isinstance(w, bool) or w == 0:
                    self.err(rw, "rule needs a non-zero numeric weight (or veto = true)")
            if not isinstance(r.get("reason"), str) or not r["reason"].strip():
                self.err(rw, "rule needs a reason")
            if "original" in r:
                if not isinstance(r["original"], str) or norm(r["original"]) not in {
                        norm(o) for o in originals if isinstance(o, str)}:
                    self.err(rw, "'original' must be one of the entry's originals")
                if r.get("block_tables"):
                    self.err(rw, "block_tables speaks for the words, not for one original")
            # A veto lifted in a certainly spun document may hold on a fix example: fix
            # examples run as spun documents, where only the entry's prior and the
            # language model decide ("no context cue" is all such a veto says).
            for_original = norm(r["original"]) if isinstance(r.get("original"), str) else None
            rules.append((compiled, veto is True and not r.get("unless_spun"), r.get("reason", ""), for_original))
        return rules

    def check_fix(self, ex: str, spun, originals, case, rules, where: str, paired: bool = False) -> None:
        marks = list(MARK_RE.finditer(ex))
        if not marks:
            self.err(where, f"fix example has no [[spun=>original]] mark: {ex!r}")
            return
        plain_parts, pos, spans = [], 0, []
        plain_len = 0
        for m in marks:
            plain_parts.append(ex[pos:m.start()])
            plain_len += m.start() - pos
            spans.append((plain_len, plain_len + len(m.group(1)), m))
            plain_parts.append(m.group(1))
            plain_len += len(m.group(1))
            pos = m.end()
        plain_parts.append(ex[pos:])
        plain = "".join(plain_parts)
        if "[[" in plain or "]]" in plain:
            self.err(where, f"malformed gold markup in {ex!r}")
            return
        spun_norm = {norm(s): s for s in spun}
        orig_norm = {norm(o) for o in originals}
        for start, end, m in spans:
            found, alts_raw = m.group(1), m.group(2).split("|")
            key = norm(found)
            poss = False
            if key not in spun_norm and norm(strip_poss(found)) in spun_norm:
                key, poss = norm(strip_poss(found)), True
            if key not in spun_norm and norm(found + ".") in spun_norm:
                key = norm(found + ".")  # an abbreviation whose dot is also the full stop
            if key not in spun_norm:
                self.err(where, f"marked span {found!r} is not one of the spun forms {spun}")
                continue
            form = spun_norm[key]
            core = strip_poss(found) if poss else found
            if case == "exact" and " ".join(core.split()) != form:
                self.err(where, f"marked span {found!r} differs in case from exact form {form!r}")
            if case == "title":
                for a, b in zip(core.split(), form.split()):
                    if b[:1].isupper() and not a[:1].isupper():
                        self.err(where, f"marked span {found!r} is not capitalised like {form!r}")
                        break
            if start > 0 and (plain[start - 1].isalnum() or plain[start - 1] == "_"):
                self.err(where, f"marked span {found!r} starts inside a word")
            if end < len(plain) and (plain[end].isalnum() or plain[end] == "_"):
                self.err(where, f"marked span {found!r} ends inside a word")
            alts = []
            for a in alts_raw:
                optional = a.endswith("?")
                a = a[:-1] if optional else a
                alts.append((a, optional))
                an = norm(strip_poss(a) if poss else a)
                if an not in orig_norm and not (optional and an in spun_norm):
                    self.err(where, f"alternative {a!r} for {found!r} is not among originals {originals}")
            if originals and alts:
                first = alts[0][0]
                first_core = strip_poss(first) if poss else first
                # A paired entry's form stands for the original at its own position.
                expected = originals[0]
                if paired and len(spun) == len(originals):
                    expected = next((o for f, o in zip(spun, originals) if norm(f) == norm(form)), originals[0])
                # Where rules speak for single originals, context chooses among them, and
                # an example may show any of them.
                chosen_by_context = any(rule[3] is not None for rule in rules) and norm(first_core) in orig_norm
                if norm(first_core) != norm(expected) and not chosen_by_context:
                    self.err(where, f"first alternative {first!r} should be the {'paired' if expected is not originals[0] else 'first'} original {expected!r}")
                elif core[:1].isupper() and not first_core[:1].isupper():
                    self.err(where, f"first alternative {first!r} should be capitalised like {found!r}")
                elif core[:1].islower() and expected[:1].islower() and not first_core[:1].islower():
                    self.err(where, f"first alternative {first!r} should be lower case like {found!r}")
            left, right = plain[:start], plain[end:]
            for compiled, veto, reason, for_original in rules:
                if not veto or (for_original is not None and alts
                                and for_original != norm(strip_poss(alts[0][0]) if poss else alts[0][0])):
                    continue  # a veto of one original says nothing of an example restoring another
                ok_l = compiled["left"].search(left) if "left" in compiled else True
                ok_r = compiled["right"].search(right) if "right" in compiled else True
                if ok_l and ok_r:
                    self.err(where, f"veto rule ({reason}) fires on its own fix example {ex!r}")

    # --------------------------------------------------------------- summary
    def run(self, files: list[Path]) -> int:
        if not files:
            self.err(str(CURATED), "no curated *.toml files found")
        for f in files:
            self.check_file(f)
        total = sum(self.counts.values())
        for where, n in sorted(self.counts.items()):
            print(f"{where}: {n} entries")
        print(f"total: {total} entries in {len(self.counts)} files")
        if self.errors:
            for e in self.errors:
                print("ERROR " + e, file=sys.stderr)
            print(f"{len(self.errors)} error(s)", file=sys.stderr)
            return 1
        print("curated lexicons OK")
        return 0


def main(argv: list[str]) -> int:
    files = [Path(a).resolve() for a in argv] if argv else sorted(CURATED.glob("*.toml"))
    return Checker().run(files)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
