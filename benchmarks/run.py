"""The benchmark: ``python -m benchmarks [--quick|--full] [--json PATH]``.

Prints one table:

* seed: every gold document ``seeds/*.txt`` (region scoring of the applied spans,
  :func:`restore.gold.score`): precision, recall, F1;
* held-out emulated slice: clean HELD-OUT documents run through the emulated spinner
  (``benchmarks/emulate.py``): precision, recall, F1, the best recall at precision >= 0.90,
  a reliability table (confidence bin -> share correct) and the expected calibration error;
* the hand-spun articles (``benchmarks/data/handspun``, a regression check): precision,
  recall, the best recall at precision >= 0.90 and the calibration error; a quick run reads
  one in QUICK_HANDSPUN_STRIDE of them by name, ``--full`` all;
* clean prose (HELD-OUT clean documents, >= 1 MB when available): applied edits per 10,000
  words; likewise the clean texts written for the project, and WordNet's example sentences
  (each a text of its own; one in QUICK_WORDNET_STRIDE in a quick run);
* throughput in MB/s (UTF-8 bytes, one process) on clean and on spun text (the first
  0.2 MB of the emulated slice);
* lexicon coverage (``benchmarks.coverage``), and the rows of ``benchmarks.tortured`` /
  ``benchmarks.streaming`` / ``benchmarks.scaleout`` / ``benchmarks.systemdocs`` when those
  modules exist (the last three only with ``--with NAME`` or ``--full``: they take minutes).

The quality sections spread their documents over one process per core, at most four
(``--jobs``); the figures do not depend on it. Throughput is timed afterwards, in this process alone.

Nothing measured here is used for fitting (``scripts/fit_scoring.py`` reads only the
TRAIN and VALIDATION splits).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import importlib
import json
import multiprocessing
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import restore
from restore import gold
from restore.tokens import tokenize
from restore.config import DEFAULT_REPORT_FLOOR, DEFAULT_THRESHOLD

from . import corpora, emulate

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_SEEDS = BENCH_DIR.parent / "seeds"
SPINNER_SEEDS = 5
BINS = [(0.2, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.0001)]

# Sections of their own modules; the opt-in ones take minutes and are left out of a quick run.
OPTIONAL_SECTIONS = ("tortured", "streaming", "scaleout", "systemdocs")
OPT_IN_SECTIONS = ("streaming", "scaleout", "systemdocs")

TARGETS = {
    "seed_precision": ">= 0.95", "seed_recall": ">= 0.90", "clean_edits_per_10k": "<= 1",
    "clean_mb_s": ">= 1", "heldout_recall_at_p90": ">= 0.70", "ece": "<= 0.05", "mixed_outside": "<= 1",
    # Real spun articles not in the repository (issue 3); the held-back hand-spun articles
    # are the nearest measure this repository has of them.
    "real_recall_at_p90": ">= 0.60",
}


def spinner_seed(doc_id: str) -> int:
    """The emulated spinner variant of a document (the same rule as scripts/fit_scoring.py)."""
    return int(hashlib.sha1(doc_id.encode()).hexdigest()[:6], 16) % SPINNER_SEEDS


def _edits(result, threshold: float | None = None):
    t = result.threshold if threshold is None else threshold
    return [(s.start, s.end, s.suggestion) for s in result.spans if s.confidence >= t]


def _scored_edits(result) -> list[tuple[int, int, str, float]]:
    """Every span as an edit with its confidence, for :func:`restore.gold.score_curve`."""
    return [(s.start, s.end, s.suggestion, s.confidence) for s in result.spans]


def span_correct(g: gold.GoldDocument, start: int, end: int, suggestion: str) -> bool | None:
    """Whether one reported span alone restores its region correctly (None: optional only)."""
    over = tuple(m for m in g.marks if m.start < end and start < m.end)
    if not over:
        return False
    sc = gold.score(gold.GoldDocument(g.spun, over), [(start, end, suggestion)])
    if all(m.optional for m in over):
        return sc.fp == 0
    return sc.tp > 0 and sc.fp == 0


def edits_restore(g: gold.GoldDocument, mark: gold.Mark, edits: list[tuple[int, int, str]]) -> bool:
    """Whether the applied ``edits`` over ``mark`` restore it, judged together: "final yr" is
    often fixed by two edits ("final" -> "last", "yr" -> "year"), neither right alone."""
    if not edits:
        return False
    over = {mark} | {m for m in g.marks for s, e, _ in edits if m.start < e and s < m.end}
    sc = gold.score(gold.GoldDocument(g.spun, tuple(sorted(over, key=lambda m: (m.start, m.end)))), edits)
    return sc.fn == 0 and sc.fp == 0


def _mark_errors(name: str, g: gold.GoldDocument, r) -> list[dict]:
    """Every missed mark and every false edit, with the engine's best proposal there."""
    out = []
    applied = [s for s in r.spans if s.applied]
    for m in g.marks:
        if m.optional:
            continue
        here = [s for s in r.spans if s.start < m.end and m.start < s.end]
        edits = [s for s in here if s.applied]
        if edits_restore(g, m, [(s.start, s.end, s.suggestion) for s in edits]):
            continue
        best = max(here, key=lambda s: s.confidence, default=None)
        out.append({"file": name, "kind": "wrong" if edits else "missed", "found": m.spun,
                    "expected": list(m.alternatives),
                    "proposal": (f"{best.suggestion!r} {best.confidence:.2f} {best.rule}" if best else "none reported"),
                    "spin_score": r.spin_score})
    for s in applied:
        over = [m for m in g.marks if m.start < s.end and s.start < m.end]
        if not over:
            out.append({"file": name, "kind": "false edit", "found": s.text, "proposal":
                        f"{s.suggestion!r} {s.confidence:.2f} {s.rule}"})
        elif all(m.optional for m in over) and span_correct(g, s.start, s.end, s.suggestion) is False:
            # An optional mark may be left alone, but not restored to something else.
            out.append({"file": name, "kind": "wrong (optional)", "found": s.text,
                        "expected": list(over[0].alternatives),
                        "proposal": f"{s.suggestion!r} {s.confidence:.2f} {s.rule}"})
    return out


