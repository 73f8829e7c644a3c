"""A restoration that changes a quantity tenfold ("hundreds of thousands" -> "millions")
needs a certainly spun document or its own context cue: one tell beside the genuine
phrase must not rewrite a number."""
import pytest

import restore

ONE_TELL = "The meeting is on Could 19. {} of people attended."
MANY_TELLS = ("Zelensky mentioned essentially the most tangible results of the talks was an settlement "
              "to trade 1,000 prisoners of battle on Could 19. {} of people watched the talks.")


@pytest.mark.parametrize("phrase", ["Hundreds of thousands", "Tens of millions"])
def test_one_tell_does_not_change_a_quantity(phrase):
    result = restore.fix(ONE_TELL.format(phrase))
    assert result.text == ONE_TELL.format(phrase).replace("Could", "May")
    assert not any(s.applied and s.text == phrase for s in result.spans)


@pytest.mark.parametrize("phrase", ["Hundreds of thousands", "Tens of millions"])
def test_a_certainly_spun_document_restores_the_quantity(phrase):
    result = restore.fix(MANY_TELLS.format(phrase))
    assert any(s.applied and s.text == phrase and s.suggestion == "Millions" for s in result.spans)


def test_the_spinners_own_company_restores_it_after_one_tell():
    # "Tens of millions of Individuals" is this spinner's "Millions of Americans".
    result = restore.fix("The meeting is on Could 19. Tens of millions of Individuals watched.")
    assert any(s.applied and s.text == "Tens of millions" and s.suggestion == "Millions" for s in result.spans)


def test_a_number_after_a_dotted_abbreviation_goes_on_the_sentence():
    # "p.c." mid-sentence keeps its dot as part of it, so "12 months" after it is no
    # sentence start and is not capitalised ("Year on year").
    text = "Gross sales rose 4 p.c. 12 months on 12 months, essentially the most since 2019."
    assert "4 percent year on year" in restore.fix(text, assume_spun=True).text
    # at a real sentence start the number's restoration still takes the capital
    assert "sharply. Thousands of people" in restore.fix(
        "Sales fell sharply. 1000's of folks misplaced their jobs.", assume_spun=True).text
