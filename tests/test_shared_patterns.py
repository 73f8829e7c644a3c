"""The matches of a one-word form share its list of patterns (matcher._plain_patterns): an
analysis must never change those lists, or every later document would see the change."""
import restore
from restore import lexicon as lexicon_mod
from restore.config import Config
from restore.matcher import _plain_patterns

SPUN = (
    "Essentially the most vital assembly will likely be held on Could 19, high officers "
    "mentioned. The ministry introduced that the battle had ended and that prisoners of "
    "battle can be freed. Officers mentioned the settlement was signed final week, and "
    "the president stated he was hoping for peace."
)


def test_an_analysis_leaves_the_shared_pattern_lists_as_they_were():
    config = Config()
    lex = lexicon_mod.load(config.lexicons, config.builtin)
    first = restore.fix(SPUN)
    indexes = {"main": lex.main, "spinner": lex.spinner}
    seen = {name: dict(index.plain_words) for name, index in indexes.items()}
    assert any(v for found in seen.values() for v in found.values()), "no one-word form was met"
    snapshot = {name: {k: list(v) for k, v in found.items() if v} for name, found in seen.items()}
    again = restore.fix(SPUN)
    for name, index in indexes.items():
        for key, patterns in snapshot[name].items():
            assert index.plain_words[key] == patterns, (name, key)
            assert patterns == _plain_patterns(index.patterns[(key,)]), (name, key)
    assert [(s.start, s.end, s.suggestion, s.confidence) for s in again.spans] == \
        [(s.start, s.end, s.suggestion, s.confidence) for s in first.spans]
