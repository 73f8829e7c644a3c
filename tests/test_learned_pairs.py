"""Stand-ins and originals learned from the gold (scripts/fit_learned_pairs.py,
lexicons/tables/spinner_learned.tsv): originals for forms of the spinner's table, and forms
the lexicon did not read, read only where text reads as spun and never as soft tells."""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pytest

import restore
from restore import choice_priors
from restore import lexicon as lexicon_mod
from restore._data import tsv_rows

ROOT = Path(__file__).resolve().parent.parent
TABLES = ROOT / "lexicons" / "tables"
LEARNED = TABLES / "spinner_learned.tsv"

sys.path.insert(0, str(ROOT / "scripts"))
import fit_learned_pairs  # noqa: E402

# A spun passage (the seed's habits) around "shoppers", which the spinner's own table offers
# for clients and consumers, and the gold shows standing for customers two times in three.
SPUN = ("Officers mentioned the assembly befell on Could 19, and essentially the most senior respectable "
        "stated the shoppers would now not pay extra for his or her groceries.")


def learned_rows() -> list[list[str]]:
    return list(tsv_rows(LEARNED))


@pytest.fixture(scope="module")
def known():
    return fit_learned_pairs.known_forms()


def test_every_row_adds_an_original_or_a_form_the_lexicon_did_not_read(known):
    """A row of a form of the spinner's table adds an original it does not offer; any other
    row is a form the lexicon (this table left out) does not read, allowed as a new form."""
    offered = fit_learned_pairs.offered_originals()
    rows = learned_rows()
    new_forms = {spun for spun, *_ in rows if spun not in offered}
    assert rows and new_forms and len(new_forms) < len(rows)
    for spun, original, weight, source in rows:
        assert source.startswith("gold:")
        if spun in offered:
            assert original not in offered[spun], (spun, original)
        else:
            assert not known(spun) and fit_learned_pairs.new_form_allowed(spun, known), spun
            assert not fit_learned_pairs.spelling_variants(spun, original)


def test_the_shipped_table_is_what_the_gold_gives(known):
    """Not stale: counted again from the gold files, the same rows come out."""
    offered = fit_learned_pairs.offered_originals()
    seeds = [p for p in sorted((ROOT / "seeds").glob("*.txt")) if not p.name.endswith(".spun.txt")]
    handspun = sorted((ROOT / "benchmarks" / "data" / "handspun").glob("*.txt"))
    again = fit_learned_pairs.learn(seeds + handspun, offered, known)
    assert [(s, o, str(w)) for s, o, w, _, _ in again] == [(s, o, w) for s, o, w, _ in learned_rows()]


def _gold(tmp_path: Path, name: str, marks: list[tuple[str, str]]) -> Path:
    p = tmp_path / name
    p.write_text(" ".join(f"[[{spun}=>{original}]] and" for spun, original in marks) + "\n", encoding="utf-8")
    return p


def test_an_original_is_learned_only_when_several_documents_show_it_often(tmp_path):
    offered = {"shoppers": {"clients": 0.4}, "units": {"devices": 0.9, "teams": 0.08}}
    docs = [
        _gold(tmp_path, "a.txt", [("shoppers", "customers"), ("shoppers", "customers"), ("units", "sets")]),
        _gold(tmp_path, "b.txt", [("shoppers", "customers"), ("units", "sets"), ("units", "sets")]),
        _gold(tmp_path, "c.txt", [("units", "devices"), ("gadgets", "devices"), ("gadgets", "devices"),
                                  ("gadgets", "devices")]),
        # one writer's habit, however often, in one document
        _gold(tmp_path, "d.txt", [("shoppers", "buyers")] * 5),
    ]
    rows = {(s, o): (w, n, d) for s, o, w, n, d in fit_learned_pairs.learn(docs, offered, lambda spun: False)}
    # three marks in two documents: learned, weighted by its share of the form's marks
    # times the weakest original the table offers for the form
    assert rows[("shoppers", "customers")] == (round(3 / 8 * 0.4, 4), 3, 2)
    assert rows[("units", "sets")] == (round(3 / 4 * 0.08, 4), 3, 2)
    assert ("shoppers", "buyers") not in rows  # one document
    assert ("units", "devices") not in rows  # the table offers it already
    assert ("gadgets", "devices") not in rows  # one document


