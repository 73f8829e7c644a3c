"""Audit the lexicon rule by rule: how often it changes a clean writer's own words in a
spun document, against how often it restores a hand-spun article.

In a spun article most words are the writer's own (about four in five), and the engine
reads them as it reads any word of a spun document. So the edits a rule makes on clean
text read as spun (``assume_spun=True``) are the false edits it will make on the
unchanged words of real spun articles, whatever spinner wrote them. This script counts,
per rule id (``spinner:<form>`` for the spinner table, the entry id for curated entries):

* ``clean``: applied edits on clean texts read as spun: the clean-genre texts
  (benchmarks/data/clean-genres) and the originals of the hand-spun articles;
* ``right`` / ``wrong``: applied edits on the hand-spun articles (benchmarks/data/handspun)
  whose gold region comes out right / wrong (an edit outside every mark is wrong).

and lists the rules whose clean edits outweigh their restorations (``--min-clean`` edits
or more, and at least ``--ratio`` times the right ones plus 2): the entries whose cues to
narrow, and the spinner-table rows to demote. ``--demote`` sets those rows to ``low`` in
lexicons/source/spinner_lemmas.tsv, and rows already ``low`` to ``off``: kept there as a
record, so that nobody adds the pair again, but no longer built into the table. A lemma
row is judged on all the surface forms it yields together ("finish" on finish, finished,
finishes, finishing: a bad "finished" alone does not take down a good "finish"), and a row
that yields a stand-in of a real spun document (seeds/) is never demoted.

Build-time only; run from the checkout:

    python scripts/audit_rows.py [--min-clean 4] [--ratio 2] [--tsv report.tsv]

The held-back clean and spun texts used to measure the result are not read here.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import restore  # noqa: E402
from restore import gold  # noqa: E402
from spinner_model import SWITCHED_OFF  # noqa: E402  (the build leaves such rows out)

DATA = ROOT / "benchmarks" / "data"
LEMMAS = ROOT / "lexicons" / "source" / "spinner_lemmas.tsv"


def clean_edits(texts: list[str]) -> tuple[Counter, dict[str, list[str]]]:
    """Applied edits per rule on clean texts read as spun, with up to three contexts each."""
    counts: Counter = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        for s in restore.fix(text, assume_spun=True).spans:
            if s.applied:
                counts[s.rule] += 1
                if len(examples[s.rule]) < 3:
                    examples[s.rule].append(" ".join(text[max(0, s.start - 40):s.end + 30].split()))
    return counts, examples


def spun_edits(docs: list[gold.GoldDocument]) -> tuple[Counter, Counter]:
    """Applied edits per rule on hand-spun articles: right (their gold region comes out an
    acceptable restoration, judged with the other edits there) and wrong."""
    right: Counter = Counter()
    wrong: Counter = Counter()
    for g in docs:
        r = restore.fix(g.spun)
        applied = [s for s in r.spans if s.applied]
        for s in applied:
            over = tuple(m for m in g.marks if m.start < s.end and s.start < m.end)
            if not over:
                wrong[s.rule] += 1
                continue
            if all(m.optional for m in over):
                continue
            lo, hi = min(m.start for m in over), max(m.end for m in over)
            peers = [(t.start, t.end, t.suggestion) for t in applied if t.start < hi and lo < t.end]
            sc = gold.score(gold.GoldDocument(g.spun, over), peers)
            (right if sc.tp > 0 and sc.fp == 0 else wrong)[s.rule] += 1
    return right, wrong


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-clean", type=int, default=4, help="clean edits a rule needs to be listed")
    ap.add_argument("--ratio", type=float, default=2.0, help="clean edits >= ratio * right + 2")
    ap.add_argument("--tsv", type=Path, help="write every rule's counts to this TSV")
    ap.add_argument("--demote", action="store_true",
                    help="set the listed spinner-table rules' lemma rows to 'low' (rows already 'low': 'off') "
                         "in lexicons/source/spinner_lemmas.tsv")
    ap.add_argument("--data", type=Path, default=DATA,
                    help="directory holding handspun/ and clean-genres/ (default: benchmarks/data)")
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds",
                    help="real spun documents in gold markup: rows yielding their stand-ins are never demoted")
    ap.add_argument("--lemmas", type=Path, default=LEMMAS, help="the lemma table --demote rewrites")
    args = ap.parse_args(argv)

    hand = [gold.parse(p.read_text(encoding="utf-8")) for p in sorted((args.data / "handspun").glob("*.txt"))]
    clean_texts = [p.read_text(encoding="utf-8") for p in sorted((args.data / "clean-genres").glob("*.txt"))]
    clean_texts += [g.original for g in hand]
    words = sum(len(t.split()) for t in clean_texts)
    clean, examples = clean_edits(clean_texts)
    right, wrong = spun_edits(hand)

    rules = sorted(set(clean) | set(right) | set(wrong), key=lambda r: (-(clean[r] - right[r]), r))
    if args.tsv:
        with args.tsv.open("w", encoding="utf-8") as fh:
            fh.write("rule\tclean\tright\twrong\texample\n")
            for r in rules:
                fh.write(f"{r}\t{clean[r]}\t{right[r]}\t{wrong[r]}\t{(examples.get(r) or [''])[0]}\n")
    listed = [r for r in rules if clean[r] >= args.min_clean and clean[r] >= args.ratio * right[r] + 2]
    print(f"clean texts read as spun: {len(clean_texts)} texts, {words:,} words, {sum(clean.values())} edits; "
          f"hand-spun: {len(hand)} articles, {sum(right.values())} right and {sum(wrong.values())} wrong edits")
    print(f"{len(listed)} rules with clean edits >= {args.min_clean} and >= {args.ratio:g} x right + 2 "
          f"({sum(clean[r] for r in listed)} clean edits, {sum(right[r] for r in listed)} right, "
          f"{sum(wrong[r] for r in listed)} wrong):")
    for r in listed:
        print(f"{clean[r]:4d} {right[r]:4d} {wrong[r]:4d}  {r}  | {(examples.get(r) or [''])[0][:100]}")
    if args.demote:
        seeds = [gold.parse(p.read_text(encoding="utf-8")) for p in sorted(args.seeds.glob("*.txt"))
                 if not p.name.endswith(".spun.txt")]
        # Every stand-in a real spun document shows is protected, restored today or not.
        attested = {" ".join(m.spun.lower().split()) for g in seeds for m in g.marks}
        forms = {r.split(":", 1)[1]: (clean[r], right[r], r.split(":", 1)[1] in attested)
                 for r in rules if r.startswith("spinner:")}
        changed = demote(args.lemmas, forms, args.min_clean, args.ratio)
        for line in changed:
            print("demoted:", line)
        print(f"demoted {len(changed)} lemma rows in {args.lemmas}; rebuild with scripts/build_lexicons.py")
    return 0


def lemma_keys(form: str) -> set[str]:
    """The spun lemmas a surface form of the spinner table can come from: the form itself
    and, for its last word, every noun, verb and adjective lemma ("firms" -> "firm")."""
    from lemminflect import getAllLemmas  # build-time dependency, like the rest of scripts/

    head, _, last = form.rpartition(" ")
    keys = {form}
    for lemmas in getAllLemmas(last).values():
        keys.update(f"{head} {lemma}".strip() for lemma in lemmas)
    return keys


def demote(path: Path, forms: dict[str, tuple[int, int, bool]], min_clean: int, ratio: float) -> list[str]:
    """Set to ``low`` the lemma rows that do more harm than good, and to ``off`` (kept as a
    record, not built) the ``low`` rows that still do: the low weight did not stop them.
    Rows are judged on the sum over the surface forms they yield. ``forms``: spinner-table
    form -> (clean edits, right restorations on hand-spun, a stand-in of a real spun
    document). A row is demoted when its forms together make ``min_clean`` clean edits or
    more, at least ``ratio`` times their right restorations plus 2, and none of them is
    attested on real spun text. Rows already ``off`` are left as they are. Returns the rows
    changed, described."""
    totals: dict[str, list] = {}
    for form, (n_clean, n_right, seen) in forms.items():
        for key in lemma_keys(form):
            t = totals.setdefault(key, [0, 0, False, []])
            t[0] += n_clean
            t[1] += n_right
            t[2] = t[2] or seen
            t[3].append(form)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = []
    for i, line in enumerate(lines):
        if line.startswith("#") or not line.strip():
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) != 5 or fields[0] == "spun_lemma" or fields[3] == SWITCHED_OFF:
            continue
        t = totals.get(fields[0].lower())
        if t is None:
            continue
        n_clean, n_right, seen, from_forms = t
        if seen or n_clean < min_clean or n_clean < ratio * n_right + 2:
            continue
        # A row already weighed down that still does more harm than good is switched off.
        level = SWITCHED_OFF if fields[3] == "low" else "low"
        note = (f"{'switched off' if level == SWITCHED_OFF else 'demoted'} by scripts/audit_rows.py: "
                f"{n_clean} edits on clean text read as spun, "
                f"{n_right} right on hand-spun ({', '.join(sorted(set(from_forms)))})")
        fields[3] = level
        fields[4] = f"{fields[4]}; {note}" if fields[4] else note
        lines[i] = "\t".join(fields) + "\n"
        changed.append(f"{fields[0]} -> {fields[1]} ({fields[2]}): {n_clean} clean, {n_right} right -> {level}")
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    tmp.replace(path)
    return changed


if __name__ == "__main__":
    raise SystemExit(main())
