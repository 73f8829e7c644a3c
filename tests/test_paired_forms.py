"""``paired = true``: the n-th spun form of an entry stands for its n-th original only, so
the forms of one phrase keep their number and tense ("comes throughout" -> "comes across",
never "come across")."""
from __future__ import annotations

import pytest

import restore
from restore.lexicon import LexiconError, load

ENTRY = """[[entry]]
id = "x.come-throughout"
spun = ["come throughout", "comes throughout", "coming throughout"]
originals = ["come across", "comes across", "coming across"]
prior = 0.9
tell = false
{paired}
"""


def _lexicon(tmp_path, paired: str):
    path = tmp_path / "mine.toml"
    path.write_text(ENTRY.format(paired=paired), encoding="utf-8")
    return path


@pytest.mark.parametrize("spun, original", [
    ("She comes throughout as confident.", "She comes across as confident."),
    ("He was coming throughout the bridge.", "He was coming across the bridge."),
    ("They come throughout as calm.", "They come across as calm."),
])
def test_each_form_gets_its_own_original(tmp_path, spun, original):
    lex = _lexicon(tmp_path, "paired = true")
    result = restore.fix(spun, assume_spun=True, builtin=False, lexicons=[lex])
    assert result.text == original
    for s in result.spans:
        assert s.alternatives == ()  # one original per form: nothing else to offer


def test_unpaired_every_original_is_a_candidate(tmp_path):
    # The reason for the flag: without it a form is offered every original.
    lex = _lexicon(tmp_path, "")
    result = restore.fix("She comes throughout as confident.", assume_spun=True, builtin=False, lexicons=[lex])
    span = next(s for s in result.spans if s.text == "comes throughout")
    assert {span.suggestion, *span.alternatives} == {"come across", "comes across", "coming across"}


def test_paired_needs_as_many_originals_as_forms(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(ENTRY.replace('"coming across"]', ']').format(paired="paired = true"), encoding="utf-8")
    with pytest.raises(LexiconError, match="paired"):
        load((path,), builtin=False)


def test_the_shipped_paradigms_keep_their_number():
    text = "She comes throughout as confident, officials mentioned. He was coming throughout the bridge."
    result = restore.fix(text, assume_spun=True)
    assert "She comes across as confident" in result.text
    assert "was coming across the bridge" in result.text


CHECKED = """[lexicon]
name = "t"
description = "t"
provenance = "t"
licence = "CC0-1.0"

[[entry]]
id = "t.come-throughout"
spun = ["come throughout", "comes throughout"]
originals = ["come across", "comes across"]
paired = true
prior = 0.9
tell = false
case = "any"
provenance = "t"
fix = ["She [[comes throughout=>{restored}]] as calm."]
keep = ["She comes across as calm."]
"""


@pytest.mark.parametrize("restored, ok", [("comes across", True), ("come across", False)])
def test_the_checker_expects_the_paired_original_of_each_form(check_curated, restored, ok):
    passed, output = check_curated(CHECKED.format(restored=restored))
    assert passed == ok, output
    if not ok:
        assert "paired original 'comes across'" in output