def test_a_new_form_is_learned_only_where_the_gold_shows_it_a_swap_as_often_as_not(tmp_path):
    """Forms the lexicon does not read: learned when the gold's spun text has them as a
    swap at least MIN_SWAP_SHARE of the time, weighted by their share of the form's marks."""
    marks = [("daybreak", "dawn"), ("daybreak", "dawn"), ("road", "street"), ("road", "street"),
             ("gray", "grey"), ("gray", "grey"), ("these", "those"), ("these", "those"),
             ("final week", "last week"), ("final week", "last week")]
    docs = [_gold(tmp_path, "a.txt", marks), _gold(tmp_path, "b.txt", marks)]
    # the writers' own "road", three times in a third document: a swap 4 times in 7
    own = tmp_path / "c.txt"
    own.write_text("The road was closed, the road reopened, and the road flooded again.\n", encoding="utf-8")
    known = {"final"}.__contains__  # the lexicon reads "final" already
    rows = {(s, o): (w, n, d) for s, o, w, n, d in fit_learned_pairs.learn(docs + [own], {}, known)}
    assert rows[("daybreak", "dawn")] == (1.0, 4, 2)
    assert rows[("road", "street")] == (1.0, 4, 2)
    own.write_text("The road was closed, the road reopened, the road flooded, the road froze, the road "
                   "cracked.\n", encoding="utf-8")
    rows = {(s, o) for s, o, *_ in fit_learned_pairs.learn(docs + [own], {}, known)}
    assert ("road", "street") not in rows  # 4 swaps in 9: mostly the writers' own word
    assert ("daybreak", "dawn") in rows
    assert ("gray", "grey") not in rows  # a spelling variant
    assert ("these", "those") not in rows  # function words only
    assert ("final week", "last week") not in rows  # restored through "final"


def test_a_contraction_alone_is_never_learned():
    """This spinner family spells contractions out ("won't be" -> "will not be"): a
    contraction in its output is the writer's own, whatever the hand-spinning writers did."""
    assert not fit_learned_pairs.new_form_allowed("isn't", lambda spun: False)
    assert not fit_learned_pairs.new_form_allowed("won't", lambda spun: False)
    assert fit_learned_pairs.new_form_allowed("haven't any", lambda spun: False)
    offered = fit_learned_pairs.offered_originals()
    assert not any("'" in spun and " " not in spun for spun, *_ in learned_rows() if spun not in offered)


def test_soft_tells_never_count_a_learned_form(monkeypatch):
    """The document model's rates were fitted without the learned forms: a clean text reads
    as spun, or not, exactly as it did without the table."""
    from restore import engine
    from restore.config import Config
    from restore.tokens import tokenize

    text = ("The fishermen set out at daybreak. The picket fence by the japanese maple was painted pink, "
            "and the evening sky was vivid as the boats came home.")
    lex = lexicon_mod.load()
    found = [text[m.start:m.end] for m, _ in engine.soft_candidates(text, tokenize(text), lex, Config())]
    offered = fit_learned_pairs.offered_originals()
    learned_only = {spun for spun, *_ in learned_rows() if spun not in offered}
    assert {"daybreak", "picket", "japanese", "evening"} <= learned_only
    assert not learned_only & {f.lower() for f in found}
    with_table = restore.fix(text)
    assert not [s for s in with_table.spans if s.applied]
    shipped = lexicon_mod.builtin_files()
    monkeypatch.setattr(lexicon_mod, "builtin_files", lambda: [p for p in shipped if p.name != LEARNED.name])
    lexicon_mod.load.cache_clear()
    try:
        assert restore.fix(text).spin_score == with_table.spin_score
    finally:
        lexicon_mod.load.cache_clear()


def test_a_learned_form_is_restored_in_spun_text():
    text = SPUN.replace("groceries.", "groceries, and the rescue would begin at daybreak.")
    spans = [s for s in restore.fix(text).spans if s.text == "daybreak"]
    assert spans and spans[0].suggestion == "dawn" and spans[0].applied
    assert spans[0].rule == "spinner_learned:daybreak"


