"""Learn stand-ins and originals that the spinner's table lacks from gold-restored spun text.

Writes ``lexicons/tables/spinner_learned.tsv``, a table of the spinner's index::

    python scripts/fit_learned_pairs.py [--fold K/N] [--out PATH]

The spinner's table (``spinner.tsv``, expanded from hand-curated lemma pairs) offers each
spun form a few candidate originals. The gold restorations (the seed and the hand-spun
articles) show more than it knows. Every pair below is learned where the gold shows it
repeatedly (MIN_MARKS marks in MIN_DOCUMENTS documents or more):

* **Originals** of a spun form the table has but does not offer: "units" for sets,
  "shoppers" for customers, "satisfied" for convinced. The engine found the stand-in but
  could not restore it. The weight is the share of the form's gold marks that restored
  the original, times the weight of the weakest original the table offers for the form: a
  learned original never outranks the table's own before the evidence is read (at full
  weight it did, and on emulated spun text, whose spinner draws on the table, precision
  fell from 0.858 to 0.850). The choice priors (``fit_choice_priors.py``), which count the
  same marks, and the language model then lift it where it belongs.
* **Forms** the lexicon does not read at all: "daybreak" for dawn, "picket" for wooden,
  "japanese" for eastern, "evening" for night. Only where the gold shows the form as a swap
  at least as often as the writer's own word (MIN_SWAP_SHARE), with a word besides function
  words, no word of it a stand-in the lexicon reads already, and not a spelling variant.
  Their originals are weighted by their share of the form's marks. Like every row of the
  spinner's tables they are read only where a document (or a region of it) reads as spun,
  and the engine never counts them as soft tells (``engine.soft_candidates``): the document
  model was fitted without them, so clean text reads as it did.

``--fold K/N`` leaves out the hand-spun articles of fold K, as ``fit_choice_priors.py``.
"""
from __future__ import annotations

import datetime as _dt
import sys
from bisect import bisect_left
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from fit_choice_priors import gold_arguments  # noqa: E402

from restore import choice_priors, gold, spelling  # noqa: E402
from restore._data import tsv_rows  # noqa: E402
from restore.engine import LEARNED_TABLE  # noqa: E402
from restore.tokens import tokenize  # noqa: E402

TABLES = ROOT / "lexicons" / "tables"
OUT = TABLES / "spinner_learned.tsv"
# What makes an original learned: seen this often, in this many documents. One writer's
# habit in one article is not the spinner's dictionary.
MIN_MARKS = 3
MIN_DOCUMENTS = 2
# The engine reads this many of a table row's originals (engine.TABLE_OPTIONS); an
# original ranked below them is as good as missing.
OFFERED = 8
MIN_WEIGHT = 0.0001  # the tables' precision
# A new form is learned only where the gold's spun texts show it as a swap at least this
# share of the times it stands in them: a word the writers mostly wrote themselves ("road",
# "town") would be read as a stand-in wherever they did.
MIN_SWAP_SHARE = 0.5


def offered_originals() -> dict[str, dict[str, float]]:
    """Spun form -> the originals the spinner's table offers for it (its top OFFERED), with
    their weights. Only forms written in lowercase: a row with capitals is a damaged name
    ("White Home"), matched only where the text has them, and a lowercase row would match
    more."""
    rows: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for spun, original, weight, *_ in tsv_rows(TABLES / "spinner.tsv"):
        if spun != spun.lower():
            continue
        rows[choice_priors.fold_phrase(spun)].append((float(weight), original))
    return {spun: {choice_priors.fold_phrase(o): w for w, o in sorted(cands, reverse=True)[:OFFERED]} for spun, cands in rows.items()}


# Words too common to make a stand-in on their own: a new form needs a word besides these
# (function words are the curated entries' business, with their context rules). The gold
# cannot speak for them: its writers wrote the words they meant to spin and seldom the
# spinner's forms, so "no one" stands for nobody in 91% of the gold's spun text and "may"
# for could in 88%, while the originals have "nobody" 357 times to "no one" 28 (real prose
# the other way about). Learned anyway (at least 80% a swap, 20 marks in 8 articles), "no
# one", "may" and "may be" lifted the hand-spun articles of a left-out fold (recall at
# precision 0.90: 0.797 -> 0.801) and cost the emulated slice, real prose spun (0.502 ->
# 0.495). Not kept (2026-11-29).
FUNCTION_WORDS = frozenset("""a an the of in on at to for by with from and or as is are was were be been being
am this that these those it its we our their his her they he she you your i me my us them him which who whom
whose what than then there here not no nor can could may might must shall should will would do does did have
has had yet but so if also very just only all any some each every both either neither one more most such""".split())


def new_form_allowed(spun: str, known) -> bool:
    """Whether an unknown spun form may be learned: words alone, with a word other than a
    function word, not a contraction on its own, and no word of it a stand-in the lexicon
    reads already (the gold's "final week" for last week is restored through "final")."""
    words = spun.split()
    if " ".join(t.key for t in tokenize(spun)) != spun:
        return False  # not words alone ("%", "{dollars}")
    if all(w in FUNCTION_WORDS for w in words):
        return False
    if len(words) == 1 and "'" in spun:
        # A contraction on its own ("isn't", "won't"): this spinner family spells them out
        # ("won't be" -> "will not be", the seed), so one in its output is the writer's own,
        # however often the hand-spinning writers contracted.
        return False
    return len(words) == 1 or not any(known(w) for w in words)


