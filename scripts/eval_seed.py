"""Helper: rank of the gold original in the inverse tables for the seed pairs."""
import os, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from spinner_model import read_table
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
def load(name):
    d = {}
    p = os.path.join(root, "lexicons", "tables", name)
    if os.path.exists(p):
        for s, o, w, src in read_table(p)[1]:
            d.setdefault(s, []).append((o, float(w)))
    return d
th = load("thesaurus.tsv"); sp = load("spinner.tsv")
pairs = set()
for fn in sorted(os.listdir(os.path.join(root, "seeds"))):
    for m in re.finditer(r"\[\[([^\]=]+)=>([^\]]+)\]\]", open(os.path.join(root, "seeds", fn)).read()):
        pairs.add((m.group(1).lower(), tuple(a.rstrip("?").lower() for a in m.group(2).split("|"))))
hit = top1 = n = 0
for s, origs in sorted(pairs):
    rows = th.get(s, [])
    ranked = [o for o, _ in rows]
    r = next((ranked.index(o) + 1 for o in origs if o in ranked), None)
    n += 1; hit += r is not None; top1 += r == 1
    print(f"{s:22s} {origs[0]:14s} rank={r} sp={'Y' if any(o in [x for x,_ in sp.get(s,[])] for o in origs) else '-'}  {rows[:4]}")
print(f"n={n} found={hit} top1={top1}")
