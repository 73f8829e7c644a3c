"""Properties over arbitrary Unicode: no crash, valid disjoint spans, replay, idempotence."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import restore

PIECES = [
    "Could 19", "could", "COULD 2024", "essentially the most", "an settlement", "a settlement",
    "battle's", "Battle", "an honest", " ", "\n\n", ", ", ". ", "’s", "-", "\u00a0", "e\u0301",
    "'s", "'s's", "dogs'", "ΟΔΟΣ", "ΑΣ.Α", "🙂", "\x00", "\r\n", "mentioned", "have been", "his or her", "Fact Social", "save lots of",
]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join),
)


def _check(text, result):
    assert result.original == text
    last_end = 0
    for span in result.spans:
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start:span.end] == span.text
        assert span.start >= last_end, "spans overlap"
        last_end = span.end
        assert 0.0 <= span.confidence <= 1.0
    assert restore.apply(text, result.spans) == result.text
    # Text outside applied spans is untouched.
    pos_in, pos_out = 0, 0
    for span in result.spans:
        if not span.applied:
            continue
        gap = span.start - pos_in
        assert result.text[pos_out:pos_out + gap] == text[pos_in:span.start]
        pos_out += gap + len(span.suggestion)
        pos_in = span.end
    assert result.text[pos_out:] == text[pos_in:]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_shipped_lexicons_arbitrary_text(text):
    _check(text, restore.fix(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_spun_mode_arbitrary_text(text):
    _check(text, restore.fix(text, assume_spun=True))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_idempotent(text):
    once = restore.fix(text).text
    assert restore.fix(once).text == once


@settings(max_examples=400, deadline=None)
@given(texts)
def test_column_tokenizer_agrees_with_the_word_by_word_one(text):
    """The fast tokenizer (all words' columns at once) gives exactly the tokens of the
    word-by-word one, which handles every text (and is used for the ones needing folding)."""
    from restore.tokens import _tokenize_word_by_word, tokenize

    assert tokenize(text) == _tokenize_word_by_word(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("aZ9 -'’.\u00ad") + ["Ｃ", "e\u0301", "İ", "ß"]), max_size=20).map("".join))
def test_fold_of_plain_ascii_is_lowercasing_and_the_rest_folds_as_before(text):
    """fold() returns lowercased text at once for ASCII, which holds none of the forms it
    folds (curly apostrophes, soft hyphens, fullwidth letters, combining marks)."""
    from restore.tokens import SOFT_HYPHEN, _HIDING, _unhide, fold

    slow = text.lower().replace("’", "'")
    if SOFT_HYPHEN in slow or _HIDING.search(slow):
        slow = _unhide(slow)
    assert fold(text) == slow
    if text.isascii():
        assert fold(text) == text.lower()
