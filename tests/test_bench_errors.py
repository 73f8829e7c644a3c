"""The benchmark's error listing (benchmarks/run.py), which scripts/eval_gold.py prints."""
import sys
from pathlib import Path

import pytest

from restore import gold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
run = pytest.importorskip("benchmarks.run")

DOC = gold.parse("Sales fell [[final yr=>last year]], the [[agency=>firm]] said.")


def _mark(spun: str) -> gold.Mark:
    return next(m for m in DOC.marks if m.spun == spun)


def test_two_edits_that_restore_a_mark_together_count_as_restoring_it():
    m = _mark("final yr")
    a = DOC.spun.index("final")
    edits = [(a, a + 5, "last"), (a + 6, a + 8, "year")]
    assert run.edits_restore(DOC, m, edits)
    # Each edit alone leaves the mark half restored.
    assert not run.edits_restore(DOC, m, edits[:1])
    assert not run.edits_restore(DOC, m, edits[1:])


def test_a_wrong_original_or_no_edit_does_not_restore_a_mark():
    m = _mark("agency")
    a = DOC.spun.index("agency")
    assert run.edits_restore(DOC, m, [(a, a + 6, "firm")])
    assert not run.edits_restore(DOC, m, [(a, a + 6, "company")])
    assert not run.edits_restore(DOC, m, [])


def test_an_optional_mark_restored_to_something_else_is_listed():
    g = gold.parse("The show [[stays=>remains|stays?]] popular, officials said.")

    class Span:
        def __init__(self, start, end, text, suggestion):
            self.start, self.end, self.text, self.suggestion = start, end, text, suggestion
            self.applied, self.confidence, self.rule = True, 0.9, "spinner:stays"

    class Result:
        pass

    a = g.spun.index("stays")
    r = Result()
    r.spans = [Span(a, a + 5, "stays", "lives")]
    r.spin_score = 1.0
    kinds = [e["kind"] for e in run._mark_errors("x", g, r)]
    assert kinds == ["wrong (optional)"]
    r.spans = [Span(a, a + 5, "stays", "remains")]
    assert run._mark_errors("x", g, r) == []
