"""Spintax residue ("{dollars}", "{hardware|equipment}") in spun prose."""
from __future__ import annotations

import restore
from restore import spintax
from restore.tokens import tokenize

SPUN = ("The company lost 5 million {dollars} last year, officials mentioned. The "
        "{hardware|equipment} was damaged within the assault, in accordance with officers.")


def test_braces_are_dropped_in_a_spun_document_and_the_first_choice_kept():
    result = restore.fix(SPUN, assume_spun=True)
    assert "5 million dollars last year" in result.text
    assert "The hardware was damaged" in result.text
    for span in result.spans:
        assert SPUN[span.start:span.end] == span.text
    braced = [s for s in result.spans if s.rule == spintax.ENTRY.id]
    assert {s.text for s in braced} == {"{dollars}", "{hardware|equipment}"}


def test_code_and_templates_are_not_spintax():
    for line in ('Use the format string "{name}" with print() to show the value here.',
                 "Set value = {count} before the loop starts in the next step.",
                 "The shell expands ${HOME} and {{braces}} inside a template string today."):
        assert spintax.spintax_matches(line, tokenize(line)) == []


def test_a_braced_word_alone_does_not_make_a_document_spun():
    text = "The grant of 5 million {dollars} was approved by the council on Monday evening."
    assert restore.fix(text).text == text


def test_the_finder_can_be_disabled():
    result = restore.fix(SPUN, assume_spun=True, disabled=frozenset({spintax.ENTRY.id}))
    assert "{dollars}" in result.text
