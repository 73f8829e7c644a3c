"""Alignment of an original with its spun copy, and the ``compare`` command."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from restore import gold
from restore.align import align, split_sentences
from restore.cli import main

ROOT = Path(__file__).parent.parent
SEED = ROOT / "seeds" / "seed-000.txt"

ORIGINAL = (
    "The meeting took place hours before a scheduled phone call. "
    "Zelensky said the most tangible result was an agreement to exchange prisoners. "
    "Defense Minister Rustem Umerov led the delegation in Turkey. "
    "Hopefully it will be a productive day for everyone involved. "
    "The talks on May 15 showed our readiness to bring peace closer. "
    "Russia escalated its attacks over the weekend, including a large drone attack."
)
SPUN_SENTENCES = [
    "The assembly befell hours earlier than a scheduled cellphone name.",
    "Zelensky mentioned essentially the most tangible result was an settlement to trade prisoners.",
    "Protection Minister Rustem Umerov led the delegation in Turkey.",
    "Hopefully it will likely be a productive day for everyone involved.",
    "The talks on Could 15 showed our readiness to carry peace nearer.",
    "Russia escalated its assaults over the weekend, together with a large drone assault.",
]
BOILERPLATE = "Subscribe to our newsletter and support independent journalism today."


def _subs(al):
    return [(s.original, s.spun) for s in al.substitutions]


def test_split_sentences_keeps_offsets_and_abbreviations():
    text = "Talks between U.S. President Trump and Putin. They met on May 19! Did it help?\nYes."
    sents = split_sentences(text)
    assert [text[s.start:s.end] for s in sents] == [
        "Talks between U.S. President Trump and Putin.", "They met on May 19!", "Did it help?", "Yes."]
    for s in sents:
        assert all(text[t.start:t.end] == t.text for t in s.tokens)


def test_in_order_alignment_and_phrase_substitutions():
    al = align(ORIGINAL, " ".join(SPUN_SENTENCES))
    assert [p.kind for p in al.pairs] == ["aligned"] * 6
    subs = _subs(al)
    # adjacent changed words merge into one phrase-level substitution
    assert ("meeting took place", "assembly befell") in subs
    assert ("before", "earlier than") in subs
    assert ("phone call", "cellphone name") in subs
    assert ("will be", "will likely be") in subs
    assert ("May", "Could") in subs
    assert ("including", "together with") in subs
    # equal words are never part of a substitution unless anchoring an insertion
    assert not any(o.lower() == s.lower() for o, s in subs)
    assert al.copied_share == 1.0
    assert 0.2 < al.disguised_share < 0.5


def test_known_pairs_split_merged_blocks():
    # Seen on their own elsewhere, "assembly" -> "meeting" and "mentioned" -> "said" split
    # the merged blocks, so that the rest is a substitution of its own.
    original = ORIGINAL + " The meeting was short. Putin said nothing."
    spun = " ".join(SPUN_SENTENCES) + " The assembly was short. Putin mentioned nothing."
    subs = _subs(align(original, spun))
    assert ("meeting", "assembly") in subs and ("took place", "befell") in subs
    assert ("said", "mentioned") in subs and ("the most", "essentially the most") in subs


def test_punctuation_splits_a_block():
    al = align("He met officials, despite the rain.", "He met officers, regardless of the rain.")
    assert _subs(al) == [("officials", "officers"), ("despite", "regardless of")]


def test_substitution_offsets_are_exact():
    spun = " ".join(SPUN_SENTENCES)
    al = align(ORIGINAL, spun)
    for sub in al.substitutions:
        assert ORIGINAL[sub.orig_start:sub.orig_end] == sub.original
        assert spun[sub.spun_start:sub.spun_end] == sub.spun
        o = al.orig_sentences[sub.orig_sentence]
        s = al.spun_sentences[sub.spun_sentence]
        assert o.start <= sub.orig_start < sub.orig_end <= o.end
        assert s.start <= sub.spun_start < sub.spun_end <= s.end
    could = next(s for s in al.substitutions if s.spun == "Could")
    assert spun.index("Could 15") == could.spun_start
    assert ORIGINAL.index("May 15") == could.orig_start


def test_reordered_dropped_and_inserted_sentences():
    # spun order: 4, 0, BOILERPLATE, 5, 2, 1  (original sentence 3 dropped)
    order = [4, 0, None, 5, 2, 1]
    spun = " ".join(BOILERPLATE if k is None else SPUN_SENTENCES[k] for k in order)
    al = align(ORIGINAL, spun)
    mapping = {p.spun: p.orig for p in al.pairs if p.kind == "aligned"}
    assert mapping == {0: 4, 1: 0, 3: 5, 4: 2, 5: 1}
    assert [s.index for s in al.dropped] == [3]
    assert [spun[s.start:s.end] for s in al.inserted] == [BOILERPLATE]
    assert al.moved  # sentences out of order are reported as moved
    assert ("May", "Could") in _subs(al)
    assert ("meeting took place", "assembly befell") in _subs(al)
    # offsets stay exact after reordering
    for sub in al.substitutions:
        assert ORIGINAL[sub.orig_start:sub.orig_end] == sub.original
        assert spun[sub.spun_start:sub.spun_end] == sub.spun
    words_boilerplate = len(split_sentences(BOILERPLATE)[0].tokens)
    assert al.copied_share == pytest.approx(1 - words_boilerplate / al.spun_words)
    assert not any(s.spun_sentence == 2 for s in al.substitutions)


def test_inserted_boilerplate_between_lines_and_heavily_spun_sentence_in_place():
    original = "First line stays the same here.\nSecond line is about the war.\nThird line is about peace talks."
    spun = ("First line stays the same here.\nRead more: our newsletter.\nSecond line is concerning the battle.\n"
            "Third line is about peace talks.")
    al = align(original, spun)
    kinds = [p.kind for p in al.pairs]
    assert kinds == ["aligned", "inserted", "aligned", "aligned"]
    assert ("about the war", "concerning the battle") in _subs(al) or ("war", "battle") in _subs(al)


def test_identical_texts_have_no_substitutions():
    al = align(ORIGINAL, ORIGINAL)
    assert al.substitutions == []
    assert al.copied_share == 1.0 and al.disguised_share == 0.0


def test_empty_inputs():
    al = align("", "Some spun text.")
    assert al.copied_share == 0.0 and [p.kind for p in al.pairs] == ["inserted"]
    al = align("Some text.", "")
    assert [p.kind for p in al.pairs] == ["dropped"] and al.spun_words == 0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(SPUN_SENTENCES + [BOILERPLATE]), max_size=8))
def test_offsets_exact_for_any_arrangement(sentences):
    spun = " ".join(sentences)
    al = align(ORIGINAL, spun)
    for sub in al.substitutions:
        assert ORIGINAL[sub.orig_start:sub.orig_end] == sub.original
        assert spun[sub.spun_start:sub.spun_end] == sub.spun
    assert 0.0 <= al.copied_share <= 1.0 and 0.0 <= al.disguised_share <= 1.0


def test_seed_compare_finds_the_marked_substitutions():
    doc = gold.parse(SEED.read_text(encoding="utf-8"))
    al = align(doc.original, doc.spun)
    def hit(s, m):
        return s.spun_start < m.end and m.start < s.spun_end

    found = sum(1 for m in doc.marks if any(hit(s, m) for s in al.substitutions))
    spurious = [s for s in al.substitutions if not any(hit(s, m) for m in doc.marks)]
    assert found >= 0.95 * len(doc.marks)
    assert len(spurious) <= 2


# --------------------------------------------------------------------------- the command


@pytest.fixture
def pair(tmp_path):
    o = tmp_path / "original.txt"
    s = tmp_path / "spun.txt"
    o.write_text(ORIGINAL, encoding="utf-8")
    s.write_text(" ".join(SPUN_SENTENCES[:3] + [BOILERPLATE] + SPUN_SENTENCES[4:]), encoding="utf-8")
    return o, s


def test_compare_cli_inline(pair):
    o, s = pair
    result = CliRunner().invoke(main, ["compare", str(o), str(s)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "[-meeting took place-]{+assembly befell+}" in out
    assert "[-May-]{+Could+}" in out
    assert f"{{+{BOILERPLATE}+}}" in out
    assert "[-Hopefully it will be a productive day for everyone involved.-]" in out
    assert "copied:" in out and "disguised:" in out


def test_compare_cli_side_by_side(pair):
    o, s = pair
    result = CliRunner().invoke(main, ["compare", "--side-by-side", "-w", "100", str(o), str(s)])
    assert result.exit_code == 0, result.output
    assert "(dropped)" in result.output and "(inserted)" in result.output
    assert "{+assembly befell+}" in result.output and "[-meeting took place-]" in result.output
    assert " | " in result.output


def test_compare_cli_json(pair):
    o, s = pair
    result = CliRunner().invoke(main, ["compare", "-f", "json", str(o), str(s)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == "restore-text/compare/1"
    assert data["summary"]["dropped_sentences"] == 1 and data["summary"]["inserted_sentences"] == 1
    spun_text = s.read_text(encoding="utf-8")
    for sub in data["substitutions"]:
        assert spun_text[sub["spun_start"]:sub["spun_end"]] == sub["spun"]
        assert ORIGINAL[sub["original_start"]:sub["original_end"]] == sub["original"]
    befell = next(x for x in data["substitutions"] if x["spun"] == "assembly befell")
    assert befell["original"] == "meeting took place" and befell["kind"] == "phrase"


def test_compare_cli_html(pair, tmp_path):
    o, s = pair
    out = tmp_path / "cmp.html"
    result = CliRunner().invoke(main, ["compare", "-f", "html", "-o", str(out), str(o), str(s)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<ins" in page and "<del" in page and "befell" in page
    assert "http://" not in page and "https://" not in page


def test_compare_cli_unreadable_input_exits_3(pair, tmp_path):
    o, _ = pair
    result = CliRunner().invoke(main, ["compare", str(o), str(tmp_path / "missing.txt")])
    assert result.exit_code == 3
    binary = tmp_path / "bin.dat"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    result = CliRunner().invoke(main, ["compare", str(binary), str(o)])
    assert result.exit_code == 3
