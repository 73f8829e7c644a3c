"""Learn originals that the spinner's table lacks from gold-restored spun text.

Writes ``lexicons/tables/spinner_learned.tsv``, a table of the spinner's index::

    python scripts/fit_learned_pairs.py [--fold K/N] [--out PATH]

The spinner's table (``spinner.tsv``, expanded from hand-curated lemma pairs) offers each
spun form a few candidate originals. The gold restorations (the seed and the hand-spun
articles) show spun forms standing for originals it does not offer: "units" for sets,
"shoppers" for customers, "satisfied" for convinced. The engine then finds the stand-in
but cannot restore it. This script adds such an original where the gold shows it
repeatedly (MIN_MARKS marks in MIN_DOCUMENTS documents or more), and only to a spun form
that the spinner's table already has: no new word is ever matched, so no finding appears
that was not there before, in clean text or spun; a finding only gains an option. Its
weight is the share of the form's gold marks that restored it, times the weight of the
weakest original the table offers for the form: a learned original never outranks the
table's own before the evidence is read (at full weight it did, and on emulated spun text,
whose spinner draws on the table, precision fell from 0.858 to 0.850). The choice priors
(``fit_choice_priors.py``), which count the same marks, and the language model then lift
it where it belongs.

``--fold K/N`` leaves out the hand-spun articles of fold K, as ``fit_choice_priors.py``.
"""
from __future__ import annotations

import datetime as _dt
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from fit_choice_priors import gold_arguments  # noqa: E402

from restore import choice_priors, gold  # noqa: E402
from restore._data import tsv_rows  # noqa: E402
from restore.tokens import fold  # noqa: E402

TABLES = ROOT / "lexicons" / "tables"
OUT = TABLES / "spinner_learned.tsv"
# What makes an original learned: seen this often, in this many documents. One writer's
# habit in one article is not the spinner's dictionary.
MIN_MARKS = 3
MIN_DOCUMENTS = 2
# The engine reads this many of a table row's originals (engine.TABLE_OPTIONS); an
# original ranked below them is as good as missing.
OFFERED = 8
MIN_WEIGHT = 0.0001  # the tables' precision


def offered_originals() -> dict[str, dict[str, float]]:
    """Spun form -> the originals the spinner's table offers for it (its top OFFERED), with
    their weights. Only forms written in lowercase: a row with capitals is a damaged name
    ("White Home"), matched only where the text has them, and a lowercase row would match
    more."""
    rows: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for spun, original, weight, *_ in tsv_rows(TABLES / "spinner.tsv"):
        if spun != spun.lower():
            continue
        rows[_folded(spun)].append((float(weight), original))
    return {spun: {_folded(o): w for w, o in sorted(cands, reverse=True)[:OFFERED]} for spun, cands in rows.items()}


def _folded(phrase: str) -> str:
    """A phrase as the choice priors' keys write it (folded, spaces as one)."""
    return " ".join(fold(phrase).split())


def learn(paths: list[Path], offered: dict[str, dict[str, float]]) -> list[tuple[str, str, float, int, int]]:
    """(spun, original, weight, marks, documents) for each original to add."""
    marks: Counter[tuple[str, str]] = Counter()
    documents: dict[tuple[str, str], set[str]] = defaultdict(set)
    per_form: Counter[str] = Counter()
    for path in paths:
        for m in gold.parse(path.read_text(encoding="utf-8")).marks:
            if m.optional or not m.alternatives:
                continue
            key = choice_priors.choice_key(m.spun, m.alternatives[0])
            marks[key] += 1
            documents[key].add(path.name)
            per_form[key[0]] += 1
    learned = []
    for (spun, original), n in marks.items():
        if spun == original or spun not in offered or original in offered[spun]:
            continue
        docs = len(documents[(spun, original)])
        if n < MIN_MARKS or docs < MIN_DOCUMENTS:
            continue
        weight = max(MIN_WEIGHT, round(n / per_form[spun] * min(offered[spun].values()), 4))
        learned.append((spun, original, weight, n, docs))
    # As every table: spun forms in order, the likeliest original first.
    return sorted(learned, key=lambda row: (row[0], -row[2], row[1]))


def main(argv: list[str] | None = None) -> int:
    args, fold, seeds, handspun = gold_arguments(__doc__.split("\n\n")[0], OUT, argv)
    learned = learn(seeds + handspun, offered_originals())
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write("# name: spinner_learned\n")
        fh.write(f"# provenance: scripts/fit_learned_pairs.py, {stamp}: originals that the marks of {len(seeds)} seed "
                 f"and {len(handspun)} hand-spun gold documents (seeds/, benchmarks/data/handspun/) restored at least "
                 f"{MIN_MARKS} times in {MIN_DOCUMENTS} documents, for spun forms of spinner.tsv that do not offer them"
                 + (f"; hand-spun fold {args.fold} left out" if fold else "") + "\n")
        fh.write("# licence: CC0-1.0 (counts of the restore developers' gold markup)\n")
        fh.write("# weight: the share of the spun form's gold marks that restored this original, times the weight "
                 "of the weakest original spinner.tsv offers for the form\n")
        fh.write("spun\toriginal\tweight\tsource\n")
        for spun, original, weight, n, docs in learned:
            fh.write(f"{spun}\t{original}\t{weight}\tgold:{n}-marks-{docs}-documents\n")
    print(f"{len(learned)} learned originals written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
