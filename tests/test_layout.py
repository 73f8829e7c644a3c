"""A restoration keeps the layout of the text: no phrase runs across a paragraph break, and
the separators inside a restored phrase (a line break, a no-break space) stay."""
from __future__ import annotations

import pytest

import restore
from restore.casing import keep_layout, transfer_case

SPUN = "Officials confirmed an settlement on Could 19 covering 1,000 prisoners of{gap}battle, the ministry mentioned."


def test_a_phrase_never_runs_across_a_paragraph_break():
    text = "Officials confirmed an settlement on Could 19 covering the prisoners of\n\nBattle lines were redrawn.\n"
    result = restore.fix(text)
    assert "\n\nBattle lines were redrawn." in result.text
    assert not any("\n\n" in s.text for s in result.spans)


@pytest.mark.parametrize("gap", ["\r\r", "\r\n\r\n", "\n \n", "\u2029", "\f", "\v\v", "\u2028\u2028"])
def test_every_kind_of_paragraph_break_ends_a_phrase(gap):
    # A CR-only file's blank line, a Unicode paragraph separator and a form feed used to
    # be read as plain spaces: the phrase was matched and its last word restored alone.
    result = restore.fix(SPUN.format(gap=gap))
    assert f"prisoners of{gap}battle" in result.text
    assert "May 19" in result.text


@pytest.mark.parametrize("gap", ["\n", "\r\n", "\r", "\u00a0", "\t", "  "])
def test_separators_inside_a_restored_phrase_are_kept(gap):
    result = restore.fix(SPUN.format(gap=gap))
    assert f"prisoners of{gap}war" in result.text
    assert "May 19" in result.text


def test_keep_layout_only_when_the_words_line_up():
    assert keep_layout("prisoners of\nbattle", "prisoners of war") == "prisoners of\nwar"
    assert keep_layout("essentially the\nmost", "the most") == "the most"  # 3 words for 2
    assert keep_layout("prisoners of battle", "prisoners of war") == "prisoners of war"


@pytest.mark.parametrize("found, original, expected", [
    ("A 3rd", "a third", "A third"),           # a number is not a capitalised word
    ("A 1/2", "a half", "A half"),
    ("Wall Road", "wall street", "Wall Street"),  # two capitalised words: title case
    ("Could", "may", "May"),
    ("COULD", "may", "MAY"),
    ("essentially the most", "the most", "the most"),
    ("Participant of the Month", "player of the month", "Player of the Month"),  # word for word
    ("Division of Power", "department of energy", "Department of Energy"),      # a title's small words
    ("Essentially the most", "the most", "The most"),                          # a sentence's start only
    ("Other folks", "people", "People"),
])
def test_the_found_case_is_carried_over(found, original, expected):
    assert transfer_case(found, original) == expected


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\u2028"])
def test_a_phrase_does_not_run_out_of_a_heading_into_the_next_line(brk):
    # "Where to stay" is a heading; "The best value" starts the next line: no "stay the".
    text = f"Where to stay{brk}The best value is usually found near the station, officials mentioned."
    result = restore.fix(text, assume_spun=True)
    assert not [s for s in result.spans if brk in s.text]


def test_a_name_wrapped_across_two_lines_is_still_one_phrase():
    result = restore.fix("Protection\nMinister Rustem Umerov briefed the president on Could 19.")
    assert result.text.startswith("Defense\nMinister Rustem Umerov")