def _diagnose(g: gold.GoldDocument) -> dict:
    """Where recall is lost: is the right original proposed at all, ranked first, and
    restored when the document is known to be spun?"""
    from restore import engine
    from restore.casing import transfer_case
    from restore.config import Config

    rows = engine.candidates(g.spun, Config(assume_spun=True))
    by_span: dict[tuple[int, int], list[dict]] = {}
    for row in rows:
        by_span.setdefault((row["start"], row["end"]), []).append(row)
    proposed = first = 0
    required = [m for m in g.marks if not m.optional]
    for m in required:
        hit = hit_first = False
        for (s, e), opts in by_span.items():
            if not (s < m.end and m.start < e):
                continue
            opts = sorted(opts, key=lambda o: -o["z"])
            for k, o in enumerate(opts):
                if span_correct(g, s, e, transfer_case(g.spun[s:e], o["original"])):
                    hit = True
                    hit_first = hit_first or k == 0
        proposed += hit
        first += hit_first
    known = restore.fix(g.spun, assume_spun=True)
    sc = gold.score(g, _edits(known))
    return {"marks": len(required), "proposed": proposed, "ranked_first": first, "tp_known_spun": sc.tp,
            "fp_known_spun": sc.fp}


def _best_recall_at(curve: dict[float, gold.Score], precision: float) -> tuple[float, float | None]:
    """The highest recall over the thresholds whose precision reaches ``precision``."""
    ok = [(s.recall, t) for t, s in curve.items() if s.precision >= precision and s.tp]
    return max(ok) if ok else (0.0, None)


def _reliability(reported: list[tuple[float, bool]]) -> tuple[list[dict], float]:
    """The reliability table (confidence bin -> share correct) and the expected calibration
    error over reported spans, given as (confidence, correct)."""
    rel = []
    ece = 0.0
    n = len(reported)
    for lo, hi in BINS:
        inbin = [(c, ok) for c, ok in reported if lo <= c < hi]
        if not inbin:
            rel.append({"bin": f"{lo:.2f}-{min(hi, 1.0):.2f}", "n": 0})
            continue
        conf = sum(c for c, _ in inbin) / len(inbin)
        acc = sum(1 for _, ok in inbin if ok) / len(inbin)
        ece += len(inbin) / n * abs(conf - acc)
        rel.append({"bin": f"{lo:.2f}-{min(hi, 1.0):.2f}", "n": len(inbin), "mean_confidence": round(conf, 4),
                    "share_correct": round(acc, 4)})
    return rel, ece


def _prf(sc: gold.Score) -> dict:
    return {"precision": round(sc.precision, 4), "recall": round(sc.recall, 4), "f1": round(sc.f1, 4),
            "tp": sc.tp, "fp": sc.fp, "fn": sc.fn}


# Each worker's writes (reference counts) copy pages of the shared data as it goes, up to a
# few hundred MB a worker: the default stops at four, whatever the machine.
DEFAULT_JOBS_MAX = 4


