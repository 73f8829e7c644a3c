"""The public API contract: offsets, replay, case, articles, options, errors."""
import re

import pytest

import restore
from restore import Config, Span
from restore.applying import SpanMismatch

SPUN = ("Officials met on Could 19. It was essentially the most tangible result: "
        "an settlement to end the battle. The battle's end is near. Could you help?")


def test_fix_returns_restoration_with_exact_offsets(mini):
    result = restore.fix(SPUN, **mini)
    assert str(result) == result.text
    assert result.spans, "expected findings"
    for span in result.spans:
        assert SPUN[span.start:span.end] == span.text
        assert 0.0 <= span.confidence <= 1.0
        assert span.rule
        assert span.evidence
    starts = [s.start for s in result.spans]
    assert starts == sorted(starts)


def test_replay_gives_result_text(mini):
    result = restore.fix(SPUN, **mini)
    assert restore.apply(SPUN, result.spans) == result.text
    assert restore.apply(SPUN, [s for s in result.spans if s.applied], only_applied=False) == result.text


def test_restores_month_and_multiword_keeps_modal(mini):
    result = restore.fix(SPUN, **mini)
    assert "on May 19" in result.text
    assert "It was the most tangible" in result.text
    assert "Could you help?" in result.text


def test_case_and_possessive_kept(mini):
    result = restore.fix(SPUN, assume_spun=True, **mini)
    assert "The war's end" in result.text
    assert "end the war." in result.text


def test_a_stand_in_spelled_with_s_takes_the_s_in():
    """The spinner writes "1000's" for thousands: the span covers the "'s" (no "thousands's"),
    and a bare "1000" is not that stand-in."""
    text = "About 1000 people came, and 1000's of others watched from the bridge."
    result = restore.fix(text, assume_spun=True)
    spans = [s for s in result.spans if "1000" in s.text]
    assert [(s.text, s.suggestion) for s in spans] == [("1000's", "thousands")]
    assert "thousands of others" in result.text and "About 1000 people" in result.text
    assert "thousands's" not in result.text


@pytest.mark.parametrize("text, expected", [
    # mid-sentence the abbreviation's dot goes with it
    ("Prices rose 5 p.c. last year, the office said.", "Prices rose 5 percent last year, the office said."),
    ("Unemployment fell to 3.9 p.c., the lowest since 2001.", "Unemployment fell to 3.9 percent, the lowest since 2001."),
    # at the end of a sentence the same dot is the full stop and stays
    ("Prices rose 5 p.c. The bank expects more.", "Prices rose 5 percent. The bank expects more."),
    ("Prices rose 5 p.c.", "Prices rose 5 percent."),
    ("Prices rose 5 p.c.\nNext year", "Prices rose 5 percent.\nNext year"),
    # a capitalised abbreviation inside a sentence is part of a name that goes on
    ("The Sq. Kilometre Array opens in 2028.", "The Square Kilometre Array opens in 2028."),
])
def test_an_abbreviation_keeps_one_full_stop(text, expected):
    """The spinner writes "p.c." for percent: its dot is not left behind mid-sentence, and
    the full stop it doubles as at a sentence end is not eaten."""
    result = restore.fix(text, assume_spun=True)
    assert result.text == expected
    span = next(s for s in result.spans if s.text.lower().startswith(("p.c", "sq")))
    assert text[span.start:span.end] == span.text


def test_article_left_behind_is_evidence_and_is_fixed(mini):
    text = "It was an honest framework. They reached an settlement."
    result = restore.fix(text, assume_spun=True, **mini)
    # The restored word needs the other article, so the span takes the article in.
    honest = next(s for s in result.spans if "honest" in s.text)
    assert (honest.text, honest.suggestion) == ("an honest", "a decent")
    assert text[honest.start:honest.end] == "an honest"
    assert "an agreement" in result.text
    span = next(s for s in result.spans if s.suggestion == "agreement")
    assert any("article" in e for e in span.evidence)


