"""The damaged-name table lexicons/tables/spinner_entities.tsv (scripts/entity_variants.py,
from lexicons/source/entity_names.txt): its format, that every row maps back to a listed
name, and that the engine restores the names in spun text and leaves them alone in clean
text. Like tests/test_tables.py these check the committed output; they never rebuild it."""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pytest

import restore

ROOT = Path(__file__).parent.parent
TABLE = ROOT / "lexicons" / "tables" / "spinner_entities.tsv"
NAMES = ROOT / "lexicons" / "source" / "entity_names.txt"

sys.path.insert(0, str(ROOT / "scripts"))
import entity_variants as ev  # noqa: E402  (pure helpers; the language model loads only in build())
from test_tables import read  # noqa: E402  (the TSV reader the table tests use)


COMMENTS, COLUMNS, ROWS = read(TABLE)
NAME_LIST = ev.read_names(str(NAMES))


def test_names_list():
    # A sanity bound (a file cut short, or one pasted twice), not a limit on coverage.
    assert 500 <= len(NAME_LIST) <= 10000
    assert all(len(n.split()) >= 2 for n in NAME_LIST), "multiword names only"
    for n in ("National Transportation Safety Board", "Financial Times", "Red Cross", "White House",
              "Consumer Financial Protection Bureau", "Truth Social", "Home Depot", "Premier League"):
        assert n in NAME_LIST
    text = NAMES.read_text(encoding="utf-8")
    assert "CC0" in text.split("\n\n", 1)[0]


def test_header_and_shape():
    assert COMMENTS[0] == "# name: spinner_entities"
    assert COMMENTS[1].startswith("# provenance: ") and "entity_names.txt" in COMMENTS[1]
    assert COMMENTS[2] == "# licence: CC0-1.0"
    assert COLUMNS == ["spun", "original", "weight", "source"]
    assert all(len(r) == 4 for r in ROWS)
    assert 1000 < len(ROWS) < 50000
    assert TABLE.stat().st_size < 5_000_000


def test_rows():
    seen = set()
    sums: dict[str, float] = defaultdict(float)
    order = []
    for spun, orig, w, src in ROWS:
        assert spun == spun.strip() and orig == orig.strip() and src == "entity_names"
        assert any(c.isupper() for c in spun), f"{spun!r}: a damaged name keeps its capitals"
        assert spun.lower() != orig.lower()
        assert (spun.lower(), orig) not in seen
        seen.add((spun.lower(), orig))
        x = float(w)
        assert 0.0 < x <= 0.95
        sums[spun.lower()] += x
        if not order or order[-1] != spun.lower():
            order.append(spun.lower())
    assert max(sums.values()) <= 0.9501
    assert order == sorted(order) and len(order) == len(set(order)), "rows grouped and sorted"


def test_no_variant_is_a_listed_name_or_a_curated_stand_in():
    names = {n.lower() for n in NAME_LIST}
    curated_spun = {s.lower() for e in ev.curated_entries(str(ROOT)) for s in e.get("spun") or []}
    for spun, *_ in ROWS:
        assert spun.lower() not in names, spun
        assert spun.lower() not in curated_spun, spun


def _spun_forms() -> dict[str, set[str]]:
    """original word -> every spun form this build may use for it (spinner.tsv inverted,
    plus the word pairs of the curated entity entries)."""
    forms: dict[str, set[str]] = defaultdict(set)
    for spun, orig, _w in ev.read_pairs(str(ROOT / "lexicons" / "tables" / "spinner.tsv")):
        forms[orig].add(spun)
    for e in ev.curated_entries(str(ROOT)):
        for spun, original in ev.stand_ins(e):
            for o, s in ev.align_words(spun, original):
                forms[o.lower()].add(s.lower())
    return forms


def _maps_back(variant: str, name: str, forms: dict[str, set[str]]) -> bool:
    """The variant is the name with some of its words replaced by spun forms of them."""
    v, n = variant.split(" "), name.split(" ")
    reach = {0}
    for word in n:
        nxt = set()
        for j in reach:
            if j < len(v) and v[j].lower() == word.lower():
                nxt.add(j + 1)
            for k in range(1, 5):
                if " ".join(v[j:j + k]).lower() in forms.get(word.lower(), ()):
                    nxt.add(j + k)
        reach = nxt
    return len(v) in reach


