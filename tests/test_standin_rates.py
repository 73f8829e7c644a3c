"""How often gold-restored spun text had flagged words as a swap (restore.standin_rates)
moves a finding's confidence: up for words that were mostly a swap, down for words that were
mostly the writer's own."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

import restore
from restore import gold, standin_rates

ROOT = Path(__file__).resolve().parent.parent

SPUN = ("Officials mentioned the assembly befell on Could 19, and essentially the most senior "
        "respectable stated the final choice would come quickly.")


@pytest.fixture
def counts():
    """Use the counts a test gives, and the shipped table again afterwards."""
    yield standin_rates.use_counts
    standin_rates.use_counts(None)


def test_the_rate_is_centred_on_the_average_flagged_occurrence(counts):
    counts({"befell": (9, 0), "officers": (1, 9)})
    befell = min(standin_rates.CLIP, math.log(10))  # log(1 + 9) - log(1 + 0), clipped
    officers = math.log(2) - math.log(10)
    centre = (9 * befell + 10 * officers) / 19  # weighted by how often each was flagged
    assert standin_rates.standin_rate("befell") == pytest.approx(befell - centre)
    assert standin_rates.standin_rate("Officers") == pytest.approx(officers - centre)
    assert standin_rates.standin_rate("befell") > 0 > standin_rates.standin_rate("officers")


def test_words_never_flagged_in_the_gold_are_average(counts):
    counts({"befell": (9, 0), "officers": (1, 9)})
    assert standin_rates.standin_rate("battle") == 0.0


def test_the_rate_is_clipped(counts):
    counts({"essentially the most": (500, 0), "said": (0, 500)})
    assert standin_rates.standin_rate("essentially the most") - standin_rates.standin_rate("said") == pytest.approx(
        2 * standin_rates.CLIP)


def test_the_key_is_folded_and_spaces_are_one():
    assert standin_rates.standin_key("Essentially\n the  MOST") == "essentially the most"


def _confidence(text: str, found: str) -> float:
    spans = [s for s in restore.fix(text, assume_spun=True).spans if s.text == found]
    assert spans, f"{found!r} not reported in {text!r}"
    return spans[0].confidence


def test_a_table_finding_rises_and_falls_with_its_words_rate(counts):
    """The same finding is more confident where the gold had its words mostly as a swap than
    where it had them mostly as the writer's own, and the reviewer is told why."""
    counts({"choice": (40, 0), "filler": (5, 5)})
    high = _confidence(SPUN, "choice")
    counts({"choice": (0, 40), "filler": (5, 5)})
    low = _confidence(SPUN, "choice")
    assert high > low
    span = [s for s in restore.fix(SPUN, assume_spun=True).spans if s.text == "choice"][0]
    assert "where gold-restored spun text had these words, they were a swap 0 times and the writer's own 40 times" \
        in span.evidence


def test_a_curated_entry_only_ever_falls(counts):
    """A curated entry's own context rules tell its words' uses apart: counts that say its
    words were mostly a swap do not raise it, counts that say they were mostly the writer's
    lower it."""
    counts({})
    plain = _confidence(SPUN, "essentially the most")
    counts({"essentially the most": (40, 0), "filler": (5, 5)})
    assert _confidence(SPUN, "essentially the most") == pytest.approx(plain)
    counts({"essentially the most": (0, 40), "filler": (5, 5)})
    assert _confidence(SPUN, "essentially the most") < plain


def test_a_curated_entry_whose_context_cue_fired_is_not_moved(counts):
    """The counts are made over all uses of the words; where the entry's own context cue
    fired ("befell on Could 19": intransitive, 'took place'), this is the use the entry is
    for, and counts that say the words were mostly the writer's elsewhere do not lower it."""
    counts({})
    plain = _confidence(SPUN, "befell")
    counts({"befell": (0, 40), "filler": (5, 5)})
    assert _confidence(SPUN, "befell") == pytest.approx(plain)


def test_a_users_own_entry_is_not_moved(tmp_path, counts):
    own = tmp_path / "mine.toml"
    own.write_text('[[entry]]\nid = "mine.zorbly"\nspun = ["zorbly"]\noriginals = ["quickly"]\nprior = 0.9\n'
                   'tell = false\ncase = "any"\ninflect = ""\nprovenance = "test"\n'
                   'fix = ["It moved [[zorbly=>quickly]]."]\nkeep = ["It moved quickly."]\n', encoding="utf-8")
    text = SPUN + " The queue moved zorbly."

    def conf() -> float:
        spans = [s for s in restore.fix(text, assume_spun=True, lexicons=[own]).spans if s.text == "zorbly"]
        assert spans
        return spans[0].confidence

    counts({})
    plain = conf()
    counts({"zorbly": (0, 40), "filler": (5, 5)})
    assert conf() == pytest.approx(plain)


def test_the_shipped_table_counts_the_seeds_stand_ins():
    """The shipped table is counted from the gold (scripts/fit_standin_rates.py): the seed's
    multiword stand-ins are there, marked, and the counts are whole numbers."""
    rows = {}
    for line in (ROOT / "lexicons" / "model" / standin_rates.TABLE_NAME).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("found\t") or not line.strip():
            continue
        found, marked, unmarked = line.split("\t")
        assert int(marked) >= 0 and int(unmarked) >= 0 and int(marked) + int(unmarked) > 0
        rows[found] = (int(marked), int(unmarked))
    seed = gold.parse((ROOT / "seeds" / "seed-000.txt").read_text(encoding="utf-8"))
    for spun in ("essentially the most", "befell", "earlier than"):
        assert any(standin_rates.standin_key(m.spun) == spun for m in seed.marks)
        assert rows[spun][0] > 0
