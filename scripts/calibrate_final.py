"""Fit the final calibration map: what a reported confidence means, document model included.

``scripts/fit_scoring.py`` calibrates P(right | the document was spun) on spun documents.
The engine then scales ambiguous findings by the document spin score, which that map
never saw. This script runs the engine as users do (``restore.fix``) over VALIDATION
documents, half of them run through the emulated spinner and half left clean, labels every
reported span (right when it restores a gold mark to an acceptable original; every span in
a clean document is wrong), and fits an isotonic map from the reported confidence to the
share right. It is stored as ``final_calibration`` in ``lexicons/model/scoring.json``.
Build-time only (numpy); the held-out slice is never read.

    python scripts/calibrate_final.py [--documents 160]
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import restore  # noqa: E402
from benchmarks import emulate  # noqa: E402
from fit_scoring import isotonic, select, spinner_seed  # noqa: E402
from restore import gold, scoring  # noqa: E402

FLOOR = 0.05


def labelled_spans(n: int) -> tuple[np.ndarray, np.ndarray]:
    docs, spun_flags, _ = select("validation", n)
    conf, right = [], []
    for doc, spun in zip(docs, spun_flags):
        if spun:
            marked = emulate.spin_document(doc.text, doc.id, seed=spinner_seed(doc.id))
            g = gold.parse(marked)
        else:
            g = gold.GoldDocument(doc.text, ())
        result = restore.fix(g.spun, report_floor=FLOOR, threshold=1.0)
        for span in result.spans:
            ok = False
            for m in g.marks:
                if m.start < span.end and span.start < m.end:
                    edit = [(span.start, span.end, span.suggestion)]
                    ok = gold.score(gold.GoldDocument(g.spun, (m,)), edit).fp == 0 and not m.optional
                    break
            conf.append(span.confidence)
            right.append(1.0 if ok else 0.0)
    return np.array(conf), np.array(right)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=160, help="spun and clean validation documents (each)")
    ap.add_argument("--out", type=Path, default=ROOT / "lexicons" / "model" / "scoring.json")
    args = ap.parse_args(argv)
    data = json.loads(args.out.read_text(encoding="utf-8"))
    data.pop("final_calibration", None)
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    scoring.get_model.cache_clear()  # measure without the map being fitted
    conf, right = labelled_spans(args.documents)
    # One half-right observation per block: what a user is shown is never certainty, even
    # where every validation span of a block was right.
    xs, ys = isotonic(conf, right, min_block=40, smooth=1.0)
    before = float(np.mean(np.abs(conf - right))) if len(conf) else 0.0
    data["final_calibration"] = {
        "x": xs, "y": ys,
        "fitted_on": f"{len(conf)} reported spans (confidence >= {FLOOR}) of {args.documents} spun and "
                     f"{args.documents} clean validation documents; {int(right.sum())} right",
    }
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"final calibration: {len(xs)} knots from {len(conf)} spans ({int(right.sum())} right); "
          f"mean |conf - right| before {before:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
