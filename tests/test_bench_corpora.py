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