def test_check_does_not_change_text(mini):
    spans = restore.check(SPUN, **mini)
    assert spans and all(isinstance(s, Span) for s in spans)


def test_threshold_controls_application(mini):
    none = restore.fix(SPUN, threshold=1.0, **mini)
    assert none.text == SPUN
    assert not any(s.applied for s in none.spans)
    every = restore.fix(SPUN, threshold=0.0, **mini)
    assert all(s.applied for s in every.spans)


def test_disabled_entries_do_not_fire(mini):
    result = restore.fix(SPUN, disabled={"mini.could-may"}, **mini)
    assert "Could 19" in result.text
    result = restore.fix(SPUN, disabled={"mini.*"}, **mini)
    assert result.text == SPUN and not result.spans


def test_config_object_and_validation(mini):
    cfg = Config(threshold=0.9, lexicons=tuple(mini["lexicons"]), builtin=False)
    assert restore.fix(SPUN, cfg).threshold == 0.9
    with pytest.raises(ValueError):
        Config(threshold=1.5)


def test_apply_refuses_mismatched_span():
    with pytest.raises(SpanMismatch):
        restore.apply("abc", [Span(0, 1, "x", "y", applied=True)])


def test_a_mismatch_quotes_at_most_60_characters_of_each_side():
    text = "a" * 1000
    with pytest.raises(SpanMismatch) as caught:
        restore.apply(text, [Span(0, 900, "b" * 900, "c", applied=True)])
    message = str(caught.value)
    assert f"{'b' * 60!r}... (900 characters)" in message and f"{'a' * 60!r}... (900 characters)" in message
    assert len(message) < 250


def test_spans_from_json_checks_the_field_types():
    from restore.formats import spans_from_json, spans_json

    good = [Span(0, 5, "Could", "May", applied=True)]
    assert spans_from_json(spans_json(good)) == good
    with pytest.raises(ValueError, match=r"spans\[0\]: 'applied' must be true or false \(a JSON boolean\)"):
        spans_from_json('[{"start": 0, "end": 5, "text": "Could", "suggestion": "May", "applied": "no"}]')
    with pytest.raises(ValueError, match=r"spans\[0\]: 'start' must be an integer offset"):
        spans_from_json('[{"start": "0", "end": 5, "text": "Could", "suggestion": "May"}]')


def test_empty_and_non_string_input(mini):
    assert restore.fix("", **mini).text == ""
    with pytest.raises(TypeError):
        restore.fix(b"bytes", **mini)


def test_uppercase_transfer(mini):
    result = restore.fix("TALKS ON COULD 19", **mini)
    assert result.text == "TALKS ON MAY 19"


def test_idempotent_on_spun_text(mini):
    once = restore.fix(SPUN, **mini).text
    assert restore.fix(once, **mini).text == once


def test_fix_many_keeps_order(mini):
    texts = [SPUN, "plain text", "on Could 19"]
    results = list(restore.fix_many(texts, **mini))
    assert [r.original for r in results] == texts


def test_reference_supports_restoration(mini):
    spun = "They want to end the battle soon."
    without = restore.fix(spun, **mini)
    with_ref = restore.fix(spun, reference="They want to end the war soon.", **mini)
    assert "end the war" in with_ref.text
    conf = {s.text: s.confidence for s in with_ref.spans}
    conf0 = {s.text: s.confidence for s in without.spans}
    assert conf["battle"] > conf0.get("battle", 0.0)


def test_table_stand_ins_leave_compounds_and_names_alone():
    """This spinner family leaves hyphenated compounds alone, and a table guess inside a
    capitalised name would rename a tour or a ship: neither is touched, while the same
    words standing free in the same spun document are restored."""
    text = ("The highest-grossing tour was her record-breaking Eras Tour, officials mentioned. "
            "Fans of several eras came, and she reached the highest spot.")
    result = restore.fix(text, assume_spun=True)
    touched = {text[s.start:s.end] for s in result.spans}
    assert "Eras" not in touched
    compound = text.index("highest-grossing")
    assert not any(s.start <= compound < s.end for s in result.spans)
    assert "highest-grossing" in result.text and "Eras Tour" in result.text
    free = text.index("eras came")
    assert any(s.start == free for s in result.spans)


