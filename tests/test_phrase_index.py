"""PhraseIndex.starting: the lengths of the forms that may start at a word, which the matcher
tries when it reads several indexes at once (the spinner's tables in a spun document)."""
from restore import lexicon as lexicon_mod
from restore.config import Config
from restore.engine import _document_tokens
from restore.lexicon import PhraseIndex
from restore.matcher import find_matches


def _index(*keys):
    index = PhraseIndex()
    for key in keys:
        index.note(tuple(key.split()))
    return index


def test_longer_forms_only_when_the_next_word_continues_one():
    index = _index("prisoners", "prisoners of battle", "prisoners of conscience")
    assert index.starting(["prisoners", "of", "battle"], 0) == (3, 1)
    assert index.starting(["prisoners", "were", "freed"], 0) == (1,)
    assert index.starting(["the", "prisoners"], 1) == (1,)  # the last word
    only_long = _index("the most", "the least")
    assert only_long.starting(["the", "most"], 0) == (2,)
    assert only_long.starting(["the", "end"], 0) == ()
    assert only_long.starting(["the"], 0) == ()
    assert only_long.starting(["a", "most"], 0) == ()


def test_reading_several_indexes_finds_the_forms_of_each():
    config = Config()
    lex = lexicon_mod.load(config.lexicons, config.builtin)
    text = "The Fact Social post said the assembly befell on Could 19 in the White Home."
    tokens = _document_tokens(text)
    indexes = (lex.spinner, lex.names, lex.user)
    together = {(m.start, m.end) for m in find_matches(text, tokens, lex, config, indexes)}
    one_by_one = {(m.start, m.end) for ix in indexes for m in find_matches(text, tokens, lex, config, ix)}
    assert together == one_by_one
    assert any(end - start > 6 for start, end in together)  # a form of two words is among them
