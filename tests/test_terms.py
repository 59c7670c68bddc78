"""The crude stemmer that word-overlap scores share (search's context lines, answers' coverage)."""

from __future__ import annotations

import pytest

from twin.terms import content_terms, stem


@pytest.mark.parametrize(("a", "b"), [
    ("books", "book"), ("cities", "city"), ("passes", "pass"), ("booked", "book"),
    # A short verb's forms: its "e" or its doubled consonant comes back.
    ("moved", "move"), ("moving", "move"), ("running", "run"), ("planned", "plan"), ("hiking", "hike"),
    ("cried", "cry"), ("studied", "study"), ("married", "marry"), ("called", "call"), ("dressed", "dress"),
])
def test_forms_of_a_word_are_one(a: str, b: str) -> None:
    assert stem(a) == stem(b)


@pytest.mark.parametrize(("a", "b"), [("spring", "spr"), ("thing", "th"), ("need", "ne"), ("red", "r"),
                                      ("sing", "s")])
def test_a_word_is_not_cut_to_a_stem_without_a_vowel_or_shorter_than_three(a: str, b: str) -> None:
    assert stem(a) != stem(b) and stem(a) == a


def test_a_line_shares_a_question_word_in_another_form() -> None:
    assert content_terms("When did Sam move into his new flat?") & content_terms("moved on Saturday!! 4th floor")