def test_a_unit_with_an_exponent_is_no_stand_in():
    """"mm yr⁻¹" is a rate in a scientific text, not a spun "year"; four of them once made a
    clean hydrology abstract look spun. The same word free in the same text is restored."""
    text = ("Recharge was 96 mm yr⁻¹ under maize and 0.3 m yr⁻¹ under wheat, or 12 m² of land. "
            "The study ended final yr, officials mentioned.")
    result = restore.fix(text, assume_spun=True)
    for unit in ("yr⁻¹ under maize", "yr⁻¹ under wheat"):
        at = text.index(unit)
        assert not any(s.start <= at < s.end for s in result.spans), unit
    assert "96 mm yr⁻¹" in result.text and "0.3 m yr⁻¹" in result.text
    free = text.index("yr, officials")
    assert any(s.start <= free < s.end and "year" in s.suggestion for s in result.spans)


def test_a_name_the_language_model_knows_well_is_restored():
    """Inside a name only a table finding the language model is sure of is restored."""
    text = "Fans left Outdated Trafford early, officials mentioned. The Eras Tour ended."
    result = restore.fix(text, assume_spun=True)
    assert "Old Trafford" in result.text and "Eras Tour" in result.text


def test_a_title_case_headline_is_read_like_lowercase_prose():
    """Capitals in a title-case headline say nothing about names: its stand-ins are
    restored as in the body, while the same words in a sentence's name stay."""
    text = ("Kings Rally From 24 Down As Fox Scores 41 Factors\n"
            "The Kings mentioned the crew scored 41 factors, officials mentioned. "
            "The Eras Tour ended.")
    result = restore.fix(text, assume_spun=True)
    headline = result.text.splitlines()[0]
    assert headline == "Kings Rally From 24 Down As Fox Scores 41 Points"
    assert "The Eras Tour ended." in result.text


def test_headline_detection_needs_most_longer_words_capitalised():
    from restore.tokens import tokenize
    marked = {t.text for t in tokenize("Match Level Saved In Rome Closing\nThe match was saved in Rome.") if t.headline}
    assert marked == {"Match", "Level", "Saved", "In", "Rome", "Closing"}
    assert not any(t.headline for t in tokenize("President Joe Biden met officials in Rome on Monday."))


@pytest.mark.parametrize("subject, verb", [("They", "are"), ("He", "is"), ("Officials", "are"), ("It", "is"),
                                           ("Kyiv", "is"), ("Officials said Kyiv", "is")])
def test_the_restored_verb_agrees_with_its_subject(subject, verb):
    """'will not be' stands for 'is not' or 'are not': the subject just before decides."""
    text = f"{subject} will not be afraid of the talks, officials mentioned."
    result = restore.fix(text, assume_spun=True)
    assert result.text.startswith(f"{subject} {verb} not afraid")


@pytest.mark.parametrize("before, verb", [("Modules that", "are"), ("A future that", "is"), ("The children who", "are")])
def test_after_a_relative_pronoun_the_noun_before_it_decides_the_verb(before, verb):
    """'that' in "modules that will not be" is a relative pronoun, not a singular subject."""
    text = f"{before} will not be imported by default, the team mentioned."
    result = restore.fix(text, assume_spun=True)
    assert result.text.startswith(f"{before} {verb} not imported")


def test_an_article_that_fits_only_the_original_is_strong_evidence():
    """'an current' cannot be what the writer typed: with the language model agreeing, the
    swap is restored confidently, while an h-word's article ("an historic") proves nothing."""
    result = restore.fix("Buyers with an current mortgage could refinance, the bank mentioned.", assume_spun=True)
    span = next(s for s in result.spans if s.text == "current")
    assert span.suggestion == "existing" and span.confidence >= 0.85 and span.applied
    assert "an historic" in restore.fix("It was an historic day for the city.", assume_spun=True).text


