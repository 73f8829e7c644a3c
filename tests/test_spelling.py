"""Suggestions in the document's own spelling variety (restore/spelling.py,
lexicons/tables/spelling.tsv built by scripts/build_spelling.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

import restore
from restore import spelling
from restore.tokens import tokenize

TABLE = Path(__file__).parent.parent / "lexicons" / "tables" / "spelling.tsv"

UK_SPUN = ("The council said the flats were in a poor state. Tenants found black mildew on the "
           "partitions of their bedrooms, and the neighbours said the landlord had not organised "
           "any repairs. The colour of the walls had changed, and the centre of the estate was "
           "essentially the most neglected part of the town.")
US_SPUN = (UK_SPUN.replace("neighbours", "neighbors").replace("organised", "organized")
           .replace("colour", "color").replace("centre", "center"))


def _rows():
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    return comments, body[0].split("\t"), [line.split("\t") for line in body[1:]]


def test_table_format():
    comments, cols, rows = _rows()
    assert comments[0] == "# name: spelling"
    assert comments[1].startswith("# provenance: ") and "frequency_dictionary_en_82_765" in comments[1]
    assert comments[2].startswith("# licence: ")
    assert cols == ["us", "uk"]
    assert len(rows) > 300
    assert all(len(r) == 2 and r[0] and r[1] and r[0] != r[1] for r in rows)
    assert all(r[0] == r[0].lower().strip() and r[1] == r[1].lower().strip() for r in rows)
    us = [r[0] for r in rows]
    assert len(us) == len(set(us)), "one row per American form"
    assert not set(us) & {r[1] for r in rows}, "no form is both American and British"


def test_table_pairs():
    pairs = spelling.table()
    for us, uk in [("color", "colour"), ("neighbors", "neighbours"), ("organize", "organise"),
                   ("recognized", "recognised"), ("analyze", "analyse"), ("center", "centre"),
                   ("theater", "theatre"), ("kilometers", "kilometres"), ("catalog", "catalogue"),
                   ("traveled", "travelled"), ("canceled", "cancelled"), ("modeling", "modelling"),
                   ("aging", "ageing"), ("mold", "mould"), ("gray", "grey"), ("defense", "defence"),
                   ("offense", "offence"), ("pajamas", "pyjamas"), ("plow", "plough"),
                   ("skeptical", "sceptical"), ("jewelry", "jewellery"), ("maneuver", "manoeuvre"),
                   ("fiber", "fibre"), ("math", "maths")]:
        assert pairs[us] == uk


@pytest.mark.parametrize("word", ["tire", "tires", "check", "program", "programs", "meter", "meters",
                                  "license", "practice", "story", "curb", "draft", "analyzes",
                                  "honorary", "humorous", "learned", "dialog", "disk"])
def test_ambiguous_words_are_left_out(word):
    assert word not in spelling.table()


def test_spinner_tables_do_not_load_the_spelling_table():
    from restore import lexicon
    assert all(p.name != "spelling.tsv" for p in lexicon.builtin_files())


def test_variety_clear_uk_and_us():
    assert spelling.variety(tokenize("The colour of the centre: we travelled to the neighbours.")) == "uk"
    assert spelling.variety(tokenize("The color of the center: we traveled to the neighbors.")) == "us"
    assert spelling.variety(["colour", "organised"]) == "uk"
    assert spelling.variety(["color", "organized", "center"]) == "us"


def test_variety_needs_clear_evidence():
    assert spelling.variety(tokenize("")) is None
    assert spelling.variety(tokenize("The colour was fine.")) is None  # one word is not enough
    assert spelling.variety(tokenize("Ten kilometres, then ten kilometres more.")) is None  # nor one repeated
    assert spelling.variety(tokenize("The colour and centre of the color and center.")) is None
    assert spelling.variety(tokenize("The colour and centre of the color.")) is None  # 2 vs 1
    assert spelling.variety(tokenize("The colour, centre and flavour of the color.")) == "uk"  # 3 vs 1
    assert spelling.variety(tokenize("A plain sentence with no marked words at all.")) is None


def test_variety_ignores_capitalised_names():
    # "Lincoln Center", "Gray": names keep their spelling whatever the document's.
    text = "The colour of the Lincoln Center and the Gray Theater in the centre."
    assert spelling.variety(tokenize(text)) == "uk"
    assert spelling.variety(tokenize("Lincoln Center, Gray Theater, Labor Party.")) is None


def test_localise_keeps_case():
    assert spelling.localise("Color", "uk") == "Colour"
    assert spelling.localise("COLOR", "uk") == "COLOUR"
    assert spelling.localise("black mold on the gray walls", "uk") == "black mould on the grey walls"
    assert spelling.localise("color-coded", "uk") == "colour-coded"
    assert spelling.localise("organized", "uk") == "organised"
    assert spelling.localise("the World Trade Center", "uk") == "the World Trade Center"  # a name
    assert spelling.localise("war", "uk") == "war"


def test_localise_leaves_a_name_joined_by_a_small_word_but_not_a_plain_title():
    """An American institution keeps its own spelling in a British document; the first word
    of a title made of ordinary words takes the document's."""
    assert spelling.localise("the Centers for Disease Control and Prevention", "uk") == \
        "the Centers for Disease Control and Prevention"
    assert spelling.localise("Defense Minister", "uk") == "Defence Minister"
    assert spelling.localise("the color of the Center", "uk") == "the colour of the Centre"


