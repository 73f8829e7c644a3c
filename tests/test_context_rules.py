"""Context rules read ``$`` as "right where the match begins", even at the start of a line."""
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