def test_a_veto_with_block_tables_keeps_the_tables_off_the_words():
    """fn.solely's veto says "belongs solely to" is genuine: the spinner table may not
    offer its own solely -> only there; a veto without the flag hands the word over."""
    text = "Officials mentioned the land belongs solely to the federal government."
    result = restore.fix(text, assume_spun=True)
    assert "belongs solely to" in result.text
    assert not any(s.text == "solely" for s in result.spans)
    loaded = restore.lexicon.load()
    solely = loaded.entry("fn.solely")
    assert any(r.block_tables for r in solely.evidence)


def test_neighbours_are_judged_in_the_restored_wording():
    """'finish the battle': once 'battle' is read as 'war', the language model's case for
    'end' is judged on 'end the war', not on the spinner's wording."""
    from restore import engine
    from restore.matcher import Match
    from restore.tokens import tokenize
    tokens = tokenize("They want to finish the battle soon.")
    context = engine._Context(tokens)
    finish = Match(3, 4, tokens[3].start, tokens[3].end, [])
    before = context.log_ratio(finish, "end")
    context.repair({5: "war"})
    after = context.log_ratio(finish, "end")
    assert after > before + 1.0
    # the finding's own words are always read as found
    battle = Match(5, 6, tokens[5].start, tokens[5].end, [])
    assert context.log_ratio(battle, "war") == engine._Context(tokens).log_ratio(battle, "war")


def test_the_original_before_a_possessive_is_singular():
    """The spinner's "research" stands for study and studies; "research's" is "study's"."""
    text = "The research's lead writer mentioned the outcomes have been worrying."
    span = next(s for s in restore.fix(text, assume_spun=True).spans if s.text == "research")
    assert span.suggestion == "study" and "studies" in span.alternatives
    # and where the word recurs, each occurrence keeps its own number
    text = "The brand new research examined 40 manufacturers. The research's authors mentioned it was the primary."
    second = text.index("research's")
    span = next(s for s in restore.fix(text, assume_spun=True).spans if s.start == second)
    assert span.suggestion == "study"


def test_occurrences_share_a_word_but_keep_their_own_number():
    from restore.choices import number_stem as _number_stem
    assert _number_stem("studies") == _number_stem("study") == "study"
    assert _number_stem("prisoners of war") == "prisoners of war"
    assert _number_stem("boxes") == "box" and _number_stem("churches") == "church"
    assert _number_stem("status") == "status" and _number_stem("analysis") == "analysis"


def test_a_swap_and_its_reverse_do_not_both_stand_in_one_document():
    """Three "girls" stand for women; the one "women" is then the writer's own word, not a
    stand-in for girls: a spinner's dictionary goes one way."""
    text = ("Campaigners say the closure would power girls in labour to journey 40 miles. "
            "\"We are talking about girls having to drive for an hour,\" she stated. "
            "The trust would present a switch crew for girls who develop problems. "
            "Inspectors cited delays in assessing women arriving at the unit.")
    result = restore.fix(text, assume_spun=True)
    assert result.text.count("women") == 4
    assert "girls" not in result.text


def test_a_restoration_does_not_double_the_next_word():
    """"relies upon on" was "depends on": the stand-in replaced the verb alone."""
    result = restore.fix("The town relies upon on tourism, officials mentioned.", assume_spun=True)
    assert result.text.startswith("The town depends on tourism")
    assert "on on" not in result.text


def test_a_restored_name_lends_its_head_noun_to_later_mentions():
    """After "NHS Belief" -> "NHS Trust", "the belief's board" is the trust's board."""
    text = ("Campaigners marched against plans by Hartbury NHS Belief to shut the maternity unit, "
            "organisers mentioned. The belief's board will meet in March, and the belief mentioned "
            "it had no different choice.")
    result = restore.fix(text, assume_spun=True)
    assert "NHS Trust" in result.text
    assert "The trust's board" in result.text and "the trust said" in result.text
    echoed = [s for s in result.spans if s.text == "belief"]
    assert echoed and all(any("head noun" in e for e in s.evidence) for s in echoed)


