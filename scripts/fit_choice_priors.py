"""Count which original each spun form stood for in gold-restored spun text.

Writes ``lexicons/model/choice_priors.tsv`` (read by :mod:`restore.choice_priors`) and
``lexicons/tables/spinner_observed.tsv``::

    python scripts/fit_choice_priors.py [--fold K/N] [--out PATH] [--observed-out PATH]

Every non-optional mark of the gold documents (``seeds/*.txt`` and
``benchmarks/data/handspun/*.txt``, markup of :mod:`restore.gold`) counts once for its
spun side and its first original (the writer's own wording), both folded. ``--fold K/N``
leaves out the hand-spun articles whose name hashes to K modulo N, for measuring the
feature on articles it was not counted from.

The observed table holds, for each spun form that ``lexicons/tables/spinner.tsv`` already
has, the originals the gold showed for it at least ``MIN_OBSERVED`` times that the table
does not list ("roughly" for about, where the table knows only approximately), unless a
curated entry claims the form (its originals are its author's). Its weight is
the original's share of the form's gold marks. Forms the table does not know get no rows:
a new stand-in needs a lemma row that the audit (scripts/audit_rows.py) can judge on clean
text, while a further original for a known form only changes which original is proposed.
Run ``scripts/build_lexicons.py`` first when the spinner table changed.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from restore import choice_priors, gold, lexicon  # noqa: E402

OUT = ROOT / "lexicons" / "model" / choice_priors.TABLE_NAME
OBSERVED_OUT = ROOT / "lexicons" / "tables" / "spinner_observed.tsv"
SPINNER_TABLE = ROOT / "lexicons" / "tables" / "spinner.tsv"
# Seen once, an original may be one writer's choice; twice (two-fold cross-validation on the
# hand-spun articles) did a little better than three.
MIN_OBSERVED = 2


def read_table_pairs(path: Path) -> dict[str, set[str]]:
    """spun form -> its originals, from a pair table (spun, original, weight, source)."""
    pairs: dict[str, set[str]] = {}
    header_seen = False
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            if not header_seen:
                header_seen = True
                continue
            spun, original = line.rstrip("\n").split("\t")[:2]
            pairs.setdefault(spun, set()).add(original)
    return pairs


def observed_rows(counts: Counter, known: dict[str, set[str]], curated: frozenset[str] = frozenset(),
                  min_count: int = MIN_OBSERVED) -> list[tuple[str, str, float]]:
    """(spun, original, share) for originals seen ``min_count`` times for a known spun form
    that the table does not list and no curated entry claims (an entry's originals are its
    author's); sorted by form, then by share (highest first)."""
    totals: Counter = Counter()
    for (found, _original), c in counts.items():
        totals[found] += c
    rows = [(found, original, c / totals[found]) for (found, original), c in counts.items()
            if c >= min_count and found in known and found not in curated
            and original not in known[found] and original != found and original]
    return sorted(rows, key=lambda r: (r[0], -r[2], r[1]))


def in_fold(name: str, fold: tuple[int, int] | None) -> bool:
    if fold is None:
        return False
    k, n = fold
    return int(hashlib.sha1(name.encode()).hexdigest()[:8], 16) % n == k


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fold", help="K/N: leave out the hand-spun articles of fold K of N")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--observed-out", type=Path, default=OBSERVED_OUT)
    args = ap.parse_args(argv)
    fold = tuple(int(x) for x in args.fold.split("/")) if args.fold else None
    seeds = [p for p in sorted((ROOT / "seeds").glob("*.txt")) if not p.name.endswith(".spun.txt")]
    handspun = [p for p in sorted((ROOT / "benchmarks" / "data" / "handspun").glob("*.txt"))
                if not in_fold(p.name, fold)]
    counts: Counter[tuple[str, str]] = Counter()
    for path in seeds + handspun:
        for m in gold.parse(path.read_text(encoding="utf-8")).marks:
            if not m.optional and m.alternatives:
                counts[choice_priors.choice_key(m.spun, m.alternatives[0])] += 1
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write("# name: choice-priors\n")
        fh.write(f"# provenance: scripts/fit_choice_priors.py, {stamp}: the marks of {len(seeds)} seed and "
                 f"{len(handspun)} hand-spun gold documents (seeds/, benchmarks/data/handspun/)"
                 + (f", hand-spun fold {args.fold} left out" if fold else "") + "\n")
        fh.write("# licence: CC0-1.0 (counts of the restore developers' gold markup)\n")
        fh.write("found\toriginal\tcount\n")
        for (found, original), c in sorted(counts.items()):
            fh.write(f"{found}\t{original}\t{c}\n")
    print(f"{len(counts)} pairs from {len(seeds) + len(handspun)} documents written to {args.out}")
    curated = frozenset(" ".join(key) for key in lexicon.load().main.patterns)
    rows = observed_rows(counts, read_table_pairs(SPINNER_TABLE), curated)
    with args.observed_out.open("w", encoding="utf-8") as fh:
        fh.write("# name: spinner-observed\n")
        fh.write(f"# provenance: scripts/fit_choice_priors.py, {stamp}: originals that the marks of {len(seeds)} seed "
                 f"and {len(handspun)} hand-spun gold documents showed at least {MIN_OBSERVED} times for a spun form "
                 "of lexicons/tables/spinner.tsv that it does not list; weight = share of the form's marks"
                 + (f", hand-spun fold {args.fold} left out" if fold else "") + "\n")
        fh.write("# licence: CC0-1.0 (counts of the restore developers' gold markup)\n")
        fh.write("spun\toriginal\tweight\tsource\n")
        for spun, original, share in rows:
            fh.write(f"{spun}\t{original}\t{share:.4f}\tgold-observed\n")
    print(f"{len(rows)} observed originals written to {args.observed_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
