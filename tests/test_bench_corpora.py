"""The benchmark's clean sentence set (benchmarks.corpora.wordnet_examples), read from a
WordNet installation laid out as Debian's wordnet-base lays it out."""
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


def test_no_wordnet_is_reported_as_absent(tmp_path, monkeypatch):
    monkeypatch.setattr(corpora, "WORDNET_DIR", tmp_path / "missing")
    assert corpora.wordnet_examples() is None


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
