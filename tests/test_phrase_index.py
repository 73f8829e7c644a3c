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


def test_the_word_sets_record_single_words_and_the_openings_of_longer_forms():
    index = _index("prisoners", "prisoners of battle", "the most", "befell")
    assert index.single_words == {"prisoners", "befell"}
    assert index.openings == {("prisoners", "of"), ("the", "most")}


def _signature(matches):
    return [(m.tok_start, m.tok_end, m.start, m.end, [p.entry.id for p in m.patterns]) for m in matches]


def test_the_whole_text_reading_finds_what_reading_every_word_finds():
    # Over a whole text the matcher visits only the words the index's word sets pick out;
    # given positions it tries each one. Both must find the same matches, one-word forms,
    # longer ones, possessives and abbreviations alike.
    config = Config()
    lex = lexicon_mod.load(config.lexicons, config.builtin)
    text = ("Zelensky mentioned essentially the most tangible results of the talks was an settlement "
            "to trade 1,000 prisoners of battle on Could 19. Protection Minister Rustem Umerov, the "
            "assembly befell hours earlier than a cellphone name; costs rose 5 p.c. final yr.\n\n"
            "The Fact Social post said the 1000's of officers in the White Home will likely be there "
            "in order to help the nation's authorities. It is the identical day")
    tokens = _document_tokens(text)
    keys = [t.key for t in tokens]
    found = []
    for index in (lex.main, lex.spinner, lex.names):
        whole = find_matches(text, tokens, lex, config, index, keys=keys)
        word_by_word = find_matches(text, tokens, lex, config, index, positions=range(len(tokens)), keys=keys)
        assert _signature(whole) == _signature(word_by_word)
        found += whole
    lengths = {m.tok_end - m.tok_start for m in found}
    assert 1 in lengths and max(lengths) >= 3  # one-word forms and long ones were both met
    assert any(text[m.end - 1] == "." for m in found)  # "p.c." took its dot
