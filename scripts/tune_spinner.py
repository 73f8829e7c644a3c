"""Helper (not part of the build): tune ALPHA / GAMMA / COMMON_EXP at the lemma level on
a dev set of real spinner pairs (lexicons/source/spinner_lemmas.tsv single-word rows plus
the seed gold pairs). Prints hit@1 / hit@8 / MRR of the gold original in the inverse list."""
import itertools, os, re, sys
from collections import defaultdict
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spinner_model as sm

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
b = sm.Builder(root, verbose=False)
origs = b.original_lemmas()
ev = {k: b.lemma_evidence(*k) for k in sorted(origs)}
dev = set()
_, rows = sm.read_table_loose(os.path.join(root, "lexicons/source/spinner_lemmas.tsv"))
for r in rows:
    if len(r) >= 3 and r[2] in sm.POS_TAGS and " " not in r[0] and " " not in r[1]:
        dev.add((r[0].lower(), r[1].lower(), r[2]))
for fn in sorted(os.listdir(os.path.join(root, "seeds"))):
    for m in re.finditer(r"\[\[([^\]=]+)=>([^\]|]+)", open(os.path.join(root, "seeds", fn)).read()):
        s, o = m.group(1).lower(), m.group(2).rstrip("?").lower()
        if " " in s or " " in o:
            continue
        for pos, lems in sorted(sm.lemmas_of(o).items()):
            for l in lems:
                sl = sm.lemmas_of(s).get(pos, (s,))[0]
                dev.add((sl, l, pos))
dev = sorted(dev)
reachable = [(s, o, p) for s, o, p in dev if (o, p) in ev and s in ev[(o, p)]]
print(f"dev pairs {len(dev)}; spun lemma is a candidate of the original: {len(reachable)}")

def evaluate(alpha, gamma, cexp):
    inv = defaultdict(dict)
    for (o, pos), e in ev.items():
        prior = max(b.freq.get(o, 1), 1) ** alpha * origs[(o, pos)] ** 0.0
        for s, (p, _) in b.lemma_probs(e, gamma, cexp).items():
            inv[(s, pos)][o] = p * prior
    h1 = h8 = mrr = 0
    for s, o, pos in dev:
        ranked = [x for x, _ in sm.rank_rows(inv.get((s, pos), {}))]
        if o in ranked:
            r = ranked.index(o) + 1
            h1 += r == 1; h8 += r <= 8; mrr += 1 / r
    n = len(dev)
    return h1 / n, h8 / n, mrr / n

grid = itertools.product([0.3, 0.5, 0.7, 1.0], [1.0, 1.5, 2.0, 3.0], [0.4, 0.7, 1.0])
if len(sys.argv) > 1:
    grid = [tuple(map(float, a.split(","))) for a in sys.argv[1:]]
for a, g, c in grid:
    h1, h8, mrr = evaluate(a, g, c)
    print(f"alpha={a} gamma={g} cexp={c}: hit@1={h1:.3f} hit@8={h8:.3f} mrr={mrr:.3f}", flush=True)
