"""A finding's confidence is that its chosen original is right: it falls with the chosen
original's lead over the next one (engine._choice_share)."""
from __future__ import annotations

import math

import pytest

import restore
from restore import engine
from restore.findings import Finding, Option
from restore.matcher import Match


def _finding(*zs: float, originals: tuple[str, ...] = ("war", "conflict", "fight")) -> Finding:
    options = [Option(original=o, z=z) for o, z in zip(originals, zs)]
    return Finding(Match(0, 1, 0, 6, []), options)


def test_a_single_original_keeps_its_confidence():
    assert engine._choice_share(_finding(3.0)) == 1.0


def test_a_near_tie_costs_more_than_a_clear_lead():
    tie = engine._choice_share(_finding(2.8, 2.5))
    lead = engine._choice_share(_finding(6.4, 0.2))
    assert tie < 0.8 < 0.99 < lead <= 1.0
    # a tie keeps the logistic of the offset alone
    assert engine._choice_share(_finding(2.0, 2.0)) == pytest.approx(1 / (1 + math.exp(-engine.CHOICE_OFFSET)))


def test_originals_differing_only_in_number_are_one_choice():
    assert engine._choice_share(_finding(3.0, 2.9, originals=("study", "studies"))) == 1.0


def test_a_choice_the_grammar_made_is_kept_whole():
    fd = _finding(1.0, 4.0, originals=("are not", "is not"))
    fd.grammar = True
    assert engine._choice_share(fd) == 1.0


def test_occurrences_that_chose_together_share_their_lead():
    fd = _finding(1.35, 4.79)  # this occurrence alone prefers "conflict" ...
    fd.choice_margin = 2.1     # ... but the occurrences together lead with "war" by 2.1 each
    assert engine._choice_share(fd) == pytest.approx(1 / (1 + math.exp(-(2.1 + engine.CHOICE_OFFSET))))


def test_close_originals_lower_the_confidence_end_to_end(monkeypatch):
    # "battle" may stand for war, fight or conflict: the span is reported less confidently
    # than it would be if its chosen original had no rival, and "mentioned" (said alone) not.
    # ("sufferers" no longer shows it: the hand-spun articles' 47 of 49 marks say patients.)
    text = ("Officials mentioned on Could 19 that essentially the most affected sufferers used to be moved. "
            "The organisation stated the battle would proceed.")
    shared = {s.text: s for s in restore.fix(text).spans}
    monkeypatch.setattr(engine, "CHOICE_OFFSET", 50.0)  # no rival counts any more
    alone = {s.text: s for s in restore.fix(text).spans}
    assert shared["battle"].alternatives  # a rival original is there
    assert shared["battle"].confidence < alone["battle"].confidence
    assert shared["mentioned"].confidence == alone["mentioned"].confidence


THROUGHOUT = ("Officers mentioned essentially the most severe storms will likely be felt throughout the nation on "
              "Tuesday. Energy cuts had been reported throughout the area, and a whole bunch of flights had been "
              "cancelled. Throughout the assembly, the minister stated the federal government would launch "
              "emergency funds throughout the subsequent few days.")


def test_an_occurrence_its_own_context_rules_choose_keeps_its_original():
    # One spun form, two originals in one document: "throughout" stands for across before a
    # place and for during before a stretch of time (fn.throughout-during's context rules).
    result = restore.fix(THROUGHOUT)
    got = [(s.text, s.suggestion) for s in result.spans if s.text.lower() == "throughout"]
    assert got == [("throughout", "across"), ("throughout", "across"), ("Throughout", "During"),
                   ("throughout", "during")]
