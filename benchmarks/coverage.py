"""Coverage of the inverse tables against the forward spinner model.

For the ``top_n`` most frequent words, take the spun forms the forward model
(benchmarks/data/spinner_forward.tsv) predicts for each word and check that the inverse
tables (lexicons/tables/*.tsv with spun/original columns) map each spun form back to a
ranked list containing the word.

Word frequencies come from the symspellpy frequency list when it is installed (the list the
tables were built from); otherwise the forward file's own order is not frequency-based, so
the shipped language model's unigrams are used if available.

    python -m benchmarks.coverage [tables_dir] [forward_path] [top_n]
"""
from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections import defaultdict

_HERE = os.path.dirname(os.path.abspath(__file__))
_ROOT = os.path.dirname(_HERE)
DEFAULT_TABLES = os.path.join(_ROOT, "lexicons", "tables")
DEFAULT_FORWARD = os.path.join(_HERE, "data", "spinner_forward.tsv")


def _read_tsv(path: str) -> tuple[list[str], list[list[str]]]:
    """(columns, rows) of a table in the lexicon TSV format: the build scripts' reader."""
    scripts = os.path.join(_ROOT, "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    from spinner_model import read_table

    return read_table(path)


def frequent_words(top_n: int) -> list[str]:
    """The top_n most frequent lowercase alphabetic words (symspellpy list, else the LM)."""
    spec = importlib.util.find_spec("symspellpy")
    if spec is not None and spec.origin:
        path = os.path.join(os.path.dirname(spec.origin), "frequency_dictionary_en_82_765.txt")
        if os.path.exists(path):
            out: list[str] = []
            seen = set()
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    w = line.split()[0].lower() if line.split() else ""
                    if w.isalpha() and w.isascii() and w not in seen:
                        seen.add(w)
                        out.append(w)
                        if len(out) >= top_n:
                            break
            return out
    try:  # fall back on the shipped language model's unigrams
        from restore import lm as _lm
        model = _lm.get_model()
        vocab = getattr(model, "vocabulary", None)
        if vocab:
            words = [w for w in vocab if w.isalpha()]
            words.sort(key=lambda w: (-model.unigram_logprob(w), w))
            return words[:top_n]
    except Exception:
        pass
    raise RuntimeError("no word-frequency source: pip install symspellpy")


def load_inverse(tables_dir: str) -> tuple[dict[str, list[str]], dict[str, dict[str, int]]]:
    """spun -> originals ranked by weight (all spun/original tables merged)."""
    merged: dict[str, dict[str, float]] = defaultdict(dict)
    counts: dict[str, dict[str, int]] = {}
    for fn in sorted(os.listdir(tables_dir)):
        if not fn.endswith(".tsv"):
            continue
        cols, rows = _read_tsv(os.path.join(tables_dir, fn))
        if cols[:2] != ["spun", "original"]:
            continue
        iw = cols.index("weight") if "weight" in cols else None
        for r in rows:
            w = float(r[iw]) if iw is not None else 1.0
            if w > merged[r[0]].get(r[1], -1.0):
                merged[r[0]][r[1]] = w
        counts[fn] = {"rows": len(rows), "spun_forms": len({r[0] for r in rows})}
    ranked = {s: [o for o, _ in sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))]
              for s, d in merged.items()}
    return ranked, counts


def measure_coverage(tables_dir: str = DEFAULT_TABLES, forward_path: str = DEFAULT_FORWARD,
                     top_n: int = 10000) -> dict:
    inverse, counts = load_inverse(tables_dir)
    _, frows = _read_tsv(forward_path)
    forward: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for o, s, p in frows:
        forward[o].append((s, float(p)))
    words = frequent_words(top_n)
    # content words: forms of the lemmas listed in inflections.tsv (the build excludes
    # function words, which are curated by hand, and unknown words such as names)
    content: set[str] = set()
    infl = os.path.join(tables_dir, "inflections.tsv")
    if os.path.exists(infl):
        content = {r[3] for r in _read_tsv(infl)[1] if len(r) == 4}
    n_content = sum(w in content for w in words)
    n_content_fwd = sum(w in content and w in forward for w in words)
    n_fwd = n_all = n_any = 0
    p_tot = p_back = p_top1 = 0.0
    pairs = pairs_back = 0
    missing: list[tuple[str, str]] = []
    for w in words:
        spins = forward.get(w)
        if not spins:
            continue
        n_fwd += 1
        ok_all, ok_any = True, False
        for s, p in spins:
            ranked = inverse.get(s, [])
            pairs += 1
            p_tot += p
            if w in ranked:
                ok_any = True
                pairs_back += 1
                p_back += p
                if ranked[0] == w:
                    p_top1 += p
            else:
                ok_all = False
                if len(missing) < 20:
                    missing.append((w, s))
        n_all += ok_all
        n_any += ok_any
    return {
        "top_n": len(words),
        "words_with_forward_forms": n_fwd,
        "share_with_forward_forms": n_fwd / len(words) if words else 0.0,
        "content_words": n_content,
        "share_content_with_forward_forms": n_content_fwd / n_content if n_content else 0.0,
        "share_all_forms_map_back": n_all / n_fwd if n_fwd else 0.0,
        "share_some_form_maps_back": n_any / n_fwd if n_fwd else 0.0,
        "forward_pairs": pairs,
        "pair_share_maps_back": pairs_back / pairs if pairs else 0.0,
        "p_weighted_share_maps_back": p_back / p_tot if p_tot else 0.0,
        "p_weighted_share_ranked_first": p_top1 / p_tot if p_tot else 0.0,
        "forward_rows": len(frows),
        "forward_originals": len(forward),
        "inverse_spun_forms": len(inverse),
        "inverse_rows": sum(c["rows"] for c in counts.values()),
        "tables": counts,
        "missing_examples": missing,
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    tables = argv[0] if len(argv) > 0 else DEFAULT_TABLES
    fwd = argv[1] if len(argv) > 1 else DEFAULT_FORWARD
    top_n = int(argv[2]) if len(argv) > 2 else 10000
    print(json.dumps(measure_coverage(tables, fwd, top_n), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
