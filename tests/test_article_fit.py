"""casing.article_may_misfit: the engine reads the tables after "a"/"an" only where the
article may not fit the phrase found there, so it must never miss such a place."""
from hypothesis import given, settings
from hypothesis import strategies as st

import restore
from restore.casing import article_may_misfit, takes_an

WORDS = ["settlement", "agreement", "hour", "ho", "hon", "honest", "he", "her", "herb", "u", "un",
         "uni", "university", "us", "use", "one", "on", "once", "eu", "euro", "FBI", "UN", "US",
         "MIME", "C", "F", "X", "1", "18", "NASA", "apple", "Apple", "ewe", "ure", "x-ray"]
REST = ["", " report", " REPORT", "-year-old", "'s", " agent", " Agent", "r", "b", "st", "se", "ce"]


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(WORDS), st.sampled_from(REST), st.booleans())
def test_a_phrase_the_article_does_not_fit_is_never_skipped(word, rest, has_an):
    if takes_an(word + rest) != has_an:
        assert article_may_misfit(has_an, word), (word, rest, has_an)


def test_the_words_that_fit_are_skipped():
    assert not article_may_misfit(False, "settlement")
    assert not article_may_misfit(True, "agreement")
    assert not article_may_misfit(True, "hour")
    assert not article_may_misfit(False, "university")
    assert article_may_misfit(True, "settlement")
    assert article_may_misfit(False, "FBI")  # read letter by letter: "an FBI agent"
    assert article_may_misfit(False, "ho")  # "ho" may begin "hour"


def test_a_table_word_after_an_article_that_does_not_fit_is_still_found():
    """In a document not (yet) read as spun, the spinner's tables are looked up only after
    an article that does not fit ("an settlement"): the finding is made, and weighs in the
    document's spin score."""
    from restore import engine
    from restore.config import Config

    text = "Officials said it was an settlement that nobody expected, and a settlement of sorts."
    found = [(text[fd.match.start:fd.match.end], fd.match.start) for fd in engine._score(text, Config()).findings]
    assert found == [("settlement", text.index("settlement"))]
