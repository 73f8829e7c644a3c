"""Soft tells of one spun form count at most FORM_REPEATS times (engine.few_per_form). A
spinner swaps many different words; a clean manual says its own word ("query") again and
again, and each time the language model prefers the spinner's original ("question")."""
import pytest

import restore
from restore import engine
from restore.matcher import Match
from restore.tokens import tokenize

MANUAL = "\n\n".join([
    "The query is sent to the server when you press enter. If the query fails, the error is "
    "shown below it. You can edit the last query with the built-in editor, and the edited query "
    "is run again when you save. A long query may be split over several lines; the prompt "
    "changes until the query ends with a semicolon."] * 6)


def test_a_page_that_repeats_its_own_word_reads_as_clean():
    result = restore.fix(MANUAL)
    assert result.text == MANUAL
    assert result.spin_score < 0.5


def test_counted_each_time_the_same_page_read_as_spun(monkeypatch):
    monkeypatch.setattr(engine, "FORM_REPEATS", 10**6)
    result = restore.fix(MANUAL)
    assert result.spin_score > 0.5 and result.applied


def test_each_form_is_kept_at_most_form_repeats_times_the_first_ones():
    tokens = tokenize("a query b query c queries d query e in order to f in order to g query")
    keys = [t.key for t in tokens]

    def match(i: int, n: int = 1) -> tuple[Match, str]:
        return Match(i, i + n, tokens[i].start, tokens[i + n - 1].end, []), "x"

    candidates = [match(i) for i, k in enumerate(keys) if k in ("query", "queries")]
    candidates += [match(i, 3) for i, k in enumerate(keys) if k == "in"]
    positions = sorted(m.tok_start for m, _ in candidates)
    kept = engine.few_per_form(positions, candidates, tokens)
    queries = [i for i in kept if keys[i] == "query"]
    assert queries == [i for i, k in enumerate(keys) if k == "query"][:engine.FORM_REPEATS]
    assert [i for i in kept if keys[i] == "queries"] == [keys.index("queries")]  # another form
    assert [i for i in kept if keys[i] == "in"] == [i for i, k in enumerate(keys) if k == "in"]  # a three-word form, twice


HELP = ("--proxy-server=host:port Use a specified proxy server. Overrides any environment variables "
        "or settings picked via the options dialog.\n\n"
        "--proxy-auto-detect Autodetect proxy configuration. Overrides any environment variables or "
        "settings picked via the options dialog.\n\n"
        "--proxy-pac-url=URL Specify proxy autoconfiguration URL. Overrides any environment variables "
        "or settings picked via the options dialog.")


def test_a_passage_of_two_words_said_again_and_again_opens_no_stretch():
    # A long clean page (benchmarks/data/clean-genres) with a browser manual's option list
    # pasted in: "via" and "dialog" are six soft tells of two words. Counted as six, the
    # regional model read the list as a spun passage ("via" -> "through", "dialog" ->
    # "conversation").
    from pathlib import Path
    page = (Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "clean-genres"
            / "r16-01-recipe-beef-and-ale-stew.txt").read_text(encoding="utf-8").strip()
    text = page + "\n\n" + HELP + "\n"
    assert restore.fix(text).text == text
