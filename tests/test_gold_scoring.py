"""Region scoring of the gold markup (restore.gold.score), on small inline documents."""
from restore import gold


def _edit(doc: gold.GoldDocument, found: str, replacement: str, occurrence: int = 0):
    start = -1
    for _ in range(occurrence + 1):
        start = doc.spun.index(found, start + 1)
    return (start, start + len(found), replacement)


def test_parse_round_trip():
    g = gold.parse("Zelensky [[mentioned=>said]] it on [[Could=>May]] 19.")
    assert g.spun == "Zelensky mentioned it on Could 19."
    assert g.original == "Zelensky said it on May 19."
    assert [(m.spun, m.alternatives, m.optional) for m in g.marks] == [
        ("mentioned", ("said",), False), ("Could", ("May",), False)]
    assert g.spun[g.marks[1].start:g.marks[1].end] == "Could"


def test_alternatives_and_optional_marker():
    g = gold.parse("to [[judge=>assess|evaluate?]] the [[result=>outcome|results?]]")
    assert g.marks[0].alternatives == ("assess", "evaluate") and g.marks[0].optional
    assert g.marks[1].alternatives == ("outcome", "results") and g.marks[1].optional


def test_correct_restoration_is_true_positive():
    g = gold.parse("He [[mentioned=>said]] it was an [[settlement=>agreement]].")
    sc = gold.score(g, [_edit(g, "mentioned", "said"), _edit(g, "settlement", "agreement")])
    assert (sc.tp, sc.fp, sc.fn) == (2, 0, 0)
    assert sc.precision == 1.0 and sc.recall == 1.0 and sc.f1 == 1.0


def test_missed_mark_is_false_negative():
    g = gold.parse("He [[mentioned=>said]] it was an [[settlement=>agreement]].")
    sc = gold.score(g, [_edit(g, "mentioned", "said")])
    assert (sc.tp, sc.fp, sc.fn) == (1, 0, 1)
    assert sc.recall == 0.5 and sc.precision == 1.0


def test_wrong_restoration_counts_as_false_negative_and_false_positive():
    g = gold.parse("the [[battle=>war]] ended")
    sc = gold.score(g, [_edit(g, "battle", "fight")])
    assert (sc.tp, sc.fp, sc.fn) == (0, 1, 1)


def test_any_listed_alternative_is_accepted():
    g = gold.parse("to [[judge=>assess|evaluate]] it")
    assert gold.score(g, [_edit(g, "judge", "evaluate")]).tp == 1
    assert gold.score(g, [_edit(g, "judge", "assess")]).tp == 1


def test_edit_outside_marks_is_false_positive():
    g = gold.parse("The [[assembly=>meeting]] was long.")
    sc = gold.score(g, [_edit(g, "assembly", "meeting"), _edit(g, "long", "lengthy")])
    assert (sc.tp, sc.fp, sc.fn) == (1, 1, 0)
    assert sc.precision == 0.5


def test_optional_mark_neither_credited_nor_penalised():
    g = gold.parse("[[although=>though|although?]] it rained")
    assert (lambda s: (s.tp, s.fp, s.fn))(gold.score(g, [])) == (0, 0, 0)
    assert (lambda s: (s.tp, s.fp, s.fn))(gold.score(g, [_edit(g, "although", "though")])) == (0, 0, 0)
    # ... but restoring it to something unlisted is a false positive
    assert (lambda s: (s.tp, s.fp, s.fn))(gold.score(g, [_edit(g, "although", "while")])) == (0, 1, 0)


def test_one_edit_over_two_adjacent_marks():
    g = gold.parse("met with [[high=>top]] [[officers=>officials]] today")
    sc = gold.score(g, [_edit(g, "high officers", "top officials")])
    assert (sc.tp, sc.fp, sc.fn) == (2, 0, 0)
    half = gold.score(g, [_edit(g, "high officers", "top officers")])
    assert (half.tp, half.fp, half.fn) == (0, 1, 2)


def test_overlapping_edits_in_one_region():
    g = gold.parse("[[essentially the most=>the most]] tangible result")
    # Two edits that together give the original: the region is correct.
    sc = gold.score(g, [_edit(g, "essentially ", ""), _edit(g, "the most", "the most")])
    assert (sc.tp, sc.fp, sc.fn) == (1, 0, 0)
    # An edit covering only part of the mark leaves the region wrong.
    sc = gold.score(g, [_edit(g, "essentially", "basically")])
    assert (sc.tp, sc.fp, sc.fn) == (0, 1, 1)