def test_the_short_form_of_a_restored_name_is_restored_even_where_the_tables_cannot_read_it():
    """"town" alone is no stand-in the tables read (it is far too common), but after
    "Manchester Town" -> "Manchester City" the club is "Town" again: "leaves Town 5 points",
    "Town's hopes". Not at a sentence's start without "the" (a capital that says nothing),
    not in another name ("Ipswich Town"), and never surer than the name itself."""
    text = ("Manchester Town boss Pep Guardiola mentioned his facet can nonetheless win the league "
            "regardless of the defeat. The loss leaves Town 5 issues at the back of Arsenal, and "
            "Ipswich Town fans cheered. Town equalised early. The defeat is a blow to Town's hopes.")
    result = restore.fix(text, assume_spun=True)
    assert "Manchester City boss" in result.text
    assert "leaves City 5" in result.text and "blow to City's hopes" in result.text
    assert "Ipswich Town fans" in result.text and "Town equalised" in result.text
    name = next(s for s in result.spans if s.text == "Manchester Town")
    short = [s for s in result.spans if s.text == "Town"]
    assert len(short) == 2 and all(s.confidence <= name.confidence for s in short)
    assert all(any("head noun" in e for e in s.evidence) for s in short)


def test_the_short_form_of_a_name_stays_where_the_name_is_not_restored():
    """"Town" is read only as the short form of a damaged name found in the document."""
    text = ("Ipswich Town boss Kieran McKenna mentioned his facet can nonetheless win the league "
            "regardless of the defeat. The loss leaves Town 5 issues at the back of Arsenal.")
    result = restore.fix(text, assume_spun=True, report_floor=0.0)
    assert not [s for s in result.spans if s.text == "Town"]


def test_a_longer_stand_in_from_the_spinner_table_beats_the_words_inside_it():
    """"keep away from" is the spinner's "avoid"; "keep" alone would be its "stay"."""
    text = ("Miami sits sixth within the Jap Convention, which signifies the Warmth will keep away from "
            "the play-in match for the primary time in three seasons.")
    result = restore.fix(text, assume_spun=True)
    assert "will avoid the play-in" in result.text
    assert [s.text for s in result.spans if s.applied and "keep" in s.text] == ["keep away from"]


def test_the_original_is_joined_like_the_text():
    """"offered out" is "sold out", not "sold-out": the table's spaced and hyphenated rows
    share one key, and the text's own joiner picks between their originals."""
    result = restore.fix("The opening nights were offered out within hours, the promoter mentioned.", assume_spun=True)
    assert "were sold out within hours" in result.text


def test_a_restoration_opening_a_sentence_starts_with_a_capital_even_from_digits():
    """"1000's of folks marched" has no letter to copy the case from; "Thousands" still
    opens the sentence."""
    result = restore.fix("1000's of folks marched via the capital on Saturday, organisers mentioned.",
                         assume_spun=True)
    assert result.text.startswith("Thousands of people marched")


def test_a_word_inside_a_longer_stand_in_does_not_choose_for_the_word_elsewhere():
    """"information convention" is a news conference; the other "information" (records
    here) is judged on its own, not "chosen as for the other occurrence"."""
    text = ("The mayor instructed reporters at a information convention on Tuesday that the bridge "
            "would stay shut. State information present the bridge was final inspected in 2019.")
    result = restore.fix(text, assume_spun=True, report_floor=0.0)
    assert "news conference" in result.text
    later = [s for s in result.spans if s.text == "information" and s.start > text.index("State")]
    assert later and not any("chosen as for the other" in e for s in later for e in s.evidence)


