"""The benchmark's clean sets read from a WordNet installation laid out as Debian's
wordnet-base lays it out (benchmarks.corpora.wordnet_examples, wordnet_definitions)."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
corpora = pytest.importorskip("benchmarks.corpora")

DATA_NOUN = (
    "  1 This software and database is being provided to you, the LICENSEE, by\n"
    "  2 Princeton University \"under the following license\" of some length\n"
    "03667380 06 n 01 medal 0 000 | an award for winning a championship or commemorating some other event; "
    "\"he received a medal for valor\"; \"short\"\n"
    "03667381 06 n 01 medal 0 000 | the same gloss again; \"he received a medal for valor\"\n"
    "03667382 06 n 01 thing 0 000 no gloss at all \"a quotation outside any gloss here\"\n"
)


def test_example_sentences_are_the_quoted_strings_of_the_glosses(tmp_path, monkeypatch):
    (tmp_path / "data.noun").write_text(DATA_NOUN, encoding="latin-1")
    monkeypatch.setattr(corpora, "WORDNET_DIR", tmp_path)
    # once each; not the licence header, not a string under 20 characters, not outside a gloss
    assert corpora.wordnet_examples() == ["he received a medal for valor"]


def test_definitions_are_the_glosses_without_their_examples(tmp_path, monkeypatch):
    (tmp_path / "data.noun").write_text(DATA_NOUN, encoding="latin-1")
    monkeypatch.setattr(corpora, "WORDNET_DIR", tmp_path)
    # the first definition of each gloss, six words or more, once; never a quoted example
    assert corpora.wordnet_definitions() == [
        "An award for winning a championship or commemorating some other event."]


def test_definitions_come_ten_to_a_paragraph_in_a_fixed_order(tmp_path, monkeypatch):
    lines = [f"{k:08d} 06 n 01 w{k} 0 000 | definition number {k} of some word here; \"an example\""
             for k in range(25)]
    (tmp_path / "data.noun").write_text("\n".join(lines) + "\n", encoding="latin-1")
    monkeypatch.setattr(corpora, "WORDNET_DIR", tmp_path)
    paragraphs = corpora.wordnet_definitions()
    assert [p.count(".") for p in paragraphs] == [10, 10, 5]
    assert paragraphs == corpora.wordnet_definitions()  # the same order every run
    sentences = [s for p in paragraphs for s in p.split(". ")]
    assert sentences != sorted(sentences)  # not sorted: no paragraph of one opening word


def test_no_wordnet_is_reported_as_absent(tmp_path, monkeypatch):
    monkeypatch.setattr(corpora, "WORDNET_DIR", tmp_path / "missing")
    assert corpora.wordnet_examples() is None
    assert corpora.wordnet_definitions() is None


systemdocs = pytest.importorskip("benchmarks.systemdocs")


def test_system_docs_keep_paragraphs_of_prose_only():
    body = ("       The query is sent to the server when you press enter, and the result is shown\n"
            "       below the prompt unless the output is redirected to a file.\n")
    code = "           SELECT * FROM t\n           WHERE a = 1;\n"
    listing = "- one\n- two\n- three\n"
    short = "       See also psql.\n"
    text = "\n".join([body, code, listing, short])
    # A man page's body is indented: what is indented further is code.
    assert systemdocs.prose(text) == ("The query is sent to the server when you press enter, and the result is "
                                      "shown below the prompt unless the output is redirected to a file.")
