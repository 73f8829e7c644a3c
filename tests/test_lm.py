"""The shipped language model (restore/lm.py, data in lexicons/lm/)."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from restore.lm import FLOOR, LanguageModel, get_model


@pytest.fixture(scope="module")
def lm() -> LanguageModel:
    return get_model()


def norm(lm: LanguageModel, text: str) -> list[str]:
    return [lm.normalise(t) for t in text.split()]


def window(lm: LanguageModel, left: str, region: str, right: str) -> float:
    """Score a region plus the two tokens after it, in context."""
    a, b, c = norm(lm, left), norm(lm, region), norm(lm, right)
    toks = a + b + c
    return lm.score(toks, len(a), len(a) + len(b))


def test_cached_singleton(lm):
    assert get_model() is lm


@pytest.mark.parametrize(
    "left, original, spun, right",
    [
        ("met with top officials on", "May", "Could", "19 to assess"),
        ("the agreement to exchange 1,000 prisoners of", "war", "battle", "from each side"),
        ("the president", "announced", "introduced", "on Telegram"),
        ("talks marked the", "first", "primary", "direct encounter"),
        ("the meeting", "took place", "befell", "hours before"),
        ("hours", "before", "earlier than", "a scheduled phone call"),
        ("we are", "ready", "prepared", "for this"),
    ],
)
def test_original_scores_above_spun(lm, left, original, spun, right):
    assert window(lm, left, original, right) > window(lm, left, spun, right)


def test_may_nineteen_trigram(lm):
    assert lm.logprob("nineteen", ("on", "may")) > lm.logprob("nineteen", ("on", "could"))
    assert lm.logprob("war", ("prisoners", "of")) > lm.logprob("battle", ("prisoners", "of"))


def test_logprobs_are_natural_log_probabilities(lm):
    for w in ("the", "war", "may", "nineteen"):
        for hist in ((), ("of",), ("prisoners", "of")):
            lp = lm.logprob(w, hist)
            assert FLOOR <= lp < 0.0
    # the most frequent words are likely, rare ones unlikely
    assert math.exp(lm.unigram_logprob("the")) > 0.01
    assert lm.unigram_logprob("the") > lm.unigram_logprob("zydeco")


def test_history_most_recent_last(lm):
    # "of war" is a strong bigram; "war of" is not the same event
    assert lm.logprob("war", ("of",)) != lm.logprob("war", ("prisoners",))
    assert lm.logprob("war", ("prisoners", "of")) == lm.logprob("war", ("x", "prisoners", "of"))
    assert lm.logprob("war", ["prisoners", "of"]) == lm.logprob("war", ("prisoners", "of"))


def test_backoff_to_lower_orders(lm):
    # an unknown history word cuts the history
    assert lm.logprob("war", ("qqzzxx",)) == lm.unigram_logprob("war")
    assert lm.logprob("war", ("qqzzxx", "of")) == lm.logprob("war", ("of",))
    # an unseen bigram backs off (and is below a seen one)
    assert lm.logprob("war", ("of",)) > lm.logprob("war", ("zydeco",))


def test_unknown_words_are_clamped(lm):
    assert not lm.known("zelenskyyy")
    assert lm.logprob("zelenskyyy") == FLOOR
    assert lm.logprob("zelenskyyy", ("president",)) == FLOOR
    assert lm.unigram_logprob("zelenskyyy") == FLOOR
    assert math.isfinite(lm.logprob("<s>"))
    assert lm.logprob("<s>") >= FLOOR
    for w in lm.words[:200]:
        assert lm.unigram_logprob(w) >= FLOOR


def test_known(lm):
    assert lm.known("may") and lm.known("could") and lm.known("don't") and lm.known("<s>")
    assert not lm.known("May")  # vocabulary is lowercase; normalise first
    assert not lm.known("19")


@pytest.mark.parametrize(
    "token, expected",
    [
        ("May", "may"),
        ("We’re", "we're"),
        ("doesn’t", "doesn't"),
        ("19", "nineteen"),
        ("7", "seven"),
        ("0", "zero"),
        ("45", "forty"),
        ("1999", "nineteen"),
        ("2005", "two"),
        ("2022", "twenty"),
        ("300", "three"),
        ("15000", "fifteen"),
        ("1,000", "one"),
        ("000", "thousand"),
        ("3.5", "three"),
        ("19th", "nineteenth"),
        ("2nd", "second"),
        ("30th", "thirtieth"),
        ("Ukraine-Russia", "russia"),
    ],
)
def test_normalise(lm, token, expected):
    assert lm.normalise(token) == expected
    assert lm.known(lm.normalise(token))


def test_normalise_leaves_unknown_words(lm):
    assert lm.normalise("Zelenskyyy") == "zelenskyyy"


def test_score_is_sum_of_logprobs(lm):
    toks = norm(lm, "<s> Zelensky met with top officials on May 19 to assess the outcome")
    for start, end in ((0, 1), (3, 5), (7, 8), (10, 13), (12, 13)):
        expected = sum(
            lm.logprob(toks[i], tuple(toks[max(0, i - 2) : i]))
            for i in range(start, min(len(toks), end + 2))
            if toks[i] != "<s>"
        )
        assert lm.score(toks, start, end) == pytest.approx(expected)
    # region + the two following tokens, no more
    assert lm.score(toks, 7, 8) == pytest.approx(
        lm.logprob("may", ("officials", "on"))
        + lm.logprob("nineteen", ("on", "may"))
        + lm.logprob("to", ("may", "nineteen"))
    )


def test_score_empty_and_edges(lm):
    toks = ["the", "war"]
    assert lm.score(toks, 2, 2) == 0.0
    assert lm.score([], 0, 0) == 0.0
    assert lm.score(toks, 0, 1) == pytest.approx(lm.logprob("the") + lm.logprob("war", ("the",)))


_WINDOW_WORDS = ["<s>", "</s>", "the", "war", "battle", "on", "may", "could", "nineteen", "officials",
                 "said", "mentioned", "zzqx", "meeting", "assembly", "took", "place", "befell", "of"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WINDOW_WORDS), max_size=8), st.integers(-1, 9), st.integers(0, 9))
def test_score_ids_is_the_sum_of_logprobs(words, start, end):
    """The engine scores windows on word ids: the sum of each word's log-probability given
    the two before it, from ``start`` to two words past ``end``, "<s>" adding nothing and
    an unknown word (id None) at the floor; and score() on the words is the same."""
    lm = get_model()
    expected = sum(lm.logprob(words[i], tuple(words[max(0, i - 2):i]))
                   for i in range(max(start, 0), min(len(words), end + 2)) if words[i] != "<s>")
    got = lm.score_ids([lm.word_id(w) for w in words], start, end)
    assert got == pytest.approx(expected, abs=1e-9)
    assert lm.score(words, start, end) == got


def test_a_vocabulary_without_sentence_start_is_refused(tmp_path):
    from restore._data import data_dir

    src = data_dir() / "lm"
    for name in ("model.bin", "meta.json"):
        (tmp_path / name).write_bytes((src / name).read_bytes())
    words = (src / "vocab.txt").read_text(encoding="utf-8").split("\n")
    (tmp_path / "vocab.txt").write_text("\n".join("<s>x" if w == "<s>" else w for w in words), encoding="utf-8")
    with pytest.raises(ValueError, match="<s>"):
        LanguageModel(tmp_path)


def test_data_files_are_small():
    from restore._data import data_dir

    d = data_dir() / "lm"
    total = sum(p.stat().st_size for p in d.iterdir() if p.is_file())
    assert total < 30_000_000
    for name in ("model.bin", "vocab.txt", "meta.json"):
        assert (d / name).is_file()
