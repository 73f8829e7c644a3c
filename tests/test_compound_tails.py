"""A form whose first word is the tail of a hyphenated compound ("arcade-style space",
"semi-final at"): the spinner swaps one word there ("three-year" -> "three-12 months",
"Leeds-based" -> "Leeds-primarily based"), so only an original of one word can stand for it."""
import pytest

import restore


@pytest.mark.parametrize("text", [
    "Grab this arcade-style space shooting game.",   # "style space" is the spinner's "fashion house"
    "She felt self-conscious about it.",             # "conscious about" -> "aware of"
    "It was a tense semi-final at a packed stadium.",  # "final at" -> "closing at"
])
def test_a_two_word_original_never_stands_for_a_compound_tail(text):
    result = restore.fix(text, assume_spun=True)
    assert not [s for s in result.spans if s.start > 0 and text[s.start - 1] == "-" and " " in s.suggestion]


def test_without_the_hyphen_the_same_words_are_read():
    result = restore.fix("The style space announced a new creative director.", assume_spun=True)
    assert result.text == "The fashion house announced a new creative director."


@pytest.mark.parametrize("spun, restored", [
    ("The three-12 months course costs more.", "The three-year course"),
    ("The Leeds-primarily based bakery closed its doors.", "The Leeds-based bakery"),
    ("A Kyiv-based mostly analyst said the strike was unusual.", "A Kyiv-based analyst"),
])
def test_a_one_word_original_still_restores_a_compound_tail(spun, restored):
    assert restore.fix(spun, assume_spun=True).text.startswith(restored)


def test_a_compound_tail_stand_in_is_a_tell_and_its_own_words_are_english_elsewhere():
    assert restore.fix("The Leeds-primarily based bakery closed its doors.").spin_score > 0.9
    assert restore.fix("The decision was primarily based on cost.").text == "The decision was primarily based on cost."
