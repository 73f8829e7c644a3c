"""choices._inside_longer_span agrees with the plain definition on random spans."""
import random

from restore.choices import _inside_longer_span


def _brute(spans, start, end):
    return any(a <= start and end <= b and b - a > end - start for a, b in spans)


def test_agrees_with_the_definition():
    rng = random.Random(7)
    for _ in range(300):
        spans = sorted((a, a + rng.randint(1, 12)) for a in (rng.randint(0, 60) for _ in range(rng.randint(0, 12))))
        inside = _inside_longer_span(spans)
        for _ in range(30):
            s = rng.randint(0, 70)
            e = s + rng.randint(1, 10)
            assert inside(s, e) == _brute(spans, s, e), (spans, s, e)
        for a, b in spans:  # a phrase is not inside itself, only inside a longer one
            assert inside(a, b) == _brute(spans, a, b)


def test_no_spans():
    assert not _inside_longer_span([])(3, 5)
