"""Count, for the words the engine flags in gold-restored spun text, how often they were a
marked swap and how often the writer's own words.

Writes ``lexicons/model/standin_rates.tsv`` (read by :mod:`restore.standin_rates`)::

    python scripts/fit_standin_rates.py [--fold K/N] [--out PATH]

Every gold document (``seeds/*.txt`` and ``benchmarks/data/handspun/*.txt``, markup of
:mod:`restore.gold`) is read as spun (``assume_spun``), and each stretch the engine flags
counts once for its folded words: as marked when it overlaps a non-optional mark, as
unmarked when it overlaps no mark (a stretch touching only optional marks does not count).
The engine's findings depend on the lexicon, so run it again after the lexicon changes
(before ``scripts/calibrate_final.py``). ``--fold K/N`` leaves out the hand-spun articles
of fold K of N (the hashing of ``scripts/fit_choice_priors.py``), for measuring the feature
on articles it was not counted from.
"""
from __future__ import annotations

import datetime as _dt
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from fit_choice_priors import gold_arguments  # noqa: E402
from restore import engine, gold, standin_rates  # noqa: E402
from restore.config import Config  # noqa: E402

OUT = ROOT / "lexicons" / "model" / standin_rates.TABLE_NAME


def count(paths: list[Path]) -> tuple[Counter[str], Counter[str]]:
    marked: Counter[str] = Counter()
    unmarked: Counter[str] = Counter()
    config = Config(assume_spun=True)
    for path in paths:
        g = gold.parse(path.read_text(encoding="utf-8"))
        stretches = {(row["start"], row["end"]) for row in engine.candidates(g.spun, config)}
        for start, end in stretches:
            over = [m for m in g.marks if m.start < end and start < m.end]
            key = standin_rates.standin_key(g.spun[start:end])
            if not over:
                unmarked[key] += 1
            elif any(not m.optional for m in over):
                marked[key] += 1
    return marked, unmarked


def main(argv: list[str] | None = None) -> int:
    args, fold, seeds, handspun = gold_arguments(__doc__.split("\n\n")[0], OUT, argv)
    marked, unmarked = count(seeds + handspun)
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write("# name: standin-rates\n")
        fh.write(f"# provenance: scripts/fit_standin_rates.py, {stamp}: the engine's findings in {len(seeds)} seed "
                 f"and {len(handspun)} hand-spun gold documents (seeds/, benchmarks/data/handspun/), read as spun"
                 + (f", hand-spun fold {args.fold} left out" if fold else "") + "\n")
        fh.write("# licence: CC0-1.0 (counts over the restore developers' gold markup)\n")
        fh.write("found\tmarked\tunmarked\n")
        for key in sorted(set(marked) | set(unmarked)):
            fh.write(f"{key}\t{marked[key]}\t{unmarked[key]}\n")
    print(f"{len(set(marked) | set(unmarked))} forms from {len(seeds) + len(handspun)} documents written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
