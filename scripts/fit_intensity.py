"""Measure the density of swaps the engine sees in the gold, for restore.intensity.

Writes ``lexicons/model/intensity.json`` (read by :mod:`restore.intensity`)::

    python scripts/fit_intensity.py [--out PATH]

Every gold document (``seeds/*.txt`` and ``benchmarks/data/handspun/*.txt``, markup of
:mod:`restore.gold`) is restored with the density adjustment turned off, as the scoring
model, the stand-in rates and the choice priors see it. The reference density is the sum
of the confidences of its findings of at least ``intensity.COUNT_FLOOR`` (listed and
composed phrases of paper mills left out, as the engine leaves them out), over its spun
words (words times the document's spin score), pooled over all documents. Run it again
after the lexicon, the scoring model, the stand-in rates or the choice priors change.

The count here is made from the spans reported, after overlapping findings are resolved;
the engine counts its findings before that, about 8% more of them (956 against 882, summed over
twenty hand-spun articles). The engine therefore reads a document as a little denser than
this reference would, and lowers a little less than the formula says: on the cautious
side. Counting both the same way is left to do (it moves every figure measured with the
adjustment).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import restore  # noqa: E402
from restore import gold, intensity  # noqa: E402
from restore.lexicon import ALWAYS_ON_PREFIXES  # noqa: E402
from restore.tokens import tokenize  # noqa: E402

OUT = ROOT / "lexicons" / "model" / intensity.TABLE_NAME


def gold_files() -> list[Path]:
    return sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "benchmarks" / "data" / "handspun").glob("*.txt"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    intensity.ENABLED = False  # measure what the adjustment is judged against
    swaps = spun_words = 0.0
    documents = 0
    for path in gold_files():
        text = path.read_text(encoding="utf-8")
        if "[[" not in text:
            continue  # a spun copy without marks (seeds/*.spun.txt)
        g = gold.parse(text)
        r = restore.fix(g.spun)
        swaps += sum(s.confidence for s in r.spans
                     if s.confidence >= intensity.COUNT_FLOOR and not s.rule.startswith(ALWAYS_ON_PREFIXES))
        spun_words += len(tokenize(g.spun)) * r.spin_score
        documents += 1
    reference = swaps / spun_words
    table = {
        "reference_density": round(reference, 5),
        "documents": documents,
        "spun_words": round(spun_words),
        "made_by": "scripts/fit_intensity.py",
        "date": _dt.date.today().isoformat(),
        "note": "sum of finding confidences (>= intensity.COUNT_FLOOR, paper-mill phrases left out) per spun "
                "word over the gold documents, the density adjustment turned off",
    }
    args.out.write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")
    print(f"reference density {reference:.5f} from {documents} documents ({spun_words:.0f} spun words) "
          f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
