"""Context rules read ``$`` as "right where the match begins", even at the start of a line; the
checker refuses a capital-letter class under a leading (?i), where it matches any letter."""
import pytest

from restore.lexicon import Lexicon, _strict_end, parse_toml

ENTRY = '''
[lexicon]
name = "probe"
description = "test"
provenance = "test"
licence = "CC0-1.0"

[[entry]]
id = "probe.not-at-sentence-start"
spun = ["widget"]
originals = ["gadget"]
prior = 0.5
evidence = [
  { left = '(?<![.!?]\\s)(?<!\\A)$', veto = true, reason = "not at the start of a sentence" },
]
provenance = "test"
fix = ["[[Widget=>Gadget]] sales rose."]
keep = ["The widget broke."]
'''


def _rule():
    lexicon = Lexicon()
    parse_toml(ENTRY, "probe.toml", lexicon)
    return lexicon.entries["probe.not-at-sentence-start"].evidence[0]


def test_a_line_start_after_a_full_stop_is_a_sentence_start():
    text = "It rained.\nWidget sales rose."
    start = text.index("Widget")
    # With Python's "$" the veto would hold just before the newline ("rained." does not
    # end in ". ") and fire here.
    assert not _rule().matches(text, start, start + len("Widget"))


def test_inside_a_sentence_the_rule_still_fires():
    text = "It rained and the widget broke."
    start = text.index("widget")
    assert _rule().matches(text, start, start + len("widget"))


def test_only_end_anchors_change():
    assert _strict_end(r"(?i)\bthe\s+$") == r"(?i)\bthe\s+\Z"
    assert _strict_end(r"^\s+(?:\$|£)\d") == r"^\s+(?:\$|£)\d"  # an escaped dollar sign
    assert _strict_end(r"[$£]\d$") == r"[$£]\d\Z"  # a dollar inside a class is a character
    assert _strict_end(r"[]$]x$") == r"[]$]x\Z"  # "]" first in a class is a literal
    assert _strict_end(r"^(?!\s+\d)") == r"^(?!\s+\d)"


CAPITAL_CUE = """[lexicon]
name = "t"
description = "t"
provenance = "t"
licence = "CC0-1.0"

[[entry]]
id = "t.close-to-near"
spun = ["close to"]
originals = ["near"]
prior = 0.5
tell = false
case = "any"
evidence = [
  {{ right = '''(?i)^\\s+{cls}[a-z]+''', weight = 2.0, reason = "a place name follows" }},
]
provenance = "t"
fix = ["It sits [[close to=>near]] Leeds."]
keep = ["It sits near Leeds."]
"""


@pytest.mark.parametrize("cls, ok", [("[A-Z]", False), ("(?-i:[A-Z])", True)])
def test_the_checker_refuses_a_capital_class_that_ignores_case(check_curated, cls, ok):
    """Under a leading (?i), [A-Z] matches any letter: a cue for a capitalised place name
    fired before every word (30 shipped rules had it)."""
    passed, output = check_curated(CAPITAL_CUE.format(cls=cls))
    assert passed == ok, output
    if not ok:
        assert "(?-i:[A-Z])" in output