@pytest.mark.parametrize("before", ["did not", "will", "could not", "should also"])
def test_after_a_modal_the_verb_takes_its_base_form(before):
    """"shut" stands for close and closed; after a modal or do-support only "close" fits."""
    result = restore.fix(f"The shops {before} shut early, officers mentioned.", assume_spun=True, report_floor=0.0)
    shut = [s for s in result.spans if s.text == "shut"]
    assert shut and shut[0].suggestion == "close"


@pytest.mark.parametrize("text, expected", [
    ("The show stays particularly widespread with older viewers.", "remains"),
    ("The market stays closed on Sundays, officers mentioned.", "remains"),
])
def test_stay_before_a_complement_is_remain(text, expected):
    result = restore.fix(text, assume_spun=True, report_floor=0.0)
    stays = [s for s in result.spans if s.text == "stays"]
    assert stays and stays[0].suggestion == expected


def test_a_sentence_adverb_before_a_comma_is_however_and_keeps_its_reading():
    """", nonetheless," is "however"; the mid-clause "nonetheless" is "still", and the one
    spun form keeps both readings in one document."""
    text = ("Farmers, nonetheless, remain worried. The outcome is nonetheless unclear, officers "
            "mentioned. Residents nonetheless live without power.")
    result = restore.fix(text, assume_spun=True, report_floor=0.0)
    assert result.text.startswith("Farmers, however, remain")
    assert "is still unclear" in result.text


@pytest.mark.parametrize("value", ["0.5", float("nan"), True, None])
def test_a_threshold_that_is_not_a_number_from_0_to_1_is_refused(value):
    with pytest.raises((TypeError, ValueError)):
        restore.fix("Costs rose 5 p.c. final yr.", threshold=value)


def test_one_disabled_id_given_as_a_string_is_that_id():
    text = "Costs rose 5 p.c. final yr, the corporate stated."
    everything = {s.rule for s in restore.fix(text, assume_spun=True).spans}
    assert "mw.p-c" in everything
    rules = {s.rule for s in restore.fix(text, assume_spun=True, disabled="mw.p-c").spans}
    assert "mw.p-c" not in rules
    assert everything - {"mw.p-c"} <= rules  # not every rule (a string read as its characters)


def test_fix_many_refuses_one_string():
    with pytest.raises(TypeError):
        list(restore.fix_many("The corporate stated."))


def test_a_report_floor_above_the_threshold_holds_nothing_back():
    text = "Zelensky mentioned essentially the most tangible results on Could 19."
    assert restore.fix(text, report_floor=0.9, threshold=0.1).text == restore.fix(text, threshold=0.1).text


@pytest.mark.parametrize("kwargs,error,message", [
    ({"jobs": 0}, ValueError, "jobs must be an integer >= 1, not 0"),
    ({"jobs": -2}, ValueError, "jobs must be an integer >= 1, not -2"),
    ({"jobs": "2"}, TypeError, "jobs must be an integer >= 1, not str '2'"),
    ({"jobs": 2.0}, TypeError, "jobs must be an integer >= 1, not float 2.0"),
    ({"jobs": True}, TypeError, "jobs must be an integer >= 1, not bool True"),
    ({"reference": 5}, TypeError, "reference must be the text of a suspected source (a str) or None, not int 5"),
    ({"assume_spun": "no"}, TypeError, "assume_spun must be True or False, not str 'no'"),
    ({"builtin": 0}, TypeError, "builtin must be True or False, not int 0"),
    ({"lexicons": 5}, TypeError, "lexicons must be a path or a list of paths, not int 5"),
    ({"disabled": ["mw.p-c", 7]}, TypeError, "disabled[1] must be an entry id (str), not int 7"),
    ({"threshold": "0.5"}, TypeError, "threshold must be a number from 0 to 1, not str '0.5'"),
    ({"config": {"threshold": 0.5}}, TypeError, "config must be a restore.Config or None, not dict"),
    ({"config": Config(reference=5)}, TypeError, "reference must be the text of a suspected source"),
    ({"treshold": 0.5}, TypeError, "unknown option 'treshold'; the options are: assume_spun, "),
])
def test_fix_many_checks_its_arguments_at_the_call(kwargs, error, message):
    texts = iter(["The talks on Could 19."])
    with pytest.raises(error) as caught:
        restore.fix_many(texts, **kwargs)  # not only when the first result is asked for
    assert str(caught.value).startswith(message)
    assert next(texts) == "The talks on Could 19."  # nothing was consumed
    if "jobs" not in kwargs:  # the options are fix's own and checked the same way there
        with pytest.raises(error, match=re.escape(message)):
            restore.fix("The talks on Could 19.", **kwargs)


