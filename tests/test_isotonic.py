"""The calibration fit (scripts/fit_scoring.isotonic), weighted and not: the final map that
scripts/calibrate_final.py ships is one of these."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from fit_scoring import isotonic  # noqa: E402


def _data(seed: int, n: int = 2000):
    rng = np.random.default_rng(seed)
    p = rng.random(n)
    return p, (rng.random(n) < p ** 1.5).astype(float)


@pytest.mark.parametrize("seed", range(5))
def test_the_map_rises_and_stays_inside_the_unit_interval(seed):
    xs, ys = isotonic(*_data(seed), min_block=40, smooth=1.0)
    assert xs == sorted(xs) and ys == sorted(ys)
    assert 0 < ys[0] and ys[-1] < 1  # smoothing: no knot claims certainty


@pytest.mark.parametrize("seed", range(5))
def test_equal_weights_change_nothing(seed):
    p, y = _data(seed)
    plain = isotonic(p, y, min_block=40, smooth=1.0)
    weighted = isotonic(p, y, min_block=40, smooth=1.0, weights=np.full(len(p), 3.0))
    assert np.allclose(plain[0], weighted[0]) and np.allclose(plain[1], weighted[1], atol=1e-6)


def test_a_weight_of_two_counts_as_the_observation_twice():
    p, y = _data(7, 600)
    w = np.where(np.arange(len(p)) % 3 == 0, 2.0, 1.0)
    twice = np.repeat(np.arange(len(p)), w.astype(int))
    a = isotonic(p, y, min_block=1, weights=w)
    b = isotonic(p[twice], y[twice], min_block=1)
    assert np.allclose(a[0], b[0]) and np.allclose(a[1], b[1])


def test_weights_pull_the_map_towards_the_heavier_kind():
    # Two kinds of text that disagree: at the same confidences one is right 80% of the
    # time, the other 40%. The fitted share follows the weight each is given.
    p = np.full(400, 0.6)
    y = np.concatenate([np.arange(200) % 5 != 0, np.arange(200) % 5 < 2]).astype(float)
    for share, expected in ((0.5, 0.6), (0.75, 0.7), (0.25, 0.5)):
        w = np.concatenate([np.full(200, share), np.full(200, 1 - share)])
        _, ys = isotonic(p, y, min_block=len(p), weights=w)  # one block: its weighted share
        assert ys == [pytest.approx(expected, abs=1e-6)]
