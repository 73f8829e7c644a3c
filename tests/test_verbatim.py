"""Web addresses, e-mail addresses and code are never edited, even in a spun document."""
import restore
from restore.verbatim import stretches

SPUN = ("It's essentially the most frequent query we get. The corporate stated the repair was "
        "arduous, so here is the code:\n\n")


def _check(text: str, untouched: list[str]) -> restore.Restoration:
    r = restore.fix(text)
    for s in r.spans:
        assert text[s.start:s.end] == s.text
    for piece in untouched:
        assert piece in r.text, (piece, r.text)
    assert "the most" in r.text and "The company said" in r.text  # the prose is still restored
    return r


def test_fenced_code_is_left_alone():
    code = '```python\ndef parse(final, stated=None):\n    # the downside: yr may be missing\n    return final.split("/")\n```\n'
    _check(SPUN + code, [code])


def test_an_unclosed_fence_runs_to_the_end():
    code = "~~~\nfinal = stated(yr)\n"
    _check(SPUN + code, [code])


def test_inline_code_urls_and_emails_are_left_alone():
    tail = ("Run `parse(final)` or ``stated yr`` and visit https://example.com/stated/downside?yr=2020 "
            "or www.corporate.com/final, or email officers@corporate.com for details.\n")
    _check(SPUN + tail, ["`parse(final)`", "``stated yr``", "https://example.com/stated/downside?yr=2020",
                         "www.corporate.com/final", "officers@corporate.com"])


def test_stretches():
    text = "a `b` c https://x.org/d e\n```\nf\n```\ng"
    assert [text[s:e] for s, e in stretches(text)] == ["`b`", "https://x.org/d", "```\nf\n```"]
    assert stretches("Plain prose, with no code at all.") == []


def test_a_code_span_opens_only_at_a_whole_backtick_run():
    # CommonMark: "``foo`" has no code span (the run of two is never closed); starting
    # inside the run used to read "`foo`" as code.
    assert stretches("``foo` and final") == []
    assert stretches("a ``x`y`` b") == [(2, 9)]


def test_long_runs_of_fence_characters_are_no_code_and_no_error():
    # These took quadratic time (50,000 backticks: 16 s); now one pass each.
    for ch in "`~":
        text = ch * 50_000 + " final"
        assert stretches(text) == []
        assert restore.fix(text).text == text