def test_fix_many_refuses_what_is_not_an_iterable():
    with pytest.raises(TypeError, match="texts must be an iterable of str, not int 5"):
        restore.fix_many(5)


def test_one_lexicon_path_given_as_a_string_is_that_file(lexicon_path):
    result = restore.fix("The talks on Could 19.", lexicons=str(lexicon_path), builtin=False, assume_spun=True)
    assert result.text == "The talks on May 19."


def test_apply_checks_its_arguments():
    span = Span(0, 5, "Could", "May", applied=True)
    assert restore.apply("Could 19", [span]) == "May 19"
    with pytest.raises(TypeError, match=r"spans\[0\] must be a restore.Span \(JSON spans: "):
        restore.apply("Could 19", [span.to_dict()])
    with pytest.raises(TypeError, match="text must be a str, not bytes"):
        restore.apply(b"Could 19", [span])
    with pytest.raises(TypeError, match="spans must be a list of restore.Span, not NoneType None"):
        restore.apply("Could 19", None)
    with pytest.raises(TypeError, match="only_applied must be True or False, not str 'no'"):
        restore.apply("Could 19", [span], only_applied="no")


def test_spans_from_json_takes_a_parsed_list_and_explains_wrong_arguments():
    import json as _json

    from restore.formats import json_report, spans_from_json, spans_json

    good = [restore.Span(0, 5, "Could", "May", applied=True)]
    assert spans_from_json(_json.loads(spans_json(good))) == good
    report = json_report([{"path": "a.txt", "spans": _json.loads(spans_json(good))}])
    for whole in (report, _json.loads(report)):
        with pytest.raises(ValueError, match="pass the document's spans list, not the whole report"):
            spans_from_json(whole)
    for wrong in (5, None):
        with pytest.raises(TypeError, match="spans_from_json takes a document's \"spans\" list"):
            spans_from_json(wrong)
    with pytest.raises(ValueError, match="spans_from_json takes .* not JSON"):
        spans_from_json("not json")


def test_a_threshold_copied_from_a_report_applies_that_span():
    text = ("Zelensky mentioned essentially the most tangible results of the talks was an settlement "
            "to trade 1,000 prisoners of battle on Could 19.")
    for span in restore.fix(text).spans:
        again = restore.fix(text, threshold=span.confidence)
        (same,) = [s for s in again.spans if s.start == span.start]
        assert same.applied, (span.text, span.confidence)
        assert all(s.applied == (s.confidence >= span.confidence) for s in again.spans)


def test_span_from_dict_checks_its_fields_rather_than_converting_them():
    span = restore.fix("Officials mentioned on Could 19 that the talks ended.").spans[0]
    record = span.to_dict()
    assert restore.Span.from_dict(record) == span
    # bool("false") is True: a hand-edited report must not turn an unapplied span into an
    # applied one, nor a quoted offset into a number.
    for field, bad in (("applied", "false"), ("start", "3"), ("suggestion", None), ("alternatives", "ab")):
        with pytest.raises(ValueError, match=field):
            restore.Span.from_dict(dict(record, **{field: bad}))
    with pytest.raises(ValueError, match="text"):
        restore.Span.from_dict({k: v for k, v in record.items() if k != "text"})
