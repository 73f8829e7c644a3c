#!/usr/bin/env python3
"""Build ``lexicons/model/lm_usual.tsv``: how much the language model usually prefers each
original where the found words are genuine (see ``restore/usual.py``).

Build-time only. Reads clean prose (``benchmarks/corpora.py``: the Wikipedia sample and the
Python documentation) and runs the engine on it as if every document were spun, so that
every candidate original at every lexicon match is scored by the language model; the text
is genuine, so each ratio is a sample of what the model says about that pair where nobody
spun anything. Repairs of neighbouring words are switched off: in genuine text there is
nothing to repair.

Which documents: the TRAIN split, without the documents that ``scripts/fit_scoring.py``
uses as its paired spun and clean training documents (the first ``2 * --skip-paired`` of the
interleaved order, the fit's default). A clean training row whose own ratio had gone into
its pair's mean would teach the fit that the mean predicts cleanness better than it does.
The validation and held-out splits are never read.

    python scripts/build_lm_usual.py [--jobs 2] [--min-seen 2] [--shrink 4]

Per pair: ``usual = sum of ratios / (seen + shrink)``: the mean, pulled toward zero for a
pair seen a few times. Pairs seen fewer than ``--min-seen`` times are left out (0 at run
time).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import os
import sys
import time
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import corpora, emulate  # noqa: E402
from restore import engine, scoring  # noqa: E402
from restore.config import Config  # noqa: E402
from restore.usual import TABLE_NAME, pair_key  # noqa: E402

OUT = ROOT / "lexicons" / "model" / TABLE_NAME
PAIRED_TRAIN = 250  # scripts/fit_scoring.py --train default: spun and clean documents each


def _worker_init() -> None:
    # Nothing pruned by the shipped weights (every option gets its ratio), and no repairs.
    weights = {name: 0.0 for name in scoring.FEATURES}
    weights["bias"] = 50.0
    permissive = scoring.ScoringModel(weights, doc=dict(scoring.DEFAULT_DOC), fitted_on="permissive")
    engine.get_model = lambda: permissive  # type: ignore[assignment]
    engine.REPAIR_SPIN = 2.0


def ratios(text: str) -> list[tuple[tuple[str, str], float]]:
    out = []
    for row in engine.candidates(text, Config(assume_spun=True)):
        f = row["features"]
        if f.get("tortured") or f.get("composed"):
            continue
        out.append((pair_key(row["text"], row["original"]), float(f.get("lm", 0.0))))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--skip-paired", type=int, default=PAIRED_TRAIN)
    ap.add_argument("--min-seen", type=int, default=2)
    ap.add_argument("--shrink", type=float, default=4.0)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    docs = [d for d in corpora.interleave(corpora.documents("train", sources=corpora.FIT_SOURCES))
            if emulate.usable(d.text)]
    docs = docs[2 * args.skip_paired:]
    if not docs:
        print("no clean prose found (see benchmarks/corpora.py)", file=sys.stderr)
        return 1
    t0 = time.time()
    texts = [d.text for d in docs]
    if args.jobs > 1:
        with Pool(args.jobs, initializer=_worker_init) as pool:
            results = pool.map(ratios, texts, chunksize=8)
    else:
        _worker_init()
        results = [ratios(t) for t in texts]
    sums: dict[tuple[str, str], float] = defaultdict(float)
    seen: dict[tuple[str, str], int] = defaultdict(int)
    for rows in results:
        for key, value in rows:
            sums[key] += value
            seen[key] += 1
    kept = sorted(k for k in sums if seen[k] >= args.min_seen)
    words = sum(d.words for d in docs)
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    with args.out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# name: lm-usual\n")
        fh.write(f"# provenance: scripts/build_lm_usual.py, {stamp}: mean language-model log-ratio "
                 f"(original vs found) of each lexicon pair over {len(docs)} clean documents "
                 f"({words} words) of the TRAIN split not used as paired fit documents: "
                 f"{'; '.join(corpora.SOURCES[s][0] for s in corpora.FIT_SOURCES)}\n")
        fh.write("# licence: derived figures only (no text); CC0-1.0\n")
        fh.write(f"# usual = sum / (seen + {args.shrink:g}); pairs seen fewer than {args.min_seen} times left out\n")
        fh.write("found\toriginal\tseen\tusual\n")
        for k in kept:
            fh.write(f"{k[0]}\t{k[1]}\t{seen[k]}\t{sums[k] / (seen[k] + args.shrink):.3f}\n")
    print(f"{len(kept)} pairs (of {len(sums)} seen) from {len(docs)} documents, {words} words, "
          f"in {time.time() - t0:.0f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