def test_a_learned_stand_in_gives_way_to_a_curated_one_it_overlaps(tmp_path, monkeypatch):
    """"most productive" -> "best", learned from a few marks, must not take "essentially
    the most productive" from the curated "essentially the most" -> "the most", however
    confident it is: the learned row yields wherever it overlaps an applied curated finding."""
    table = tmp_path / LEARNED.name
    rows = [line for line in LEARNED.read_text(encoding="utf-8").splitlines(keepends=True)
            if not line.startswith("most productive\t")]
    table.write_text("".join(rows) + "most productive\tbest\t1.0\tgold:test\n", encoding="utf-8")
    shipped = lexicon_mod.builtin_files()
    monkeypatch.setattr(lexicon_mod, "builtin_files",
                        lambda: [table if p.name == LEARNED.name else p for p in shipped])
    lexicon_mod.load.cache_clear()
    try:
        text = "The talks on Could 19 have been essentially the most productive, the president introduced."
        r = restore.fix(text)
        assert "were the most productive" in r.text, r.text
        # alone, where nothing curated overlaps it, the learned stand-in is read as ever
        lone = restore.fix("Officers mentioned the assembly befell on Could 19. Our most productive players "
                           "have been rested, the respectable stated.")
        assert any(s.rule == "spinner_learned:most productive" for s in lone.spans)
    finally:
        lexicon_mod.load.cache_clear()


def test_offered_originals_leave_out_damaged_names(tmp_path, monkeypatch):
    """A row written with capitals is a name ("White Home"), matched only where the text
    has the capitals: learning its lowercase form would match a new word."""
    (tmp_path / "spinner.tsv").write_text(
        "# name: spinner\nspun\toriginal\tweight\tsource\nWhite Home\tWhite House\t0.9\tx\n"
        "units\tdevices\t0.6\tx\nunits\tteams\t0.3\tx\n", encoding="utf-8")
    monkeypatch.setattr(fit_learned_pairs, "TABLES", tmp_path)
    assert fit_learned_pairs.offered_originals() == {"units": {"devices": 0.6, "teams": 0.3}}


def test_a_stand_in_is_restored_to_the_learned_original_in_spun_text():
    spans = [s for s in restore.fix(SPUN).spans if s.text == "shoppers"]
    # proposed first, over the table's own originals (its confidence is the engine's)
    assert spans and spans[0].suggestion == "customers"
    assert {"clients", "consumers"} <= set(spans[0].alternatives)
    assert spans[0].rule == "spinner_learned:shoppers"
    assert "'customers' for these words in" in " ".join(spans[0].evidence)


def test_without_the_learned_table_the_stand_in_had_no_way_back(monkeypatch):
    shipped = lexicon_mod.builtin_files()
    monkeypatch.setattr(lexicon_mod, "builtin_files", lambda: [p for p in shipped if p.name != LEARNED.name])
    lexicon_mod.load.cache_clear()
    try:
        r = restore.fix(SPUN)
        assert [s for s in r.spans if s.text == "mentioned"]  # the passage is still read as spun
        assert not [s for s in r.spans if s.text == "shoppers" and "customers" in (s.suggestion, *s.alternatives)]
    finally:
        lexicon_mod.load.cache_clear()


@pytest.mark.parametrize("clean", [
    "Shoppers queued outside the store before it opened on Saturday morning.",
    "The shoppers said prices had risen, and the units on sale were sold out by noon.",
])
def test_clean_text_is_left_alone(clean):
    assert not [s for s in restore.fix(clean).spans if s.applied]


def test_a_learned_original_never_outranks_the_tables_own():
    """Each row's weight is its share of the form's gold marks, times the weakest offered
    original's weight for a form of the spinner's table: below every original the table
    offers, before the evidence is read. The rows of one form add up to no more than that."""
    offered = fit_learned_pairs.offered_originals()
    sums: dict[str, float] = defaultdict(float)
    for spun, original, weight, source in learned_rows():
        n = int(source.split(":")[1].split("-")[0])
        c, total = choice_priors.choice_counts(spun, original)
        assert c == n  # the choice priors count the same marks
        weakest = min(offered[spun].values()) if spun in offered else 1.0  # a new form: its share alone
        assert float(weight) == max(fit_learned_pairs.MIN_WEIGHT, round(n / total * weakest, 4))
        assert float(weight) <= weakest
        sums[spun] += float(weight)
    assert all(total <= (min(offered[spun].values()) if spun in offered else 1.0) + 0.001
               for spun, total in sums.items())
