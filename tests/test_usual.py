"""The language model's usual ratio per pair (restore.usual, lexicons/model/lm_usual.tsv)."""
from restore import Config, usual
from restore.engine import candidates


def test_a_shorter_original_is_usually_preferred_even_in_genuine_text():
    # "were" for "had been" scores better almost everywhere: the habit the feature removes.
    assert usual.usual_ratio("had been", "were") > 1.0


def test_keys_are_folded_and_read_across_a_line_break():
    assert usual.usual_ratio("Had\nbeen", "Were") == usual.usual_ratio("had been", "were")


def test_an_unseen_pair_has_no_usual_ratio():
    assert usual.usual_ratio("zzyzx", "quux") == 0.0


def test_the_engine_offers_it_as_a_feature_beside_the_raw_ratio():
    rows = candidates("The soldiers had been killed in the attack last week.", Config(assume_spun=True))
    row = next(r for r in rows if r["text"] == "had been" and r["original"] == "were")
    assert row["features"]["lm_usual"] == usual.usual_ratio("had been", "were")
    assert row["features"]["lm"] != row["features"]["lm_usual"]
