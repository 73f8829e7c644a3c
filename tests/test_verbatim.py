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


# --------------------------------------------------------------------------- markup

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Talks</title>
<style>
  .primary { display: block; }
</style>
<!-- primary assembly notes: essentially the most recent draft -->
</head>
<body>
<h1 class="essentially the most" title="primary">The primary assembly</h1>
<p>The talks on Could 19 were essentially the most productive, the president introduced.</p>
<form><select name="primary"><option value="Could">Could</option></select></form>
<script>
  var primary = document.getElementById("assembly");
  primary.style.display = "block";
</script>
<p>It was the primary direct encounter since 2022.</p>
</body>
</html>
"""


def test_html_markup_is_left_alone_and_the_visible_text_restored():
    r = restore.fix(PAGE)
    for s in r.spans:
        assert PAGE[s.start:s.end] == s.text
    for piece in ["<title>Talks</title>", "<style>\n  .primary { display: block; }\n</style>",
                  "<!-- primary assembly notes: essentially the most recent draft -->",
                  '<h1 class="essentially the most" title="primary">',
                  '<select name="primary"><option value="Could">', "</option></select>",
                  '<script>\n  var primary = document.getElementById("assembly");\n  primary.style.display = "block";\n</script>']:
        assert piece in r.text, (piece, r.text)
    # the text between the tags is prose, and is restored
    assert "<h1 class=\"essentially the most\" title=\"primary\">The first meeting</h1>" in r.text
    assert "<p>The talks on May 19 were the most productive, the president announced.</p>" in r.text
    assert "<p>It was the first direct encounter since 2022.</p>" in r.text
    # no span starts inside markup
    for s, e in stretches(PAGE):
        assert not any(s <= sp.start < e for sp in r.spans), PAGE[s:e]


MARKDOWN = """---
title: The primary assembly
primary: final
---

# Talks

The talks on Could 19 were essentially the most productive, the president introduced. See [the notes][primary].

    primary = assembly(final)
    print(primary)

It was the primary direct encounter since 2022.

[primary]: https://example.com/notes "The primary notes"
"""


def test_markdown_front_matter_link_labels_and_indented_code_are_left_alone():
    r = restore.fix(MARKDOWN)
    for piece in ["---\ntitle: The primary assembly\nprimary: final\n---\n", "[the notes][primary]",
                  "    primary = assembly(final)\n    print(primary)\n",
                  '[primary]: https://example.com/notes "The primary notes"']:
        assert piece in r.text, (piece, r.text)
    assert "The talks on May 19 were the most productive, the president announced." in r.text
    assert "It was the first direct encounter since 2022." in r.text


def test_prose_with_a_stray_angle_bracket_or_indented_paragraphs_is_still_prose():
    assert stretches("If x < y and y > z, the primary rule holds.") == []
    assert stretches("Write <primary> or <the final one> as you like.") == []  # no HTML element
    # plain text (no Markdown about it) with indented paragraphs: no code blocks
    plain = ("The primary assembly befell on Could 19.\n\n    It was essentially the most productive "
             "assembly, the president introduced.\n\n    The talks will resume.\n")
    assert stretches(plain) == []
    assert "the most productive meeting" in restore.fix(plain).text
    # in Markdown, a line indented under a list item continues the item: prose
    md = "# Notes\n\n- a first point\n    the primary continuation\n\n    code_here(primary)\n"
    got = [md[s:e] for s, e in stretches(md)]
    assert got == []  # still inside the list: the indented lines continue it
    md2 = "# Notes\n\nSome text.\n\n    code_here(primary)\n\nMore text.\n"
    assert [md2[s:e] for s, e in stretches(md2)] == ["    code_here(primary)\n"]


def test_unclosed_markup_is_no_markup():
    assert stretches("<!-- never closed, the primary one") == []
    assert stretches("<script>never closed") == [(0, 8)]  # the tag itself, not the rest
    # Many unclosed openers: no comment, no script element, only the well-formed tags. (The
    # scan stops at the first unclosed comment and searches once per raw kind, so this is
    # one pass; a quadratic search would make the suite crawl here.)
    text = "<!--" * 50_000 + "<a b c d e f" * 20_000 + "<script>" * 20_000
    found = stretches(text)
    assert found and all(text[s:e].startswith("<script>") for s, e in found)
