"""Count which original each spun form stood for in gold-restored spun text.

Writes ``lexicons/model/choice_priors.tsv`` (read by :mod:`restore.choice_priors`)::

    python scripts/fit_choice_priors.py [--fold K/N] [--out PATH]

Every non-optional mark of the gold documents (``seeds/*.txt`` and
``benchmarks/data/handspun/*.txt``, markup of :mod:`restore.gold`) counts once for its
spun side and its first original (the writer's own wording), both folded. ``--fold K/N``
leaves out the hand-spun articles whose name hashes to K modulo N, for measuring the
feature on articles it was not counted from.
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

from restore import choice_priors, gold  # noqa: E402

OUT = ROOT / "lexicons" / "model" / choice_priors.TABLE_NAME


def in_fold(name: str, fold: tuple[int, int] | None) -> bool:
    if fold is None:
        return False
    k, n = fold
    return int(hashlib.sha1(name.encode()).hexdigest()[:8], 16) % n == k


def gold_arguments(description: str, out: Path, argv: list[str] | None):
    """The options of a script that counts over the gold documents (``--fold``, ``--out``),
    parsed, and the documents: (args, fold, seed gold files, hand-spun files outside the fold)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--fold", help="K/N: leave out the hand-spun articles of fold K of N")
    ap.add_argument("--out", type=Path, default=out)
    args = ap.parse_args(argv)
    fold = tuple(int(x) for x in args.fold.split("/")) if args.fold else None
    seeds = [p for p in sorted((ROOT / "seeds").glob("*.txt")) if not p.name.endswith(".spun.txt")]
    handspun = [p for p in sorted((ROOT / "benchmarks" / "data" / "handspun").glob("*.txt"))
                if not in_fold(p.name, fold)]
    return args, fold, seeds, handspun


def main(argv: list[str] | None = None) -> int:
    args, fold, seeds, handspun = gold_arguments(__doc__.split("\n\n")[0], OUT, argv)
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