def parallel_map(fn, items, jobs: int) -> list:
    """``[fn(x) for x in items]``, spread over ``jobs`` forked processes.

    Forking shares the lexicons and the language model the parent has already loaded, so a
    worker starts in milliseconds. Where fork is not available (Windows), or not safe (macOS,
    as restore.batch judges too), the map runs in this process. ``fn`` must be a
    module-level function. Only the quality sections use this: throughput is always timed
    in one process, alone.
    """
    items = list(items)
    if (jobs <= 1 or len(items) < 2 or sys.platform == "darwin"
            or "fork" not in multiprocessing.get_all_start_methods()):
        return [fn(x) for x in items]
    with multiprocessing.get_context("fork").Pool(min(jobs, len(items))) as pool:
        return pool.map(fn, items, chunksize=max(1, len(items) // (jobs * 8)))


# --------------------------------------------------------------------------- sections

def bench_seed(seeds_dir: Path) -> dict:
    files = sorted(p for p in seeds_dir.glob("*.txt") if not p.name.endswith(".spun.txt")) if seeds_dir.is_dir() else []
    if not files:
        return {"status": f"ABSENT: no gold seeds in {seeds_dir}"}
    total = gold.Score()
    per_file = {}
    errors = []
    for path in files:
        g = gold.parse(path.read_text(encoding="utf-8"))
        r = restore.fix(g.spun)
        sc = gold.score(g, _edits(r))
        per_file[path.name] = _prf(sc)
        errors.extend(_mark_errors(path.name, g, r))
        total += sc
    return {"files": len(files), "marks": total.tp + total.fn, **_prf(total), "per_file": per_file,
            "errors": errors}


HANDSPUN = Path(__file__).resolve().parent / "data" / "handspun"
# Hand-spun articles held back from every fitted table (benchmarks/data/handspun-held/README.md).
HANDSPUN_HELD = Path(__file__).resolve().parent / "data" / "handspun-held"
# The thresholds of the precision-recall curves: 0.30, 0.31, ... 0.99. A coarser grid
# (every 0.05) misses the best threshold: on a batch of ten fresh hand-spun articles the
# recall at precision >= 0.90 read 0.35 at 0.90, where 0.76 gives 0.54.
CURVE_THRESHOLDS = tuple(round(0.3 + 0.01 * k, 2) for k in range(70))


def _handspun_article(job: tuple[Path, float]) -> tuple[str, gold.Score, dict, list]:
    """One hand-spun article: its score at the threshold, its curve, its reported spans."""
    path, threshold = job
    g = gold.parse(path.read_text(encoding="utf-8"))
    r = restore.fix(g.spun)
    reported = []
    for s in r.spans:
        ok = span_correct(g, s.start, s.end, s.suggestion)
        if ok is not None:
            reported.append((s.confidence, ok))
    sc = gold.score(g, _edits(r, threshold))
    curve = gold.score_curve(g, _scored_edits(r), CURVE_THRESHOLDS)
    return path.stem, gold.Score(sc.tp, sc.fp, sc.fn), curve, reported


# A quick run reads every QUICK_HANDSPUN_STRIDE-th hand-spun article by name (all with
# --full): the set grows by forty articles a session, and spun text reads at a tenth of the
# speed of clean text, so reading all of it took the quick run towards a minute.
QUICK_HANDSPUN_STRIDE = 2


def bench_handspun(threshold: float, jobs: int = 1, full: bool = True, directory: Path = HANDSPUN) -> dict:
    """Developer-written articles spun by hand (benchmarks/data/handspun/README.md):
    regression checks, not a measure of generalisation. ``full``: all of them, else every
    QUICK_HANDSPUN_STRIDE-th by name. ``directory`` HANDSPUN_HELD: the articles no table
    was counted from, all of them, always."""
    every = sorted(directory.glob("*.txt"))
    if not every:
        return {"status": f"ABSENT: no hand-spun articles in {directory}"}
    files = every if full or directory != HANDSPUN else every[::QUICK_HANDSPUN_STRIDE]
    total = gold.Score()
    per_file = {}
    # The same curve as the held-out slice: the target for real spun articles is a recall
    # at precision >= 0.90, and these articles are the nearest stand-in we have.
    per_t: dict[float, gold.Score] = {t: gold.Score() for t in CURVE_THRESHOLDS}
    # Calibration on the nearest stand-in for real articles. A span that fixes only part of
    # a longer mark ("final" in "final yr" -> "last year") counts as wrong here, so the
    # share correct is a lower bound.
    reported: list[tuple[float, bool]] = []
    for stem, sc, curve, spans in parallel_map(_handspun_article, [(p, threshold) for p in files], jobs):
        reported.extend(spans)
        per_file[stem] = _prf(sc)
        total += sc
        for t, s2 in curve.items():
            per_t[t] += s2
    best = _best_recall_at(per_t, 0.90)
    rel, ece = _reliability(reported)
    return {"files": len(files), "of_files": len(every), "marks": total.tp + total.fn, **_prf(total),
            "recall_at_p90": round(best[0], 4), "threshold_at_p90": best[1],
            "ece": round(ece, 4) if reported else None, "reported_spans": len(reported), "reliability": rel,
            "per_file": per_file}


CLEAN_GENRES = Path(__file__).resolve().parent / "data" / "clean-genres"
# Short clean texts written for the project, one a line (benchmarks/data/clean-short/README.md).
CLEAN_SHORT = Path(__file__).resolve().parent / "data" / "clean-short"


def _edits_in_clean(job: tuple[str, str, float]) -> tuple[int, bool, list[str]]:
    """A clean text's words, whether it is scored spun, and its applied edits."""
    stem, text, threshold = job
    r = restore.fix(text)
    return (len(text.split()), r.spin_score >= 0.5,
            [f"{stem}: {s.text!r} -> {s.suggestion!r} ({s.rule})" for s in r.spans if s.confidence >= threshold])


# A quick run reads every QUICK_WORDNET_STRIDE-th WordNet example sentence, and every
# QUICK_DEFINITIONS_STRIDE-th paragraph of its definitions (all with --full).
QUICK_WORDNET_STRIDE = 4
QUICK_DEFINITIONS_STRIDE = 8


def bench_clean_written(threshold: float, jobs: int = 1, full: bool = True) -> dict:
    """Clean texts written by the developers, where no downloadable corpus reaches: sixty
    genres (benchmarks/data/clean-genres/README.md) and the originals of the hand-spun
    articles (their gold restored), and short texts restored one line at a time
    (headlines, captions, posts). Edits per 10,000 words; regression checks, since the
    false edits they showed were fixed. Beside them, WordNet's example sentences, each
    restored as a text of its own (corpora.wordnet_examples), and its definitions ten to a
    paragraph (corpora.wordnet_definitions), where installed."""
    out = {}
    examples = corpora.wordnet_examples()
    definitions = corpora.wordnet_definitions()
    sets = {"genres": [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(CLEAN_GENRES.glob("*.txt"))],
            "hand-spun originals": [(p.stem, gold.parse(p.read_text(encoding="utf-8")).original)
                                    for p in sorted(HANDSPUN.glob("*.txt"))],
            "short texts, one a line": [(f"{p.stem}#{k}", line) for p in sorted(CLEAN_SHORT.glob("*.txt"))
                                        for k, line in enumerate(p.read_text(encoding="utf-8").splitlines())
                                        if line.strip()],
            "WordNet example sentences": None if examples is None else
            [(f"wordnet#{k}", t) for k, t in enumerate(examples)][::1 if full else QUICK_WORDNET_STRIDE],
            "WordNet definitions, ten a paragraph": None if definitions is None else
            [(f"definitions#{k}", t) for k, t in enumerate(definitions)][::1 if full else QUICK_DEFINITIONS_STRIDE]}
    for name, docs in sets.items():
        if docs is None:
            out[name] = {"status": f"ABSENT: WordNet not found ({corpora.WORDNET_DIR}; Debian's wordnet-base)"}
            continue
        if not docs:
            out[name] = {"status": "ABSENT"}
            continue
        words = edits = spun = 0
        examples = []
        for n_words, scored_spun, found in parallel_map(_edits_in_clean, [(stem, text, threshold) for stem, text in docs], jobs):
            words += n_words
            spun += scored_spun
            edits += len(found)
            examples.extend(found[:10 - len(examples)])
        out[name] = {"documents": len(docs), "words": words, "edits": edits, "scored_spun": spun,
                     "per_10k": round(edits / max(1, words) * 1e4, 3), "examples": examples}
    return out


MIXED_PAGES = 60


def _mixed_page(job: tuple[str, str, int, int, float]) -> tuple[int, gold.Score, gold.Score]:
    """One page: edits outside its passage, the passage's score in the page and alone."""
    marked, passage, a, b, threshold = job
    g, alone_g = gold.parse(marked), gold.parse(passage)
    edits = _edits(restore.fix(g.spun), threshold)
    outside = sum(1 for e in edits if not (a <= e[0] and e[1] <= b))
    inside = gold.score(g, [e for e in edits if a <= e[0] and e[1] <= b])
    alone = gold.score(alone_g, _edits(restore.fix(alone_g.spun), threshold))
    return outside, gold.Score(inside.tp, inside.fp, inside.fn), gold.Score(alone.tp, alone.fp, alone.fn)


def bench_mixed(threshold: float, pages: int = MIXED_PAGES, jobs: int = 1) -> dict:
    """Clean pages with a spun passage inside (two paragraphs of a hand-spun article between
    held-out clean documents, three to a page): how many edits land outside the passage,
    and how much of the passage is restored, against the passage restored on its own."""
    files = sorted(HANDSPUN.glob("*.txt"))
    docs = [d for d in corpora.interleave(corpora.documents("heldout")) if emulate.usable(d.text)]
    if not files or len(docs) < 3:
        return {"status": "ABSENT: needs the hand-spun articles and held-out clean prose"}
    rng = random.Random(11)
    docs = docs[::-1]  # the far end of the order: the emulated slice takes the near end
    inside, alone = gold.Score(), gold.Score()
    outside = clean_words = made = 0
    page_jobs = []  # the pages are drawn here, in order, so the draws do not depend on `jobs`
    for k in range(pages):
        group = docs[3 * k:3 * k + 3]
        if len(group) < 3:
            break
        clean = "\n\n".join(d.text for d in group)
        paragraphs = [p for p in files[rng.randrange(len(files))].read_text(encoding="utf-8").split("\n") if p.strip()]
        i = rng.randrange(max(1, len(paragraphs) - 1))
        passage = "\n".join(paragraphs[i:i + 2])
        cut = rng.choice([0, len(clean)] + [j for j in range(len(clean)) if clean.startswith("\n\n", j)])
        a = cut + 2
        b = a + len(gold.parse(passage).spun)
        page_jobs.append((clean[:cut] + "\n\n" + passage + "\n\n" + clean[cut:], passage, a, b, threshold))
        clean_words += sum(d.words for d in group)
        made += 1
    for page_outside, page_inside, page_alone in parallel_map(_mixed_page, page_jobs, jobs):
        outside += page_outside
        inside += page_inside
        alone += page_alone
    return {"pages": made, "clean_words": clean_words, "outside_edits": outside,
            "outside_per_10k": round(outside / max(1, clean_words) * 1e4, 3),
            "passage_marks": inside.tp + inside.fn, "passage": _prf(inside), "passage_alone": _prf(alone)}


_SPINNERS: dict[int, emulate.Spinner] = {}


def _spinner(seed: int) -> emulate.Spinner:
    """The emulated spinner variant ``seed``, made once per process (forked workers find
    the parent's)."""
    sp = _SPINNERS.get(seed)
    if sp is None:
        sp = _SPINNERS[seed] = emulate.Spinner(seed)
    return sp


# The spun-text throughput is timed on the first documents of the slice, in one process.
SPUN_TIMED_MB = 0.2


def _heldout_document(job: tuple[str, int, str, float, bool]) -> dict:
    """One spun document of the slice: its score, curve, reported spans and misses."""
    source, seed, marked, threshold, diagnose = job
    sp = _spinner(seed)
    g = gold.parse(marked)
    r = restore.fix(g.spun)
    sc = gold.score(g, _edits(r, threshold))
    out = {"source": source, "score": gold.Score(sc.tp, sc.fp, sc.fn),
           "curve": gold.score_curve(g, _scored_edits(r), CURVE_THRESHOLDS),
           "reported": [], "fp_rules": Counter(), "by_source": Counter(), "missed_source": Counter(),
           "fn_pairs": Counter(), "diag": Counter()}
    for s in r.spans:
        ok = span_correct(g, s.start, s.end, s.suggestion)
        if ok is not None:
            out["reported"].append((s.confidence, ok, s.rule))
            if s.applied and not ok:
                out["fp_rules"][s.rule.split(":")[0]] += 1
    if diagnose:
        out["diag"].update(_diagnose(g))
        out["diag"]["documents"] += 1
        out["diag"]["scored_spun"] += r.spin_score >= 0.5
    # recall by where the damage came from
    restored_spans = [(s.start, s.end, s.suggestion) for s in r.spans if s.confidence >= threshold]
    for m in g.marks:
        src = "habit" if tuple(t.key for t in tokenize(m.alternatives[0])) in sp.dictionary.habit \
            else "thesaurus"
        out["by_source"][src] += 1
        edits = [e for e in restored_spans if e[0] < m.end and m.start < e[1]]
        if not edits_restore(g, m, edits):
            out["missed_source"][src] += 1
            out["fn_pairs"][(m.spun.lower(), m.alternatives[0].lower())] += 1
    return out


def bench_heldout(n_docs: int, threshold: float, jobs: int = 1) -> dict:
    docs = [d for d in corpora.interleave(corpora.documents("heldout")) if emulate.usable(d.text)]
    # Documents used as clean prose come from the other end of the same interleaved order.
    docs = docs[:n_docs]
    if not docs:
        return {"status": "ABSENT: no held-out clean prose to spin"}
    # Spun here, in order; the workers restore and score.
    spun_jobs = []
    n_diag = max(1, len(docs) // 2)
    for k, d in enumerate(docs):
        seed = spinner_seed(d.id)
        spun_jobs.append((d.source, seed, _spinner(seed).spin(d.text, d.id), threshold, k < n_diag))
    total = gold.Score()
    reported = []  # (confidence, correct, rule)
    by_source = Counter()
    missed_source = Counter()
    fn_pairs = Counter()
    fp_rules = Counter()
    per_t: dict[float, gold.Score] = {t: gold.Score() for t in CURVE_THRESHOLDS}
    # The same curve per source: technical, encyclopedic and news prose differ in how often
    # a stand-in is also the writer's own word.
    per_source_t: dict[str, dict[float, gold.Score]] = {}
    per_source_at: dict[str, gold.Score] = {}
    diag = Counter()
    for one in parallel_map(_heldout_document, spun_jobs, jobs):
        total += one["score"]
        src_t = per_source_t.setdefault(one["source"], {t: gold.Score() for t in CURVE_THRESHOLDS})
        per_source_at.setdefault(one["source"], gold.Score())
        per_source_at[one["source"]] += one["score"]
        for t, s2 in one["curve"].items():
            per_t[t] += s2
            src_t[t] += s2
        reported.extend(one["reported"])
        fp_rules.update(one["fp_rules"])
        diag.update(one["diag"])
        by_source.update(one["by_source"])
        missed_source.update(one["missed_source"])
        fn_pairs.update(one["fn_pairs"])
    # Throughput on spun text, timed alone after the quality figures.
    chars = 0
    elapsed = 0.0
    for job in spun_jobs:
        if chars >= SPUN_TIMED_MB * 1e6:
            break
        spun = gold.parse(job[2]).spun
        t0 = time.perf_counter()
        restore.fix(spun)
        elapsed += time.perf_counter() - t0
        chars += len(spun.encode("utf-8"))
    rel, ece = _reliability([(c, ok) for c, ok, _ in reported])
    n = len(reported)
    curve = {f"{t:.2f}": _prf(s) for t, s in per_t.items()}
    best = _best_recall_at(per_t, 0.90)
    by_corpus = {}
    for src, curve_src in sorted(per_source_t.items()):
        b = _best_recall_at(curve_src, 0.90)
        by_corpus[src] = {"documents": sum(1 for d in docs if d.source == src), **_prf(per_source_at[src]),
                          "recall_at_p90": round(b[0], 4), "threshold_at_p90": b[1]}
    words = sum(d.words for d in docs)
    return {
        "documents": len(docs), "words": words, "marks": total.tp + total.fn, **_prf(total),
        "recall_at_p90": round(best[0], 4), "threshold_at_p90": best[1], "curve": curve, "by_corpus": by_corpus,
        "reliability": rel, "ece": round(ece, 4) if n else None, "reported_spans": n,
        "marks_by_source": dict(by_source),
        "recall_by_source": {k: round(1 - missed_source[k] / v, 4) for k, v in by_source.items() if v},
        "top_missed": [f"{s}=>{o} x{c}" for (s, o), c in fn_pairs.most_common(25)],
        "false_positive_lexicons": dict(fp_rules.most_common()),
        "spun_mb": round(chars / 1e6, 3), "spun_seconds": round(elapsed, 3),
        "diagnosis": {
            **dict(diag),
            "share_proposed": round(diag["proposed"] / max(1, diag["marks"]), 4),
            "share_ranked_first": round(diag["ranked_first"] / max(1, diag["marks"]), 4),
            "recall_known_spun": round(diag["tp_known_spun"] / max(1, diag["marks"]), 4),
            "precision_known_spun": round(diag["tp_known_spun"] / max(1, diag["tp_known_spun"] + diag["fp_known_spun"]), 4),
            "share_scored_spun": round(diag["scored_spun"] / max(1, diag["documents"]), 4),
        },
    }


def bench_clean(min_mb: float, full: bool, skip: int) -> dict:
    docs = list(corpora.interleave(corpora.documents("heldout")))
    if not docs:
        return {"status": "ABSENT: no clean prose (see benchmarks/corpora.py)"}
    # The emulated slice took the first ``skip`` documents of the same order (both sources
    # alternate in it); the clean documents are the next ones, never the same texts.
    docs = docs[skip:]
    chosen, size = [], 0
    for d in docs:
        if not full and size >= min_mb * 1e6:
            break
        chosen.append(d)
        size += len(d.text.encode("utf-8"))
    words = 0
    edits = 0
    elapsed = 0.0
    rules = Counter()
    examples = []
    spun_docs = 0
    per_source: dict[str, Counter] = {}
    edits_spun_docs = 0
    cpu = 0.0  # the process's own CPU time: what other work on the machine moves least
    for d in chosen:
        t0, c0 = time.perf_counter(), time.process_time()
        r = restore.fix(d.text)
        elapsed += time.perf_counter() - t0
        cpu += time.process_time() - c0
        words += d.words
        src = per_source.setdefault(d.source, Counter())
        src["documents"] += 1
        src["words"] += d.words
        if r.spin_score >= 0.5:
            spun_docs += 1
            src["scored_spun"] += 1
        for s in r.spans:
            if s.applied:
                edits += 1
                src["edits"] += 1
                if r.spin_score >= 0.5:
                    edits_spun_docs += 1
                rules[s.rule] += 1
                if len(examples) < 30:
                    ctx = d.text[max(0, s.start - 40):s.end + 40].replace("\n", " ")
                    examples.append(f"{s.text!r} -> {s.suggestion!r} ({s.rule}, {s.confidence:.2f}): ...{ctx}...")
    by_source = Counter(d.source for d in chosen)
    return {
        "documents": len(chosen), "by_source": dict(by_source), "words": words, "mb": round(size / 1e6, 3),
        "applied_edits": edits, "edits_per_10k_words": round(edits / max(1, words) * 1e4, 3),
        "documents_scored_spun": spun_docs, "edits_in_documents_scored_spun": edits_spun_docs, "seconds": round(elapsed, 3),
        "mb_per_s": round(size / 1e6 / elapsed, 3) if elapsed else None,
        "cpu_seconds": round(cpu, 3), "mb_per_cpu_s": round(size / 1e6 / cpu, 3) if cpu else None,
        "top_rules": dict(rules.most_common(20)), "examples": examples,
        "per_source": {k: {**dict(v), "edits_per_10k_words": round(v["edits"] / max(1, v["words"]) * 1e4, 3)}
                       for k, v in per_source.items()},
    }


def bench_coverage() -> dict | None:
    try:
        cov = importlib.import_module("benchmarks.coverage")
    except ImportError:
        return None
    from restore._data import data_dir

    try:
        return dict(cov.measure_coverage(data_dir() / "tables", emulate.FORWARD_PATH, top_n=10000))
    except Exception as exc:  # a helper's module: report, do not crash the benchmark
        return {"error": f"{type(exc).__name__}: {exc}"}


def bench_optional(name: str, quick: bool) -> tuple[str, dict] | None:
    try:
        mod = importlib.import_module(f"benchmarks.{name}")
    except ImportError:
        return None
    try:
        return getattr(mod, "TITLE", name), dict(mod.run(quick))
    except Exception as exc:
        return getattr(mod, "TITLE", name), {"error": f"{type(exc).__name__}: {exc}"}


# --------------------------------------------------------------------------- output

def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.3f}" if abs(v) < 1000 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def _flatten(section: dict, prefix: str = ""):
    """Scalar rows of a (nested) result dict; lists and long strings stay in the JSON only."""
    for k, v in section.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            yield from _flatten(v, key + ".")
        elif isinstance(v, bool):
            yield key, str(v)
        elif isinstance(v, (int, float)):
            yield key, v
        elif isinstance(v, str) and len(v) <= 70:
            yield key, v


def render(results: dict) -> str:
    rows: list[tuple[str, str, str, str]] = []

    def add(section, metric, value, target=""):
        rows.append((section, metric, _fmt(value), target))

    s = results["seed"]
    if "status" in s:
        add("seed", "status", s["status"])
    else:
        add("seed", f"marks ({s['files']} files)", s["marks"])
        add("seed", "precision", s["precision"], TARGETS["seed_precision"])
        add("seed", "recall", s["recall"], TARGETS["seed_recall"])
        add("seed", "F1", s["f1"])
        add("seed", "TP / FP / FN", f"{s['tp']} / {s['fp']} / {s['fn']}")
    def handspun_rows(section: str, hs: dict, describe: Callable[[dict], str], ece_note: str = "",
                      p90_target: str = "") -> None:
        """The rows of one set of hand-spun articles (bench_handspun): ``describe`` names
        what was read, for its marks."""
        if "status" in hs:
            add(section, "status", hs["status"])
            return
        add(section, f"marks ({describe(hs)})", hs["marks"])
        add(section, "precision / recall", f"{hs['precision']:.3f} / {hs['recall']:.3f}")
        add(section, "best recall at precision >= 0.90 (threshold)",
            f"{hs['recall_at_p90']:.3f} ({hs['threshold_at_p90']})", p90_target)
        if hs.get("ece") is not None:
            add(section, f"ECE ({hs['reported_spans']} reported spans{ece_note})", f"{hs['ece']:.3f}", TARGETS["ece"])

    handspun_rows("hand-spun", results.get("handspun", {"status": "not run"}),
                  lambda hs: (f"{hs['files']} developer-written articles" if hs["files"] == hs.get("of_files", hs["files"])
                              else f"{hs['files']} of {hs['of_files']} developer-written articles, one in "
                                   f"{QUICK_HANDSPUN_STRIDE}") + "; regression check",
                  ece_note="; a partial fix counts as wrong")
    if results.get("handspun_held") is not None:
        handspun_rows("hand-spun held back", results["handspun_held"],
                      lambda hs: f"{hs['files']} articles written by writers who never ran restore, counted in no table",
                      p90_target=TARGETS["real_recall_at_p90"])
    for name, cw in results.get("clean_written", {}).items():
        section = ("clean, sentences" if name.startswith(("WordNet example", "short"))
                   else "clean, reference" if name.startswith("WordNet") else "clean, written")
        if "status" in cw:
            add(section, name, cw["status"])
        else:
            add(section, f"{name}: edits per 10k words ({cw['words']:,} words, {cw['documents']} texts)",
                f"{cw['per_10k']:.3f} ({cw['edits']} edits; {cw['scored_spun']} texts scored spun)", TARGETS["clean_edits_per_10k"])
    mx = results.get("mixed", {"status": "not run"})
    if "status" in mx:
        add("mixed pages", "status", mx["status"])
    else:
        add("mixed pages", f"pages (clean prose with a spun passage; {mx['clean_words']:,} clean words)", mx["pages"])
        add("mixed pages", "edits outside the passage per 10k clean words", mx["outside_per_10k"], TARGETS["mixed_outside"])
        add("mixed pages", f"passage P / R ({mx['passage_marks']} marks)",
            f"{mx['passage']['precision']:.3f} / {mx['passage']['recall']:.3f}")
        add("mixed pages", "  the passage on its own (a short text): P / R",
            f"{mx['passage_alone']['precision']:.3f} / {mx['passage_alone']['recall']:.3f}")
    h = results["heldout"]
    if "status" in h:
        add("held-out emulated", "status", h["status"])
    else:
        add("held-out emulated", f"marks ({h['documents']} docs, {h['words']:,} words)", h["marks"])
        add("held-out emulated", f"precision @{results['threshold']}", h["precision"])
        add("held-out emulated", f"recall @{results['threshold']}", h["recall"])
        add("held-out emulated", f"F1 @{results['threshold']}", h["f1"])
        add("held-out emulated", "best recall at precision >= 0.90", h["recall_at_p90"],
            TARGETS["heldout_recall_at_p90"])
        add("held-out emulated", "  (threshold)", h["threshold_at_p90"] if h["threshold_at_p90"] else "none")
        for src, r in sorted(h["recall_by_source"].items()):
            add("held-out emulated", f"  recall on {src} marks ({h['marks_by_source'][src]})", r)
        for src, v in h.get("by_corpus", {}).items():
            at = f" (threshold {v['threshold_at_p90']:.2f})" if v["threshold_at_p90"] else ""
            add("held-out emulated", f"  {src} ({v['documents']} docs): P / R @{results['threshold']}; recall at P >= 0.90",
                f"{v['precision']:.3f} / {v['recall']:.3f}; {v['recall_at_p90']:.3f}{at}")
        dg = h["diagnosis"]
        add("held-out diagnosis", f"docs scored spun (of {dg.get('documents', 0)})", dg["share_scored_spun"])
        add("held-out diagnosis", "marks with the right original proposed", dg["share_proposed"])
        add("held-out diagnosis", "  ... and ranked first (known spun)", dg["share_ranked_first"])
        add("held-out diagnosis", "recall / precision if known spun",
            f"{dg['recall_known_spun']:.3f} / {dg['precision_known_spun']:.3f}")
        add("held-out emulated", f"ECE ({h['reported_spans']} reported spans)",
            h["ece"] if h["ece"] is not None else "n/a", TARGETS["ece"])
        for b in h["reliability"]:
            if b["n"]:
                add("reliability", f"confidence {b['bin']}",
                    f"{b['share_correct']:.3f} correct (mean conf {b['mean_confidence']:.3f}, n={b['n']})")
            else:
                add("reliability", f"confidence {b['bin']}", "n=0")
    c = results["clean"]
    if "status" in c:
        add("clean prose", "status", c["status"])
    else:
        add("clean prose", f"words ({c['mb']} MB, {c['documents']} docs)", c["words"])
        add("clean prose", "applied edits", c["applied_edits"])
        add("clean prose", "applied edits per 10k words", c["edits_per_10k_words"], TARGETS["clean_edits_per_10k"])
        add("clean prose", "documents scored as spun (their edits)",
            f"{c['documents_scored_spun']} ({c['edits_in_documents_scored_spun']} edits)")
        for name, v in sorted(c["per_source"].items()):
            add("clean prose", f"  {name}: edits per 10k words ({v['words']:,} words)",
                f"{v['edits_per_10k_words']:.3f} ({v.get('scored_spun', 0)} of {v['documents']} docs scored spun)")
        add("throughput", "clean prose MB/s", c["mb_per_s"], TARGETS["clean_mb_s"])
        if c.get("mb_per_cpu_s"):
            add("throughput", "  per second of the process's CPU time", c["mb_per_cpu_s"])
    if "spun_seconds" in h and h["spun_seconds"]:
        add("throughput", "spun text MB/s", round(h["spun_mb"] / h["spun_seconds"], 3))
    cov = results.get("coverage")
    if cov is None:
        add("coverage", "status", "benchmarks.coverage not present")
    else:
        for k, v in cov.items():
            if isinstance(v, (int, float, str)):
                add("coverage", k, v)
    for name, (title, section) in results.get("optional", {}).items():
        add(name, "title", title)
        for k, v in _flatten(section):
            add(name, k, v)
        add(name, "section seconds", results.get("optional_seconds", {}).get(name, ""))
    w = [max(len(r[i]) for r in rows + [("section", "metric", "value", "target")]) for i in range(4)]
    lines = [f"restore benchmark, measured {results['date']} ({results['mode']}; scoring: {results['scoring']}; "
             f"load average at start {results.get('load_average', '?')})"]
    head = ("section", "metric", "value", "target")
    lines.append("  ".join(h.ljust(w[i]) for i, h in enumerate(head)).rstrip())
    lines.append("  ".join("-" * w[i] for i in range(4)))
    for r in rows:
        lines.append("  ".join(r[i].ljust(w[i]) for i in range(4)).rstrip())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description="restore benchmark")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", default=True, help="small sets, under a minute (default)")
    mode.add_argument("--full", action="store_true", help="larger sets")
    ap.add_argument("--json", type=Path, help="write every figure to this JSON file")
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="directory of gold seed documents")
    ap.add_argument("--skip", action="append", default=[], choices=OPTIONAL_SECTIONS,
                    help="leave out an optional section (repeatable)")
    ap.add_argument("--with", dest="extra", action="append", default=[], choices=OPT_IN_SECTIONS,
                    help="add a slow optional section to a quick run (streaming: 2-3 minutes; "
                         "scaleout, Dask and Spark with 1 and 2 workers: 2-3 minutes; systemdocs, "
                         "the prose of /usr/share/doc and the man pages: 1-2 minutes)")
    ap.add_argument("--jobs", type=int, default=min(DEFAULT_JOBS_MAX, os.cpu_count() or 1),
                    help=f"processes for the quality sections (default: one per core, at most {DEFAULT_JOBS_MAX}); "
                         "throughput is always timed in one process")
    ap.add_argument("--verbose", action="store_true", help="also print errors and top false edits")
    args = ap.parse_args(argv)
    full = bool(args.full)
    threshold = DEFAULT_THRESHOLD
    t0 = time.time()
    restore.fix("Warm up: the model said on May 19.")  # load data before timing
    # ... and compile the context patterns, which are otherwise compiled on first use, so
    # that throughput is the steady state of a long run (forked workers share them too).
    from restore.config import Config
    from restore.lexicon import load

    load(Config().lexicons, True).compile_patterns()
    from restore.scoring import get_model

    model = get_model()
    fitted = model.fitted_on if isinstance(model.fitted_on, str) else json.dumps(model.fitted_on)
    results = {
        "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "mode": "full" if full else "quick", "threshold": threshold, "report_floor": DEFAULT_REPORT_FLOOR,
        "restore_version": getattr(restore, "__version__", None),
        "scoring": "fitted" if "date" in fitted or "logistic" in fitted else fitted[:40],
        "corpora": corpora.status(),
        "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }
    t_core = time.time()
    results["seed"] = bench_seed(args.seeds)
    n_spun = 450 if full else 150
    jobs = max(1, args.jobs)
    results["jobs"] = jobs
    results["handspun"] = bench_handspun(threshold, jobs, full)
    results["handspun_held"] = bench_handspun(threshold, jobs, full, HANDSPUN_HELD)
    results["clean_written"] = bench_clean_written(threshold, jobs, full)
    results["mixed"] = bench_mixed(threshold, jobs=jobs)
    results["heldout"] = bench_heldout(n_spun, threshold, jobs)
    results["clean"] = bench_clean(1.0, full, n_spun)
    results["coverage"] = bench_coverage()
    results["core_seconds"] = round(time.time() - t_core, 1)
    optional, optional_seconds = {}, {}
    for name in OPTIONAL_SECTIONS:
        if name in args.skip:
            continue
        if name in OPT_IN_SECTIONS and not full and name not in args.extra:
            print(f"({name} section left out of the quick run: add --with {name}, or use --full)")
            continue
        t1 = time.time()
        got = bench_optional(name, not full)
        if got:
            optional[name] = got
            optional_seconds[name] = round(time.time() - t1, 1)
    results["optional_seconds"] = optional_seconds
    results["optional"] = optional
    results["seconds"] = round(time.time() - t0, 1)
    print(render(results))
    print(f"({results['seconds']} s in all, {results['core_seconds']} s without the optional sections; corpora: " + "; ".join(f"{k}: {v}" for k, v in results["corpora"].items()) + ")")
    if args.verbose:
        for e in results["seed"].get("errors", []):
            print("seed", e["kind"], repr(e["found"]), "expected", e.get("expected"), "| engine:", e["proposal"])
        for e in results["clean"].get("examples", []):
            print("clean", e)
        print("held-out missed:", ", ".join(results["heldout"].get("top_missed", [])))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    return 0
