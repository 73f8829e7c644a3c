"""Every curated entry carries examples it must fix and examples it must leave alone.

``fix`` examples run with ``assume_spun=True`` (the entry's job is to restore damage in a
spun document); ``keep`` examples run with default settings and must come back unchanged;
``keep_spun`` examples must get no applied span from the entry even in a spun document.
"""
import pytest

import restore
from restore import Config, gold, lexicon
from restore.engine import candidates

LEX = lexicon.load()
CURATED = [e for e in LEX.entries.values() if e.kind == "curated"]


def test_curated_entries_exist_and_carry_examples():
    assert len(CURATED) >= 100
    missing = [e.id for e in CURATED if not e.fix or not e.keep]
    assert not missing, f"entries without fix/keep examples: {missing[:20]}"


FIX_CASES = [(e.id, ex) for e in CURATED for ex in e.fix]
KEEP_CASES = [(e.id, ex) for e in CURATED for ex in e.keep]
KEEP_SPUN_CASES = [(e.id, ex) for e in CURATED for ex in e.keep_spun]


@pytest.mark.parametrize("entry_id,example", FIX_CASES, ids=[f"{i}:{n}" for n, (i, _) in enumerate(FIX_CASES)])
def test_fix_examples(entry_id, example):
    doc = gold.parse(example)
    assert doc.marks, f"{entry_id}: fix example has no [[spun=>original]] mark"
    result = restore.fix(doc.spun, assume_spun=True)
    applied = [s for s in result.spans if s.applied]
    score = gold.score(doc, [(s.start, s.end, s.suggestion) for s in applied])
    proposed = candidates(doc.spun, Config(assume_spun=True))
    right = {gold._norm(a) for m in doc.marks for a in m.alternatives}
    by_entry = [row for row in proposed if entry_id in row["rules"]
                and any(m.start < row["end"] and row["start"] < m.end for m in doc.marks)]
    if _needs_support(LEX.entries[entry_id]):
        # A phrase that is also ordinary English carries a standing negative weight: it is
        # a risk marker that is applied only with support. It must still be proposed.
        assert any(gold._norm(row["original"]) in right for row in by_entry), (
            f"{entry_id}: the right original is not proposed for {doc.spun!r}")
        return
    assert score.fn == 0, f"{entry_id}: not restored: {doc.spun!r} -> {result.text!r}"
    # The entry itself must propose the restoration (another entry may win an overlap
    # with the same result, e.g. a table row inside a longer curated phrase).
    assert any(s.rule == entry_id for s in applied) or by_entry, (
        f"{entry_id}: restored by {[s.rule for s in applied]}; the entry proposed nothing here")


def _needs_support(entry) -> bool:
    return any(r.left is not None and r.left.pattern == "" and r.right is None and r.weight < 0
               for r in entry.evidence)


@pytest.mark.parametrize("entry_id,example", KEEP_CASES, ids=[f"{i}:{n}" for n, (i, _) in enumerate(KEEP_CASES)])
def test_keep_examples(entry_id, example):
    result = restore.fix(example)
    assert result.text == example, f"{entry_id}: clean text changed: {[(s.text, s.suggestion, s.rule) for s in result.applied]}"


@pytest.mark.parametrize("entry_id,example", KEEP_SPUN_CASES,
                         ids=[f"{i}:{n}" for n, (i, _) in enumerate(KEEP_SPUN_CASES)])
def test_keep_spun_examples(entry_id, example):
    result = restore.fix(example, assume_spun=True)
    assert not [s for s in result.applied if s.rule == entry_id], f"{entry_id} fired on {example!r}"
