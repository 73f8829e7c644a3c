"""Tells that need company (``tell = "in company"``): grammatical English that the spinner
writes often. Alone they leave a text as written; beside other tells they are restored."""
from __future__ import annotations

import pytest

import restore
from restore.lexicon import LexiconError, load

LONE = "This is essentially the most common failure mode we observed in the field."


def test_alone_it_leaves_the_text_as_written_and_the_document_clean():
    result = restore.fix(LONE)
    assert result.text == LONE
    assert result.spin_score < 0.5
    assert not [s for s in result.spans if s.applied]


def test_beside_other_tells_it_is_restored():
    result = restore.fix("Officials mentioned on Could 19 that it was essentially the most serious breach.")
    assert "it was the most serious breach" in result.text
    assert "on May 19" in result.text


def test_a_tell_that_proves_damage_alone_still_does():
    # "Could 19" is not English at all: alone it is enough.
    assert restore.fix("The talks on Could 19 ended.").text == "The talks on May 19 ended."


def test_assume_spun_applies_it_alone():
    assert restore.fix(LONE, assume_spun=True).text.startswith("This is the most common")


def _lexicon(tmp_path, tell: str):
    path = tmp_path / "mine.toml"
    path.write_text(f'[[entry]]\nid = "x.y"\nspun = ["foo"]\noriginals = ["bar"]\nprior = 0.9\ntell = {tell}\n',
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("tell, alone", [("true", True), ("false", True), ('"in company"', False)])
def test_the_tell_field_takes_three_values(tmp_path, tell, alone):
    lex = load((_lexicon(tmp_path, tell),), builtin=False)
    assert lex.entries["x.y"].tell_alone is alone


def test_any_other_tell_value_is_an_error(tmp_path):
    with pytest.raises(LexiconError, match="in company"):
        load((_lexicon(tmp_path, '"sometimes"'),), builtin=False)


def test_one_ordinary_word_of_the_spinner_is_not_company():
    # With one soft tell as company, the lone tell used to lift that word to an edit
    # ("discovered" -> "found") while staying unapplied itself.
    text = "It was essentially the most important result, a new poll discovered."
    result = restore.fix(text)
    assert result.text == text
    assert result.spin_score < 0.5


def test_two_ordinary_words_of_the_spinner_are_company():
    result = restore.fix("It was essentially the most important result, a new poll discovered, officers mentioned.")
    assert result.spin_score >= 0.5
    assert "a new poll found" in result.text
    # The tell whose company made the document spun is restored with the rest: scaled by
    # the soft tells alone, it used to vanish while the words it vouched for were changed.
    tell = [s for s in result.spans if s.text == "essentially the most"]
    assert tell and tell[0].applied and result.text.startswith("It was the most important ")


def test_kept_company_restores_the_tell_itself_in_a_short_text():
    text = "The minister stated it used to be essentially the most troublesome week."
    result = restore.fix(text)
    assert result.spin_score >= 0.5
    tell = [s for s in result.spans if s.text == "essentially the most"]
    assert tell and tell[0].applied
    assert result.text == "The minister said it was the most difficult week."