def spelling_variants(a: str, b: str) -> bool:
    """Whether two phrases differ only in American and British spelling ("gray", "grey"):
    a writer's spelling, not a swap (restore/spelling.py puts suggestions in the document's)."""
    uk = spelling.table()
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and all(x == y or uk.get(x) == y or uk.get(y) == x for x, y in zip(wa, wb))


def learn(paths: list[Path], offered: dict[str, dict[str, float]], known) -> list[tuple[str, str, float, int, int]]:
    """(spun, original, weight, marks, documents) for each row to add. ``known``: a test of
    whether the lexicon reads a spun form already (see known_forms)."""
    marks: Counter[tuple[str, str]] = Counter()
    documents: dict[tuple[str, str], set[str]] = defaultdict(set)
    per_form: Counter[str] = Counter()
    docs = [gold.parse(path.read_text(encoding="utf-8")) for path in paths]
    for path, doc in zip(paths, docs):
        for m in doc.marks:
            if m.optional or not m.alternatives:
                continue
            key = choice_priors.choice_key(m.spun, m.alternatives[0])
            marks[key] += 1
            documents[key].add(path.name)
            per_form[key[0]] += 1
    learned = []
    new_forms: list[tuple[str, str, float, int, int]] = []
    for (spun, original), n in marks.items():
        n_docs = len(documents[(spun, original)])
        if spun == original or n < MIN_MARKS or n_docs < MIN_DOCUMENTS:
            continue
        if spun in offered:
            if original in offered[spun]:
                continue
            weight = max(MIN_WEIGHT, round(n / per_form[spun] * min(offered[spun].values()), 4))
            learned.append((spun, original, weight, n, n_docs))
        elif (not known(spun) and new_form_allowed(spun, known)
              and not spelling_variants(spun, original)):
            new_forms.append((spun, original, max(MIN_WEIGHT, round(n / per_form[spun], 4)), n, n_docs))
    if new_forms:
        own = writers_own(docs, {spun for spun, *_ in new_forms})
        learned += [row for row in new_forms if per_form[row[0]] >= MIN_SWAP_SHARE * (per_form[row[0]] + own[row[0]])]
    # As every table: spun forms in order, the likeliest original first.
    return sorted(learned, key=lambda row: (row[0], -row[2], row[1]))


def writers_own(docs: list, forms: set[str]) -> Counter[str]:
    """How often each of ``forms`` stands in the gold spun texts outside every mark: the
    writer's own words, which a new stand-in would be read into as well."""
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for form in forms:
        words = tuple(form.split())
        by_first[words[0]].append(words)
    own: Counter[str] = Counter()
    for doc in docs:
        tokens = tokenize(doc.spun)
        keys = [t.key for t in tokens]
        covered = [False] * len(tokens)
        starts = [t.start for t in tokens]
        for m in doc.marks:
            for k in range(bisect_left(starts, m.start), bisect_left(starts, m.end)):
                covered[k] = True
        for i, key in enumerate(keys):
            for words in by_first.get(key, ()):
                j = i + len(words)
                if tuple(keys[i:j]) == words and not any(covered[i:j]):
                    own[" ".join(words)] += 1
    return own


def known_forms():
    """A test of whether the shipped lexicon (this table left out) reads a spun form by
    default (the mined thesaurus is read only with --thesaurus)."""
    from restore import lexicon as lexicon_mod

    lex = lexicon_mod.Lexicon()
    for path in lexicon_mod.builtin_files():
        if path.name != OUT.name:
            lexicon_mod.load_file(path, lex, check_patterns=False)

    def known(spun: str) -> bool:
        key = tuple(t.key for t in tokenize(spun))
        return any(index.get(key, lex) for index in (lex.main, lex.spinner, lex.names))

    return known


def main(argv: list[str] | None = None) -> int:
    args, left_out, seeds, handspun = gold_arguments(__doc__.split("\n\n")[0], OUT, argv)
    learned = learn(seeds + handspun, offered_originals(), known_forms())
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write(f"# name: {LEARNED_TABLE}\n")
        fh.write(f"# provenance: scripts/fit_learned_pairs.py, {stamp}: pairs that the marks of {len(seeds)} seed "
                 f"and {len(handspun)} hand-spun gold documents (seeds/, benchmarks/data/handspun/) restored at least "
                 f"{MIN_MARKS} times in {MIN_DOCUMENTS} documents: originals that spinner.tsv does not offer for its "
                 f"forms, and forms the lexicon does not read that were a swap at least {MIN_SWAP_SHARE:.0%} of the "
                 "times they stood in the gold's spun text"
                 + (f"; hand-spun fold {args.fold} left out" if left_out else "") + "\n")
        fh.write("# licence: CC0-1.0 (counts of the restore developers' gold markup)\n")
        fh.write("# weight: the original's share of the form's gold marks; for a form of spinner.tsv, times the weight "
                 "of the weakest original that table offers for it\n")
        fh.write("spun\toriginal\tweight\tsource\n")
        for spun, original, weight, n, docs in learned:
            fh.write(f"{spun}\t{original}\t{weight}\tgold:{n}-marks-{docs}-documents\n")
    print(f"{len(learned)} learned rows written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
