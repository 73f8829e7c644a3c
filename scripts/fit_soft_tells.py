"""Fit the soft-tell rates of the document model (``soft_rate_spun``, ``soft_rate_clean``).

A soft tell is a word of the spinner's own dictionary whose original the language model
clearly prefers in context (``restore.engine.is_soft_tell``). Spun documents show many
(seed-000: 21 in 471 words); clean prose shows a few, and their count varies far more from
document to document than a Poisson count would (a page on random numbers says "random"
and "sample" a lot). So the two rates are not the plain means: the document model keeps
its Poisson form, and the rates are chosen on the TRAIN split as the pair that takes the
most spun documents for spun while every clean document stays below ``--clean-cap``
(default spin score 0.2, well under the 0.5 gate), with the strong tells counted as the
engine counts them. The VALIDATION split reports how that holds on documents not used for
the choice; the HELD-OUT split is never read. Writes ``doc.soft_rate_*`` in
``lexicons/model/scoring.json``. Build-time only; run ``scripts/calibrate_final.py`` after.

The shipped rates (0.035 and 0.008) were chosen before each spun form counted at most
three times (``engine.FORM_REPEATS``). Run again under that cap (2026-11-29), the script
picks 0.025 and 0.010 (train: every spun document taken, the highest clean score 0.15);
with them the emulated slice's best recall at precision 0.90 fell from 0.502 to 0.494 and
the hand-spun articles' from 0.803 to 0.802, every clean set unchanged, so they were not
shipped.

    python scripts/fit_soft_tells.py [--documents 200] [--clean-cap 0.2]
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from benchmarks import corpora, emulate  # noqa: E402
from fit_scoring import spinner_seed  # noqa: E402
from restore import engine, gold, scoring  # noqa: E402
from restore.docmodel import poisson_evidence, spin_logit  # noqa: E402

MODEL_PATH = ROOT / "lexicons" / "model" / "scoring.json"
SPUN_RATES = (0.025, 0.03, 0.035, 0.04, 0.045, 0.05)
CLEAN_RATES = (0.004, 0.006, 0.008, 0.01, 0.012, 0.015, 0.02)


def evidence(split: str, n: int) -> list[dict]:
    """Spun versions of the first ``n`` documents of ``split`` and the clean second half."""
    docs = [d for d in corpora.interleave(corpora.documents(split, sources=corpora.FIT_SOURCES)) if emulate.usable(d.text)]
    rows = []
    for d in docs[:n]:
        marked = emulate.spin_document(d.text, d.id, seed=spinner_seed(d.id))
        rows.append({"spun": True, **engine.document_evidence(gold.parse(marked).spun)})
    for d in docs[len(docs) // 2:]:
        rows.append({"spun": False, **engine.document_evidence(d.text)})
    return [r for r in rows if r["words"] >= engine.SOFT_MIN_WORDS]


def logit_of(row: dict, spun_rate: float, clean_rate: float, model) -> float:
    soft = poisson_evidence(row["soft"], row["words"], spun_rate, clean_rate)
    return spin_logit(row["strong"], row["words"], model) + soft


def summary(rows: list[dict], spun_rate: float, clean_rate: float, model) -> dict:
    z_spun = [logit_of(r, spun_rate, clean_rate, model) for r in rows if r["spun"]]
    z_clean = [logit_of(r, spun_rate, clean_rate, model) for r in rows if not r["spun"]]
    return {"spun_taken": sum(z >= 0 for z in z_spun) / max(1, len(z_spun)),
            "clean_max_score": 1 / (1 + math.exp(-max(z_clean))) if z_clean else 0.0,
            "clean_taken": sum(z >= 0 for z in z_clean), "spun": len(z_spun), "clean": len(z_clean)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--documents", type=int, default=200, help="spun documents per split")
    ap.add_argument("--clean-cap", type=float, default=0.2)
    args = ap.parse_args(argv)
    model = scoring.get_model()
    train = evidence("train", args.documents)
    best = None
    for s in SPUN_RATES:
        for c in CLEAN_RATES:
            if c >= s:
                continue
            r = summary(train, s, c, model)
            if r["clean_max_score"] > args.clean_cap:
                continue
            # most spun taken; among ties the larger clean rate (more room for unseen prose)
            key = (r["spun_taken"], c)
            if best is None or key > best[0]:
                best = (key, s, c, r)
    if best is None:
        print("no rate pair keeps every clean document under the cap", file=sys.stderr)
        return 1
    _, s, c, r = best
    val = summary(evidence("validation", args.documents), s, c, model)
    print(f"soft_rate_spun {s}, soft_rate_clean {c}")
    print(f"  train: {r}")
    print(f"  validation: {val}")
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    data["doc"].update({"soft_rate_spun": s, "soft_rate_clean": c})
    data.setdefault("fit_details", {})["soft_tells"] = {"train": r, "validation": val,
                                                         "clean_cap": args.clean_cap}
    MODEL_PATH.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