def test_every_variant_maps_back_to_a_listed_name():
    names = set(NAME_LIST)
    forms = _spun_forms()
    bad = [(s, o) for s, o, *_ in ROWS if o not in names or not _maps_back(s, o, forms)]
    assert bad == [], bad[:10]


def test_variants_helper():
    forms = {"national": [("nationwide", 0.95)], "safety": [("security", 0.95)],
             "new": [("brand new", 0.75)]}
    got = {v for v, *_ in ev.variants("National Transportation Safety Board", forms)}
    assert got == {"Nationwide Transportation Safety Board", "National Transportation Security Board",
                   "Nationwide Transportation Security Board"}
    assert ev.cap_like("Bank", "financial institution") == "Financial institution"
    assert ev.cap_like("of", "among") == "among"
    assert ev.align_words("Nationwide Safety Company", "National Security Agency") == [
        ("National", "Nationwide"), ("Security", "Safety"), ("Agency", "Company")]
    assert ev.align_words("World Financial institution", "World Bank") == [("Bank", "Financial institution")]
    # one word against a phrase that the spinner's table does not know: maybe misaligned
    entries = [{"_lexicon": "entities", "spun": ["Saturday Night time Stay"], "originals": ["Saturday Night Live"]},
               {"_lexicon": "entities", "spun": ["Nice Britain"], "originals": ["Great Britain"]}]
    forms = ev.forward_forms([("well being", "health", 0.95)], entries)
    assert "live" not in forms and forms["great"] == [("nice", 1.01)]
    assert forms["health"] == [("well being", 0.95)]


def test_a_verb_phrase_ending_on_to_is_no_word_of_a_name():
    assert not ev.usable("supporting", "giving a boost to")
    assert ev.usable("health", "well being") and ev.usable("supporting", "assisting")


def test_a_paired_entry_aligns_each_form_with_its_own_original():
    """A paired entry's n-th spun form stands for its n-th original: "European House
    Telescope" says telescope was kept, not that "Agency" may be spun as "Telescope"."""
    entries = [{"_lexicon": "entities", "paired": True,
                "spun": ["European Area Company", "European Area Telescope"],
                "originals": ["European Space Agency", "European Space Telescope"]}]
    forms = ev.forward_forms([], entries)
    assert [s for s, _ in forms["agency"]] == ["company"]
    assert "telescope" not in [s for s, _ in forms["agency"]]
    assert [s for s, _ in forms["space"]] == ["area"]
    assert not any(orig.endswith("Agency") and spun.endswith(("Telescope", "Shuttle"))
                   for spun, orig, *_ in ROWS)


# ---------------------------------------------------------------- the engine
SENTENCE = "Officials at the {} said on Monday that they would respond to the report."


def test_a_sample_of_variants_is_restored():
    """Every 25th variant (about a hundred), in a neutral sentence of a spun document: nearly
    all come back as the name (the language model may still prefer a form it knows better,
    "Google Images" for Google Photographs)."""
    best = {}
    for spun, orig, *_ in ROWS:
        best.setdefault(spun, orig)
    sample = sorted(best.items())[::25]
    missed = [(s, o) for s, o in sample if o not in restore.fix(SENTENCE.format(s), assume_spun=True).text]
    assert len(missed) <= 0.08 * len(sample), missed


