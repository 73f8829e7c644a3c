"""Score restore on gold-marked documents and list every error.

    python scripts/eval_gold.py FILE.txt [FILE.txt ...] [--threshold T] [--quiet]

Each FILE is in the gold markup of `restore.gold` (``[[spun=>original]]``). Prints
precision / recall per file and in total, then every missed mark, wrong restoration and
false edit with the engine's best proposal there. Used to measure a freshly hand-spun
article before any lexicon entry is written from it.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import restore  # noqa: E402
from benchmarks.run import _edits, _mark_errors  # noqa: E402
from restore import gold  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--threshold", type=float, default=None, help="confidence to apply (default: the engine's)")
    ap.add_argument("--quiet", action="store_true", help="totals only, no error list")
    args = ap.parse_args(argv)
    total = gold.Score()
    errors = []
    for path in args.files:
        g = gold.parse(path.read_text(encoding="utf-8"))
        r = restore.fix(g.spun)
        sc = gold.score(g, _edits(r, args.threshold))
        total += gold.Score(sc.tp, sc.fp, sc.fn)
        print(f"{path.name:32s} P {sc.precision:.2f}  R {sc.recall:.2f}  tp {sc.tp:3d} fp {sc.fp:3d} fn {sc.fn:3d}"
              f"  spin {r.spin_score:.3f}")
        errors.extend(_mark_errors(path.name, g, r))
    if len(args.files) > 1:
        print(f"{'total':32s} P {total.precision:.2f}  R {total.recall:.2f}  tp {total.tp:3d} fp {total.fp:3d} fn {total.fn:3d}")
    if not args.quiet:
        for e in errors:
            expected = "|".join(e.get("expected", [])) or "(clean)"
            print(f"  {e['kind']:10s} {e['file']:24s} {e['found']!r:28s} -> {expected:24s} got {e['proposal']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
