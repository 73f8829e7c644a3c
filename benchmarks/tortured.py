"""Tortured-phrase benchmark (issue 4).

(a) listed: every listed pair with a clean original, placed in a neutral sentence; recall
    with the right original and precision, both for what the lexicon proposes (detection:
    any reported span) and for what the engine applies at its threshold.
(b) unlisted: a random fifth of the list held out (seed 4); the composition maps and the
    term dictionary are rebuilt from the other four fifths only; composed proposals on the
    held-out phrases in neutral sentences. A proposal is right when it restores the phrase,
    or a part of it, to (the corresponding part of) the expected phrase ("pulse coupled brain
    network": "brain network" -> "neural network"); recall = phrases with at least one right
    proposal, recall_fully_restored = phrases restored exactly; precision = right proposals /
    all proposals.
(c) clean technical prose: screening findings per 10,000 words on the Python 3.11
    documentation (/usr/share/doc/python3.11/html/_sources, apt package python3.11-doc)
    and the Wikipedia sample of benchmarks.corpora (or RESTORE_WIKI_SAMPLE, an
    enwiki-*.bz2 dump). Absent corpora are reported as absent.

    python -m benchmarks.tortured [--full]
"""
from __future__ import annotations

import bz2
import json
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TITLE = "Tortured phrases: listed, composed (held-out fifth), clean prose"
SOURCE = ROOT.parent / "shared" / "data" / "pps-tortured-phrases.tsv"
PYDOCS = Path("/usr/share/doc/python3.11/html/_sources")
SENTENCE = "This section describes {} and its role in the present study."
SEED = 4