@pytest.mark.parametrize("spun,expected", [
    ("The Nationwide Transportation Security Board mentioned the crash was under investigation.",
     "The National Transportation Safety Board said the crash was under investigation."),
    # partly damaged
    ("The National Transportation Security Board mentioned the crash was under investigation.",
     "The National Transportation Safety Board said the crash was under investigation."),
    ("He told the Monetary Times that the deal was done.",
     "He told the Financial Times that the deal was done."),
    # the whole name wins over the curated "New York Instances" inside it
    ("The Brand new York Instances reported the story first.",
     "The New York Times reported the story first."),
    # ... and over a phrase composed word by word on the same words
    ("Officials at the Department of Vitality declined to comment.",
     "Officials at the Department of Energy declined to comment."),
    ("He shopped at House Depot on Saturday.", "He shopped at Home Depot on Saturday."),
    ("The Supreme Court docket will hear the case.", "The Supreme Court will hear the case."),
    # the case of the text carries over
    ("THE NATIONWIDE TRANSPORTATION SECURITY BOARD ISSUED A REPORT.",
     "THE NATIONAL TRANSPORTATION SAFETY BOARD ISSUED A REPORT."),
])
def test_restored_in_spun_text(spun, expected):
    r = restore.fix(spun, assume_spun=True)
    assert r.text == expected
    assert any(s.rule.startswith("spinner_entities:") for s in r.spans if s.applied)


def test_lowercase_text_is_not_a_name():
    """A spun form written with capitals matches only capitalised text."""
    r = restore.fix("They painted the brand new york instances sign.", assume_spun=True)
    assert not any(s.rule.startswith("spinner_entities:") for s in r.spans)
    from restore import lexicon as lexicon_mod
    lex = lexicon_mod.load()
    entry = lex.entry("spinner_entities:nationwide transportation security board")
    assert entry is not None and entry.case == "title"
    assert lex.entry("spinner:nationwide").case == "any"


CLEAN = [
    "The National Transportation Safety Board said on Monday that it had opened an investigation "
    "into the crash. Officials from the Federal Aviation Administration joined the team, and the "
    "New York Times and the Financial Times both reported that the White House had been briefed.",
    "A spokesman for the Department of Homeland Security declined to comment, while the Red Cross "
    "sent volunteers. The Supreme Court is due to hear a related case, and the Consumer Financial "
    "Protection Bureau has opened its own inquiry. Trump wrote on Truth Social that he was pleased.",
    "Manchester City beat Manchester United at Old Trafford to go top of the Premier League, while "
    "the Super Bowl drew a record audience. Shares in General Motors, Home Depot and American "
    "Airlines rose on Wall Street after the Bank of England held rates.",
    "Air pressure in the cabin dropped, the British military said, and a main road near the "
    "International Energy Agency offices was closed. The company will hold its Annual General "
    "Meeting in London, according to the Daily Mail.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_with_real_names_is_unchanged(text):
    r = restore.fix(text)
    assert r.text == text, [(s.text, s.suggestion) for s in r.spans if s.applied]


def test_listed_names_in_clean_sentences_are_unchanged():
    for name in NAME_LIST[::10]:
        text = SENTENCE.format(name)
        assert restore.fix(text).text == text, name


def test_damaged_names_sit_in_their_own_index_not_among_soft_tells():
    """Rows written with capitals are names: looked up with the spinner's tables in a spun
    document, but never scanned for the document model's soft tells."""
    lex = restore.lexicon.load()
    key = ("nationwide", "transportation", "security", "board")
    assert key in lex.names.pending or key in lex.names.patterns
    assert key not in lex.spinner.pending and key not in lex.spinner.patterns


def test_pending_table_rows_are_not_tracked_by_the_garbage_collector():
    """Tens of thousands of tracked containers made every full collection slower."""
    import gc
    lex = restore.lexicon.load()
    gc.collect()
    rows = next(iter(lex.spinner.pending.values()))
    assert not gc.is_tracked(rows)


def test_a_quoted_name_inside_a_sentence_is_still_a_name():
    # The opening quote used to count as a sentence start, so the capital of "Truth" said
    # nothing and the spinner table's truth -> fact was proposed (applied in the README).
    text = ('"prisoners of war" becomes "prisoners of battle", "Truth Social" becomes "Fact Social", '
            '"the most" becomes "essentially the most". He posted on "Truth Social" on Could 19.')
    result = restore.fix(text)
    assert not [s for s in result.spans if s.text.startswith("Truth")]
    assert 'on "Truth Social" on May 19' in result.text