@pytest.mark.parametrize("var", ["us", None])
def test_localise_changes_nothing_unless_british(var):
    assert spelling.localise("black mold on the gray walls", var) == "black mold on the gray walls"


def test_spun_british_article_gets_british_suggestions():
    result = restore.fix(UK_SPUN)
    mildew = next(s for s in result.spans if s.text == "mildew")
    assert mildew.suggestion == "mould" and mildew.applied
    assert "mold" not in mildew.alternatives
    assert "black mould on the walls" in result.text
    assert restore.apply(UK_SPUN, result.spans) == result.text


def test_spun_american_article_gets_american_suggestions():
    result = restore.fix(US_SPUN)
    mildew = next(s for s in result.spans if s.text == "mildew")
    assert mildew.suggestion == "mold" and mildew.applied
    assert "black mold on the walls" in result.text


@pytest.mark.parametrize("text", [
    "The neighbours organised a fête in the centre of the village; the colour of the bunting was "
    "grey and the mould on the old tent was cleaned off.",
    "The neighbors organized a fair in the center of the village; the color of the bunting was "
    "gray and the mold on the old tent was cleaned off.",
])
def test_clean_text_is_unchanged(text):
    result = restore.fix(text)
    assert result.text == text
    assert not any(s.applied for s in result.spans)


@pytest.mark.parametrize("text, style", [
    ("Wages rose 3 per cent.", {"percent": "per cent"}),
    ("Wages rose 3 Percent.", {"per cent": "percent"}),
    ("Wages rose 3%.", {}),
    ("Wages rose 3 per cent and prices 4 percent.", {}),  # both written: no house form
])
def test_house_style_is_the_form_the_document_writes(text, style):
    assert spelling.house_style(text) == style


def test_localise_puts_the_house_form_in_keeping_case():
    style = {"percent": "per cent"}
    assert spelling.localise("percent", None, style) == "per cent"
    assert spelling.localise("Percent", "us", style) == "Per cent"
    assert spelling.localise("percentage", "uk", style) == "percentage"  # whole words only


PERCENT_SPUN = ("Prices rose 5 p.c last month, the statistics office mentioned, essentially the most "
                "since 2019. Wages rose 3 {form}, and could rise additional. It will likely be a "
                "troublesome 12 months for households, the minister stated.")


@pytest.mark.parametrize("form", ["per cent", "percent"])
def test_a_restored_percent_takes_the_documents_own_form(form):
    text = PERCENT_SPUN.format(form=form)
    result = restore.fix(text)
    pc = next(s for s in result.spans if s.text == "p.c")
    assert pc.applied and pc.suggestion == form
    assert f"rose 5 {form} last month" in result.text
    assert restore.apply(text, result.spans) == result.text


DOCUMENTS = [
    "The colour of the centre rose 5 per cent, the organisation said. Its neighbours agreed.",
    "The color of the center rose 5 percent, the organization said. Its neighbors agreed.",
    "Rates rose 3 per cent and 4 percent this year at the harbour.",
    "Nothing here says which spelling the writer uses.",
    "",
]
SUGGESTIONS = ["percent", "Percent rise", "color", "the color of the center", "World Trade Center",
               "neighbor's favor", "per cent", "said", "", "PERCENT", "Defense Minister"]


def test_house_forms_are_no_words_of_the_spelling_table():
    # DocumentSpelling judges on a suggestion as given whether the variety is needed; a
    # house form that is a table word would be put in unseen.
    words = {w for forms in spelling.HOUSE_FORMS for form in forms for w in form.split()}
    assert words and not words & spelling.table().keys()


@pytest.mark.parametrize("text", DOCUMENTS)
def test_document_spelling_reads_the_document_only_as_needed_and_gives_the_same_text(text):
    """DocumentSpelling.localise is localise with the document's variety and house style,
    read only when a suggestion has a word they could change."""
    tokens = tokenize(text)
    lazy = spelling.DocumentSpelling(text, tokens)
    assert lazy.localise("said") == "said"
    assert "variety" not in vars(lazy) and "style" not in vars(lazy)  # neither read for it
    for suggestion in SUGGESTIONS:
        assert lazy.localise(suggestion) == spelling.localise(
            suggestion, spelling.variety(tokens), spelling.house_style(text)), suggestion