def _ratio(part: int, whole: int) -> float | None:
    """part / whole to four places; None when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None

def _build_module():
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_tortured  # the build's own cleaning and held-out split

    return build_tortured


def _pairs() -> list[tuple[str, list[str]]]:
    """(tortured, originals) for listed pairs with a clean original (as the build cleans them)."""
    from restore import compose

    if not SOURCE.exists():
        return []
    raw = []
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        t, _, e = line.partition("\t")
        if t != "tortured":
            raw.append((t.strip(), e.strip()))
    return _build_module().listed_pairs(raw, compose.legitimate())


def _phrase(tortured: str) -> str:
    """The tortured phrase without the acronym the list records after it."""
    phrase, acronym = _build_module().split_tortured(tortured)
    return phrase if acronym else tortured


def _locate(sentence: str, phrase: str) -> tuple[int, int]:
    s = sentence.index(phrase)
    return s, s + len(phrase)


def bench_listed(pairs, quick: bool) -> dict:
    import restore
    from restore import compose

    sample = pairs if not quick else random.Random(1).sample(pairs, min(400, len(pairs)))
    det_hit = app_hit = app_total = det_total = 0
    misses = []
    for tortured, originals in sample:
        sent = SENTENCE.format(tortured)  # with the acronym, as a paper would write it
        ps, pe = _locate(sent, _phrase(tortured))
        wanted = {compose.phrase_norm(o) for o in originals}
        spans = [s for s in restore.check(sent, report_floor=0.0)
                 if s.rule.startswith(("tortured", "composed"))]
        good = [s for s in spans if s.start <= ps + 1 and s.end >= pe - 1 and compose.phrase_norm(s.suggestion) in wanted
                or (s.start >= ps and s.end <= pe and compose.phrase_norm(s.suggestion) in wanted)]
        det_total += len(spans)
        det_hit += bool(good)
        applied = [s for s in spans if s.applied]
        app_total += len(applied)
        app_hit += bool([s for s in good if s.applied])
        if not good and len(misses) < 10:
            misses.append(tortured)
    n = len(sample)
    return {
        "pairs": n,
        "detection_recall": _ratio(det_hit, n),
        "detection_precision": _ratio(det_hit, det_total),
        "applied_recall": _ratio(app_hit, n),
        "applied_precision": _ratio(app_hit, app_total),
        "missed_examples": misses,
    }


def _number_fold(phrase: str) -> str:
    """Singular and plural compare equal ("transport systems" = "transport system"), as
    composition itself compares terms."""
    from restore import compose
    return compose.number_fold(compose.phrase_norm(phrase))


def restores_part(found: str, proposal: str, originals: list[str]) -> bool:
    """Whether a composed proposal for (part of) a tortured phrase is right: it restores the
    phrase, or a part of it, to (part of) an expected original, singular and plural alike;
    or it contains an expected original whole and its other words are the found text's own,
    unchanged ("mean supreme mistake" -> "mean absolute error" when the list expects
    "absolute error")."""
    got = f" {_number_fold(proposal)} "
    wanted = [f" {_number_fold(o)} " for o in originals]
    if any(got in w for w in wanted):
        return True
    found_words = set(_number_fold(found).split())
    for w in wanted:
        if w in got:
            extra = got.replace(w, " ", 1).split()
            if extra and all(x in found_words for x in extra):
                return True
    return False


def bench_heldout(pairs, quick: bool) -> dict:
    from restore import compose, lm
    from restore.tokens import tokenize

    held, rest = _build_module().split_fifth(pairs, SEED)
    data = compose.build_data(pairs=[(t, o[0]) for t, o in rest],
                              terms=[o for _t, os_ in rest for o in os_ if 2 <= len(o.split()) <= 4])
    rest_keys = {compose.phrase_norm(t) for t, _ in rest}
    # a held-out phrase whose surface form is also a rest phrase (after cleaning) is not unseen
    held = [(t, o) for t, o in held if compose.phrase_norm(t) not in rest_keys]
    if quick:
        held = held[:400]
    model = lm.get_model()
    hit = full = total = correct = hit23 = n23 = 0
    for tortured, originals in held:
        phrase = _phrase(tortured)
        sent = SENTENCE.format(phrase)
        ps, pe = _locate(sent, phrase)
        toks = tokenize(sent)
        props = compose.propose(toks, sent, data, None, model)
        wanted = [f" {compose.phrase_norm(o)} " for o in originals]
        ok = []
        for p in props:
            s_, e_ = toks[p.tok_start].start, toks[p.tok_end - 1].end
            inside = s_ >= ps and e_ <= pe
            if inside and restores_part(p.found, p.original, originals):
                ok.append(p)
        total += len(props)
        correct += len(ok)
        hit += bool(ok)
        restored = phrase
        for p in sorted(ok, key=lambda p: -p.tok_start):
            s_, e_ = toks[p.tok_start].start - ps, toks[p.tok_end - 1].end - ps
            restored = restored[:s_] + p.original + restored[e_:]
        full += any(f" {compose.phrase_norm(restored)} " == w for w in wanted)
        nw = len(compose.phrase_norm(phrase).split())
        if 2 <= nw <= 3:
            n23 += 1
            hit23 += bool(ok)
    n = len(held)
    return {
        "held_out": n,
        "recall": _ratio(hit, n),
        "recall_fully_restored": _ratio(full, n),
        "precision": _ratio(correct, total),
        "proposals": total,
        "recall_2_3_words": _ratio(hit23, n23),
        "held_out_2_3_words": n23,
    }


_RST_DROP = re.compile(r"^\s*(\.\. |:|>>>|\.\.\.|\$ |[-=~^*#+`]{3,}\s*$)")


def python_docs_text(limit_words: int | None = None) -> list[str]:
    """Prose paragraphs of the Python docs: code blocks, directives and tables dropped."""
    docs = []
    words = 0
    for path in sorted(PYDOCS.rglob("*.txt")):
        paras, in_code, buf = [], False, []
        for line in path.read_text(encoding="utf-8", errors="ignore").splitlines():
            if in_code:
                if line.strip() and not line.startswith((" ", "\t")):
                    in_code = False
                else:
                    continue
            if line.rstrip().endswith("::") or line.strip().startswith(".. code") or line.strip().startswith(".. "):
                in_code = True
                if line.rstrip().endswith("::") and not line.strip().startswith(".."):
                    buf.append(line.rstrip()[:-1])
                continue
            if not line.strip():
                if buf:
                    paras.append(" ".join(buf))
                    buf = []
                continue
            if _RST_DROP.match(line) or "|" in line and line.strip().startswith(("|", "+")):
                continue
            buf.append(line.strip())
        if buf:
            paras.append(" ".join(buf))
        text = "\n\n".join(re.sub(r":[a-z:]+:`~?([^`<]*)(?:<[^>]*>)?`", r"\1", p).replace("``", "") for p in paras)
        docs.append(text)
        words += len(text.split())
        if limit_words and words >= limit_words:
            break
    return docs


def wiki_text(limit_words: int | None = None) -> list[str] | None:
    """Article chunks of the Wikipedia sample (benchmarks.corpora: the gensim wheel's test
    data, cached), or of RESTORE_WIKI_SAMPLE (an enwiki-*.bz2 dump) when that is set."""
    path = os.environ.get("RESTORE_WIKI_SAMPLE")
    if path:
        raw = bz2.decompress(Path(path).read_bytes()).decode("utf-8", errors="ignore")
        docs = []
        for m in re.finditer(r"<text[^>]*>(.*?)</text>", raw, re.S):
            t = m.group(1)
            t = re.sub(r"\{\{.*?\}\}|&lt;.*?&gt;|\[\[(?:[^|\]]*\|)?([^\]]*)\]\]|'''?|==+[^=]*==+", r"\1", t, flags=re.S)
            t = re.sub(r"&[a-z]+;|\[https?://\S+|\{\||\|\}|^\s*[|!*#].*$", " ", t, flags=re.M)
            docs.append(t)
        return docs
    from benchmarks import corpora

    docs, words = [], 0
    for d in corpora.documents(sources=("enwiki",)):
        docs.append(d.text)
        words += d.words
        if limit_words is not None and words >= limit_words:
            break
    return docs or None


def bench_clean(quick: bool) -> dict:
    from restore.screening import screen

    out = {}
    corpora = {}
    if PYDOCS.is_dir():
        corpora["python_docs"] = python_docs_text(60000 if quick else None)
    else:
        out["python_docs"] = "absent (apt-get install python3.11-doc)"
    w = wiki_text(60000 if quick else None)
    if w is None:
        out["wikipedia_sample"] = "absent (benchmarks.corpora could not fetch the gensim wheel's sample)"
    else:
        corpora["wikipedia_sample"] = w
    for name, docs in corpora.items():
        words = flagged = weak = 0
        examples = []
        for doc in docs:
            if not doc.strip():
                continue
            rep = screen(doc, name)
            words += rep.words
            flagged += len(rep.counted)
            weak += len(rep.findings) - len(rep.counted)
            for f in rep.counted:
                if len(examples) < 15:
                    examples.append(f"{f.text} -> {f.suggestion} ({f.kind}, {f.confidence:.2f})")
        out[name] = {"words": words, "flagged": flagged, "per_10k_words": round(1e4 * flagged / words, 3) if words else None,
                     "weak_not_counted": weak, "examples": examples}
    return out


def run(quick: bool = True) -> dict[str, object]:
    t0 = time.time()
    pairs = _pairs()
    if not pairs:
        return {"error": f"source list absent: {SOURCE}"}
    res: dict[str, object] = {}
    res["listed"] = bench_listed(pairs, quick)
    res["heldout_fifth"] = bench_heldout(pairs, quick)
    res["clean_prose"] = bench_clean(quick)
    res["quick"] = quick
    res["seconds"] = round(time.time() - t0, 1)
    return res


if __name__ == "__main__":
    print(json.dumps(run(quick="--full" not in sys.argv), indent=2))
