"""Entries that no context proves spun (``tell = "never"``): their rules choose and weigh
their readings, but a decisive context does not make a finding a strong tell. A lone
"spread throughout Europe" or "received a medal" in a clean sentence used to count as
proof of a spinner, make the sentence read as spun, and so restore itself."""
from __future__ import annotations

import pytest

import restore
from restore.lexicon import LexiconError, load

# A decisive context (weight 6 >= engine.STRONG_CONTEXT) for a made-up entry.
ENTRY = '''[[entry]]
id = "x.foo-bar"
spun = ["foo"]
originals = ["bar"]
prior = 0.3
tell = {tell}
evidence = [{{ right = '^\\s+\\d', weight = 6.0, reason = "a number follows" }}]
'''
TEXT = "The talks on foo 19 ended without a deal."


def _lexicon(tmp_path, tell: str):
    path = tmp_path / "mine.toml"
    path.write_text(ENTRY.format(tell=tell), encoding="utf-8")
    return path


@pytest.mark.parametrize("tell, context_tells", [("true", True), ("false", True), ('"in company"', True),
                                                 ('"never"', False)])
def test_the_tell_field_says_whether_context_can_tell(tmp_path, tell, context_tells):
    entry = load((_lexicon(tmp_path, tell),), builtin=False).entries["x.foo-bar"]
    assert entry.context_tells is context_tells
    assert entry.tell is (tell in ("true", '"in company"'))


def test_an_unknown_tell_value_names_never_among_the_choices(tmp_path):
    with pytest.raises(LexiconError, match="never"):
        load((_lexicon(tmp_path, '"seldom"'),), builtin=False)


def test_a_decisive_context_still_proves_an_ordinary_entry(tmp_path):
    result = restore.fix(TEXT, lexicons=(_lexicon(tmp_path, "false"),), builtin=False)
    assert result.text == "The talks on bar 19 ended without a deal."
    assert result.spin_score > 0.9


def test_a_never_entry_alone_leaves_the_text_as_written(tmp_path):
    result = restore.fix(TEXT, lexicons=(_lexicon(tmp_path, '"never"'),), builtin=False)
    assert result.text == TEXT
    assert result.spin_score < 0.5


def test_a_never_entry_is_restored_where_the_text_is_spun(tmp_path):
    result = restore.fix(TEXT, lexicons=(_lexicon(tmp_path, '"never"'),), builtin=False, assume_spun=True)
    assert result.text == "The talks on bar 19 ended without a deal."


@pytest.mark.parametrize("text", [
    "Protests spread throughout the country.",
    "He received a medal for valor.",
    "The duties of citizenship are lost sight of in the wilderness of interests.",
])
def test_shipped_entries_found_firing_on_clean_sentences_leave_them_alone(text):
    result = restore.fix(text)
    assert result.text == text
    assert result.spin_score < 0.5
