"""The emulated spinner of the benchmark (benchmarks/emulate.py), on small inline text."""
import re
import sys
from pathlib import Path

import pytest

from restore import gold

# benchmarks/ lives in the checkout beside tests/ (it is not part of the installed package).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
emulate = pytest.importorskip("benchmarks.emulate")

TEXT = (
    "Zelensky said on May 19 that the war was the most important issue. "
    "MAY THE WAR END SOON, he said. An agreement was reached; officials said the agreement holds.\n"
    "Defense Minister Umerov said the meeting took place before the call."
)


PAIRS = [  # (source, original, spun form, weight)
    ("habit", "may", "could", 1.0),
    ("habit", "said", "mentioned", 0.6),
    ("habit", "said", "stated", 0.4),
    ("habit", "war", "battle", 1.0),
    ("habit", "the most", "essentially the most", 1.0),
    ("habit", "agreement", "settlement", 1.0),
    ("habit", "took place", "befell", 1.0),
    ("habit", "before", "earlier than", 1.0),
    ("habit", "defense", "protection", 1.0),
    ("thesaurus", "meeting", "assembly", 0.5),
    ("thesaurus", "meeting", "conference", 0.5),
    ("thesaurus", "important", "significant", 1.0),
]


def _dictionary():
    d = emulate.Dictionary()
    for pair in PAIRS:
        d.add(*pair)
    return d


def _spinner(seed=0, **kw):
    kw.setdefault("rate", (1.0, 1.0))
    kw.setdefault("thesaurus_share", 1.0)
    return emulate.Spinner(seed, dictionary=_dictionary(), **kw)


def test_marks_parse_and_remove_to_spun_text():
    marked = _spinner().spin(TEXT, "doc-1")
    g = gold.parse(marked)
    assert g.marks
    assert g.original == TEXT
    assert re.sub(r"\[\[(.*?)=>.*?\]\]", r"\1", marked, flags=re.S) == g.spun
    for m in g.marks:
        assert g.spun[m.start:m.end] == m.spun
        assert not m.optional


def test_habits_applied_with_case_kept():
    g = gold.parse(_spinner().spin(TEXT, "doc-1"))
    pairs = {(m.spun, m.alternatives[0]) for m in g.marks}
    assert ("Could", "May") in pairs
    assert ("COULD", "MAY") in pairs and ("BATTLE", "WAR") in pairs
    assert ("essentially the most", "the most") in pairs
    assert ("befell", "took place") in pairs
    assert ("earlier than", "before") in pairs
    assert ("Protection", "Defense") in pairs  # names made of ordinary words get damaged
    assert "Could 19" in g.spun


def test_same_word_same_replacement_throughout_document():
    g = gold.parse(_spinner().spin(TEXT, "doc-1"))
    said = {m.spun.lower() for m in g.marks if m.alternatives[0].lower() == "said"}
    assert len(said) == 1
    assert sum(1 for m in g.marks if m.alternatives[0].lower() == "said") == 4


def test_articles_left_unchanged():
    g = gold.parse(_spinner().spin(TEXT, "doc-1"))
    assert "An settlement" in g.spun
    assert not any("an" == m.spun.lower().split()[0] for m in g.marks)


def test_deterministic_per_seed_and_document():
    a = _spinner(3, rate=(0.5, 0.5), thesaurus_share=0.5).spin(TEXT, "doc-1")
    b = _spinner(3, rate=(0.5, 0.5), thesaurus_share=0.5).spin(TEXT, "doc-1")
    assert a == b
    outputs = {_spinner(s, rate=(0.5, 0.5), thesaurus_share=0.5).spin(TEXT, f"doc-{k}")
               for s in range(4) for k in range(4)}
    assert len(outputs) > 1


def test_rate_zero_changes_nothing():
    marked = _spinner(rate=(0.0, 0.0)).spin(TEXT, "doc-1")
    assert marked == TEXT


def test_digits_acronyms_and_hyphenated_words_left_alone():
    d = emulate.Dictionary()
    d.add("habit", "war", "battle", 1.0)
    d.add("habit", "nato", "alliance", 1.0)
    sp = emulate.Spinner(0, rate=(1.0, 1.0), dictionary=d)
    g = gold.parse(sp.spin("The post-war NATO summit; the war ended.", "x"))
    assert [m.spun for m in g.marks] == ["battle"]


def test_refuses_text_with_markup():
    with pytest.raises(ValueError):
        _spinner().spin("a [[b=>c]] d", "x")
    assert not emulate.usable("x => y")


def test_a_possessive_pair_does_not_spin_the_bare_word():
    """Tokens split the "'s" off, so "war's" -> "battle's" would share the key of "war":
    the bare word must never come out as "battle's", and a possessive keeps its "'s"
    outside the mark (the engine restores "battle's" as "war's")."""
    d = _dictionary()
    d.add("habit", "war's", "battle's", 1.0)
    marked = emulate.Spinner(0, rate=(1.0, 1.0), dictionary=d).spin("The war's end came after the war.", "doc")
    assert "battle's=>" not in marked
    assert marked.count("[[battle=>war]]") == 2
    assert "[[battle=>war]]'s end" in marked
