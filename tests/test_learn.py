"""``restore-text learn``: proposed entries load as a lexicon, merge without duplicates,
and restore the pair they were learned from."""
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

import restore
from restore import gold, lexicon
from restore.cli import main
from restore.learn import Pair, learn, read_pair

ROOT = Path(__file__).parent.parent
SEED = ROOT / "seeds" / "seed-000.txt"

ORIGINAL = ("The meeting took place on May 19 in Istanbul. Zelensky said the talks ended the war. "
            "The delegation at the talks was small. He spoke on Telegram on Friday.")
SPUN = ("The assembly befell on Could 19 in Istanbul. Zelensky mentioned the talks ended the battle. "
        "The delegation on the talks was small. He spoke on Telegram on Friday.")


def _load(path: Path) -> lexicon.Lexicon:
    lex = lexicon.Lexicon()
    lexicon.load_file(path, lex)
    return lex


def _by_spun(path: Path) -> dict[str, dict]:
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    return {e["spun"][0]: e for e in doc["entry"]}


@pytest.fixture(scope="module")
def seed_lexicon(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("learn") / "seed.toml"
    learn([read_pair(SEED)], out)
    return out


def test_learned_file_loads_as_a_lexicon(seed_lexicon):
    lex = _load(seed_lexicon)
    assert len(lex) >= 60
    assert all(e.kind == "curated" and e.fix for e in lex.entries.values())
    assert all(e.provenance.startswith("learned by restore-text learn from seed-000.txt") for e in lex.entries.values())
    entries = _by_spun(seed_lexicon)
    could = entries["could"]
    # conservative: no tell, a modest prior, and a note that says where it came from
    assert could["originals"] == ["May"] and could["tell"] is False and could["case"] == "title"
    assert 0.55 < could["prior"] <= 0.8
    assert could["note"].startswith("learned by restore-text learn, not reviewed: {")
    assert "[[Could=>May]] 19" in could["fix"][0]
    # phrase entries for uneven swaps, word entries for word swaps
    assert entries["befell"]["originals"] == ["took place"]
    assert entries["essentially the most"]["originals"] == ["the most"]
    assert entries["battle"]["originals"] == ["war"]
    # "on" was also left unchanged: a low prior, no tell, context rules, keep examples
    on = entries["on"]
    assert on["tell"] is False and on["prior"] <= 0.05 and on["evidence"] and on["keep"]
    # pure number changes are never learned
    assert not any(k.isdigit() for k in entries)


def test_learned_examples_hold(seed_lexicon):
    lex = _load(seed_lexicon)
    missed = []
    for entry in lex.entries.values():
        for example in entry.fix:
            doc = gold.parse(example)
            result = restore.fix(doc.spun, lexicons=[seed_lexicon], builtin=False, assume_spun=True)
            score = gold.score(doc, [(s.start, s.end, s.suggestion) for s in result.applied])
            if score.fn or not any(s.rule == entry.id for s in result.applied):
                missed.append((entry.id, example, result.text))
    # A learned entry is no tell, so the language model may overrule it where it prefers the
    # spun word ("consisted solely of"): a few, never many.
    assert len(missed) <= 2, missed
    for entry in lex.entries.values():
        for example in entry.keep:
            result = restore.fix(example, lexicons=[seed_lexicon], builtin=False)
            assert not any(s.rule == entry.id for s in result.applied), (entry.id, example)


def test_learned_lexicon_restores_the_seed(seed_lexicon):
    # in a document known to be spun: learned entries are no tells, and leave it to the
    # shipped lexicons (or assume_spun) to say so
    doc = gold.parse(SEED.read_text(encoding="utf-8"))
    result = restore.fix(doc.spun, lexicons=[seed_lexicon], builtin=False, assume_spun=True)
    score = gold.score(doc, [(s.start, s.end, s.suggestion) for s in result.spans if s.applied])
    assert score.recall >= 0.95, [d for d in score.details if d["kind"] != "tp"]
    assert score.fp <= 2


def test_ambiguous_entry_fires_only_in_learned_context(tmp_path):
    out = tmp_path / "small.toml"
    learn([Pair(ORIGINAL, SPUN, "small")], out)
    on = _by_spun(out)["on"]
    assert on["tell"] is False
    result = restore.fix(SPUN, lexicons=[out], builtin=False, assume_spun=True)
    assert result.text == ORIGINAL


def test_learned_entries_leave_clean_text_alone(tmp_path):
    # "battle" and "mentioned" were swapped in the pair, but they are plain English: entries
    # learned from one pair must not rewrite a clean document (they did, as strong tells)
    out = tmp_path / "small.toml"
    learn([Pair(ORIGINAL, SPUN, "small")], out)
    assert all(e["tell"] is False and e["prior"] <= 0.8 for e in _by_spun(out).values())
    clean = "The battle of Hastings was fought in 1066. The king mentioned his plans to the barons."
    assert restore.fix(clean, lexicons=[out]).text == clean


HAND_WRITTEN = ('# My own entries: keep this comment.\n[lexicon]\nname = "mine"\n\n'
                '[[entry]]\nid = "mine.fact-social"  # the platform\nspun = ["Fact Social"]\n'
                'originals = ["Truth Social"]\nprior = 0.97\ntell = true\n')


def test_merging_new_entries_appends_them_to_the_text_as_it_is(tmp_path):
    out = tmp_path / "mine.toml"
    out.write_text(HAND_WRITTEN, encoding="utf-8")
    result, _ = learn([Pair(ORIGINAL, SPUN, "a")], out)
    text = out.read_text(encoding="utf-8")
    assert result.written == "appended" and result.backup is None and "kept as it was" in result.how()
    assert text.startswith(HAND_WRITTEN) and "[[entry]]\nid = \"mine.could\"" in text
    assert not list(tmp_path.glob("*.bak*"))
    _load(out)


def test_rewriting_a_hand_written_file_keeps_a_backup_and_says_so(runner, tmp_path):
    out = tmp_path / "mine.toml"
    # "battle" is updated with what was learned: the file is rewritten, its comments lost
    out.write_text(HAND_WRITTEN + '\n[[entry]]\nid = "mine.battle"\nspun = ["battle"]\noriginals = ["fight"]\n',
                   encoding="utf-8")
    before = out.read_text(encoding="utf-8")
    o, s = tmp_path / "orig.txt", tmp_path / "spun.txt"
    o.write_text(ORIGINAL, encoding="utf-8")
    s.write_text(SPUN, encoding="utf-8")
    r = runner.invoke(main, ["learn", f"{o}:{s}", "-o", str(out)])
    assert r.exit_code == 0, r.output
    backup = tmp_path / "mine.toml.bak"
    assert backup.read_text(encoding="utf-8") == before
    assert f"the earlier file is kept as {backup}" in r.stderr
    assert _by_spun(out)["battle"]["originals"] == ["fight", "war"]
    # a second rewrite never replaces the first backup, which may be the only copy
    out.write_text(before, encoding="utf-8")
    assert runner.invoke(main, ["learn", f"{o}:{s}", "-o", str(out)]).exit_code == 0
    assert backup.read_text(encoding="utf-8") == before and (tmp_path / "mine.toml.bak2").exists()


def test_merge_round_trip_does_not_duplicate(tmp_path):
    out = tmp_path / "merged.toml"
    learn([Pair(ORIGINAL, SPUN, "a")], out)
    first = out.read_text(encoding="utf-8")
    learn([Pair(ORIGINAL, SPUN, "a")], out)  # the same pair again: counts replaced, not added
    assert out.read_text(encoding="utf-8") == first
    learn([Pair("They met on May 20 to end the war.", "They met on Could 20 to finish the battle.", "b")], out)
    entries = _by_spun(out)
    ids = [e["id"] for e in tomllib.loads(out.read_text(encoding="utf-8"))["entry"]]
    assert len(ids) == len(set(ids))
    assert len([e for e in entries.values() if e["spun"] == ["could"]]) == 1
    could = entries["could"]
    assert '"substituted": 2' in could["note"] and "a" in could["provenance"] and "b" in could["provenance"]
    assert entries["finish"]["originals"] == ["end"]
    _load(out)


def test_merge_keeps_hand_written_entries(tmp_path):
    out = tmp_path / "mine.toml"
    out.write_text(
        '[lexicon]\nname = "mine"\n\n[[entry]]\nid = "mine.battle"\nspun = ["battle"]\noriginals = ["fight"]\n'
        'prior = 0.4\nfix = ["They [[battle=>fight]] on."]\n', encoding="utf-8")
    learn([Pair(ORIGINAL, SPUN, "a")], out)
    entries = _by_spun(out)
    battle = entries["battle"]
    assert battle["id"] == "mine.battle" and battle["prior"] == 0.4
    assert battle["originals"] == ["fight", "war"]
    assert entries["could"]["id"].startswith("mine.")
    _load(out)


# --------------------------------------------------------------------------- the command


def test_learn_cli_pair_syntaxes(tmp_path):
    o, s = tmp_path / "orig.txt", tmp_path / "spun.txt"
    o.write_text(ORIGINAL, encoding="utf-8")
    s.write_text(SPUN, encoding="utf-8")
    out = tmp_path / "cli.toml"
    runner = CliRunner()
    result = runner.invoke(main, ["learn", f"{o}:{s}", "-o", str(out)])
    assert result.exit_code == 0, result.output
    first = out.read_text(encoding="utf-8")
    result = runner.invoke(main, ["learn", "--pair", str(o), str(s), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == first
    result = runner.invoke(main, ["learn", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    _load(out)
    # the file works as a lexicon from the command line
    fixed = runner.invoke(main, ["fix", "--lexicon", str(out), str(s)])
    assert fixed.exit_code in (0, 3), fixed.output  # 3 only if the shipped data is broken


def test_learn_cli_errors(tmp_path):
    runner = CliRunner()
    out = tmp_path / "x.toml"
    result = runner.invoke(main, ["learn", f"{tmp_path / 'a.txt'}:{tmp_path / 'b.txt'}", "-o", str(out)])
    assert result.exit_code == 3
    result = runner.invoke(main, ["learn", str(SEED), "-o", str(tmp_path / "x.tsv")])
    assert result.exit_code == 2
    plain = tmp_path / "plain.txt"
    plain.write_text("no markup here", encoding="utf-8")
    result = runner.invoke(main, ["learn", str(plain), "-o", str(out)])
    assert result.exit_code == 2
    bad = tmp_path / "bad.toml"
    bad.write_text("this is = = not toml", encoding="utf-8")
    result = runner.invoke(main, ["learn", str(SEED), "-o", str(bad)])
    assert result.exit_code == 3
    assert bad.read_text(encoding="utf-8") == "this is = = not toml"
    assert not out.exists()
