"""Soft hyphens and fullwidth letters must not hide a damaged span, and offsets stay exact."""
import restore

SPUN = ("Zelensky mentioned essentially the most tangible results of the talks was an "
        "settlement to trade 1,000 prisoners of battle on Could 19. ")


def _after_spun(text):
    result = restore.fix(SPUN + text)
    spans = [s for s in result.spans if s.start >= len(SPUN) and s.applied]
    return result, spans


def test_soft_hyphens_inside_words_are_matched():
    text = "They freed 500 pris\u00adoners of bat\u00adtle."
    result, spans = _after_spun(text)
    assert [(s.text, s.suggestion) for s in spans] == [("pris\u00adoners of bat\u00adtle", "prisoners of war")]
    assert result.text.endswith("They freed 500 prisoners of war.")


def test_soft_hyphen_in_an_entity_name_is_not_read_as_two_words():
    # "Pro" and "tection" used to be two tokens, so the name was never matched.
    result, spans = _after_spun("The Pro\u00adtection Min\u00adistry said.")
    assert [s.suggestion for s in spans] == ["Defense Ministry"]


def test_fullwidth_letters_read_as_ascii():
    result, spans = _after_spun("Ｃｏｕｌｄ 19 was the date.")
    assert [(s.text, s.suggestion) for s in spans] == [("Ｃｏｕｌｄ", "May")]


def test_offsets_stay_exact_with_hidden_forms():
    text = SPUN + "They freed 500 pris\u00adoners of bat\u00adtle in Ｃｏｕｌｄ 2025."
    result = restore.fix(text)
    assert result.spans
    for s in result.spans:
        assert text[s.start:s.end] == s.text
    out, last = [], 0
    for s in sorted((s for s in result.spans if s.applied), key=lambda s: s.start):
        out += [text[last:s.start], s.suggestion]
        last = s.end
    assert "".join(out) + text[last:] == result.text


def test_clean_text_with_soft_hyphens_is_left_alone():
    text = ("The com\u00admittee met on Tues\u00adday to dis\u00adcuss the bud\u00adget. "
            "Mem\u00adbers agreed to meet again in May.")
    assert restore.fix(text).text == text


def test_a_combining_mark_stays_with_its_word():
    # "battle" + U+0301 used to be matched as "battle" and replaced, leaving the accent on
    # the replacement ("waŕ"). The marked word is now one word, read as its composed form.
    decomposed = SPUN + "They freed 500 prisoners of battle\u0301 in the end."
    composed = SPUN + "They freed 500 prisoners of battl\u00e9 in the end."
    out_d, out_c = restore.fix(decomposed), restore.fix(composed)
    assert "battle\u0301" in out_d.text and "wa" + "r\u0301" not in out_d.text
    assert [s.text for s in out_d.spans if s.start >= len(SPUN)] == [s.text for s in out_c.spans if s.start >= len(SPUN)]


def test_decomposed_accents_match_like_composed_ones():
    from restore.tokens import tokenize
    assert [t.key for t in tokenize("cafe\u0301 caf\u00e9")] == ["caf\u00e9", "caf\u00e9"]
