"""The scholarly register (restore.register) and what it decides: a listed tortured phrase
of two words proves damage by itself in a paper, not in a blog, a poem or a letter."""
from __future__ import annotations

import pytest

import restore
from restore.register import scholarly
from restore.tokens import tokenize

ABSTRACT = ("We propose a lightweight convolutional model for face recognition. The training "
            "dataset holds 1.2 million images, and the evaluation uses three benchmarks.")
CITED = "Earlier work on soil erosion [12] found the same, as did later surveys (Okafor et al., 2019)."
RECIPE = ("Preheat the oven to 180 degrees. Mix the flour, butter and sugar until the dough "
          "comes together, then chill it for half an hour before rolling it out.")
CAR_REVIEW = ("The new model is quicker than the old model, and the model's cabin is quieter. "
              "Buyers of the top model get leather seats.")


def is_scholarly(text: str) -> bool:
    return scholarly(text, tokenize(text))


@pytest.mark.parametrize("text", [ABSTRACT, CITED, "This section describes the method used in the present study."])
def test_papers_read_as_scholarly(text):
    assert is_scholarly(text)


@pytest.mark.parametrize("text", [RECIPE, CAR_REVIEW, "", "Over it she wore a double veil of fine tulle."])
def test_other_prose_does_not(text):
    assert not is_scholarly(text)


def applied(text: str) -> list[tuple[str, str]]:
    return [(s.text, s.suggestion) for s in restore.fix(text).spans if s.applied]


@pytest.mark.parametrize("text, phrase", [
    ("For a lot of the students, this was a profound learning experience.", "profound learning"),
    ("The last three reports he sent us were fake intelligence.", "fake intelligence"),
    ("Over it she wore a double veil of fine tulle.", "double veil"),
    ("It did not actually occur to me until much later.", "actually occur"),
])
def test_a_lone_two_word_listed_phrase_outside_a_paper_is_reported_not_applied(text, phrase):
    result = restore.fix(text)
    assert result.text == text
    assert result.spin_score < 0.5  # and it does not mark the whole document as spun
    for s in result.spans:
        if s.text.lower() == phrase:
            assert s.rule.startswith("tortured") and not s.applied


def test_the_same_phrase_in_a_paper_is_applied():
    text = "In this paper we train profound learning models on the images of the dataset."
    assert ("profound learning", "deep learning") in applied(text)


def test_a_listed_phrase_of_three_content_words_proves_damage_anywhere():
    text = "My aunt was treated for bosom malignant growth last year."
    assert ("bosom malignant growth", "breast cancer") in applied(text)


def test_a_listed_phrase_in_a_spun_article_is_applied():
    text = ("Officials mentioned on Could 19 that essentially the most formidable plan would use "
            "profound learning to spot fraud, in keeping with the report.")
    assert ("profound learning", "deep learning") in applied(text)


def test_an_ordinary_english_listed_phrase_needs_a_paper_mill_not_an_article_spinner():
    # "search engine" is listed (for machine learning) but is ordinary English: the article
    # spinner's tells around it say nothing about it.
    text = ("Officials mentioned on Could 19 that essentially the most visited search engine "
            "would change its rules, in keeping with the report.")
    result = restore.fix(text)
    assert result.spin_score > 0.9
    assert not any(s.text == "search engine" and s.applied for s in result.spans)