def test_edit_extending_over_article_is_one_region():
    g = gold.parse("a framework [[an honest=>a decent]] enough")
    sc = gold.score(g, [_edit(g, "an honest", "a decent")])
    assert (sc.tp, sc.fp, sc.fn) == (1, 0, 0)
    g2 = gold.parse("within an [[honest=>decent]] framework")
    wrong_article = gold.score(g2, [_edit(g2, "an honest", "an decent")])
    assert (wrong_article.tp, wrong_article.fn) == (1, 0)  # region text 'an decent' == 'an' + 'decent'
    changed_article = gold.score(g2, [_edit(g2, "an honest", "a decent")])
    assert (changed_article.tp, changed_article.fp, changed_article.fn) == (0, 1, 1)


def test_case_and_white_space_are_folded():
    g = gold.parse("on [[Could=>May]] 19 the [[cellphone name=>phone call]] began")
    sc = gold.score(g, [_edit(g, "Could", "MAY"), _edit(g, "cellphone name", "phone   call")])
    assert (sc.tp, sc.fp, sc.fn) == (2, 0, 0)
    curly = gold.parse("it [[doesn’t=>does not|doesn't]] matter")
    assert gold.score(curly, [_edit(curly, "doesn’t", "doesn't")]).tp == 1


def test_no_edits_no_marks():
    g = gold.parse("Nothing was changed here.")
    sc = gold.score(g, [])
    assert (sc.tp, sc.fp, sc.fn) == (0, 0, 0)
    assert sc.precision == 1.0 and sc.recall == 1.0


def test_scores_add_up():
    a = gold.parse("[[battle=>war]] one")
    b = gold.parse("two [[battle=>war]]")
    total = gold.Score()
    total += gold.score(a, [_edit(a, "battle", "war")])
    total += gold.score(b, [])
    assert (total.tp, total.fp, total.fn) == (1, 0, 1)


# --- score_curve: the same figures as score at every threshold -------------------------

from hypothesis import given, settings
from hypothesis import strategies as st

_WORDS = ["battle", "war", "Could", "May", "final", "last", "yr", "year", "the", "of", ""]


@st.composite
def _marked_with_edits(draw):
    """A small marked document, and edits over it that overlap, nest, touch, sit at zero
    width, and restore or fail to restore, each with a confidence."""
    pieces = []
    for _ in range(draw(st.integers(1, 6))):
        spun, orig = draw(st.sampled_from(_WORDS[:-1])), draw(st.sampled_from(_WORDS))
        optional = draw(st.booleans()) and orig
        pieces.append(f"[[{spun}=>{orig}{'?' if optional else ''}]]" if draw(st.booleans()) else spun)
    g = gold.parse(" ".join(pieces) + ".")
    n = len(g.spun)
    edits = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, n))
        end = draw(st.integers(start, min(n, start + 12)))
        edits.append((start, end, draw(st.sampled_from(_WORDS)), draw(st.sampled_from([0.3, 0.45, 0.5, 0.7, 0.95]))))
    return g, edits


@settings(max_examples=300, deadline=None)
@given(_marked_with_edits())
def test_score_curve_matches_score_at_every_threshold(case):
    g, edits = case
    thresholds = (0.3, 0.4, 0.5, 0.6, 0.9, 0.99)
    curve = gold.score_curve(g, edits, thresholds)
    assert set(curve) == set(thresholds)
    for t in thresholds:
        direct = gold.score(g, [e[:3] for e in edits if e[3] >= t])
        assert (curve[t].tp, curve[t].fp, curve[t].fn) == (direct.tp, direct.fp, direct.fn), t


def test_score_curve_counts_untouched_marks_at_every_threshold():
    g = gold.parse("He [[mentioned=>said]] it on [[Could=>May]] 19 in [[battle=>war]].")
    curve = gold.score_curve(g, [(*_edit(g, "Could", "May"), 0.8), (*_edit(g, "battle", "fight"), 0.6)], (0.5, 0.7, 0.9))
    assert [(curve[t].tp, curve[t].fp, curve[t].fn) for t in (0.5, 0.7, 0.9)] == [(1, 1, 2), (1, 0, 2), (0, 0, 3)]
