"""Cities and countries by name: GeoNames' cities of 15,000 people or more, ISO countries."""

from __future__ import annotations

import pytest

from retrieval.answer import of_the_kind
from retrieval.gazetteer import countries_of, country_code, country_name, fold, is_city, is_country


@pytest.mark.parametrize(("name", "first"), [
    ("Manila", "PH"), ("Porto", "PT"), ("Kraków", "PL"), ("Krakow", "PL"), ("Kyoto", "JP"), ("Kyōto", "JP"),
    ("Nara", "JP"),  # GeoNames' "Nara-shi"; a Nara in Mali is smaller
    ("Vienna", "AT"), ("Wien", "AT"),  # a Latin-script other name of a large city; Vienna, Virginia, after
    ("München", "DE"), ("Munich", "DE"),
])
def test_cities_by_their_names_likeliest_country_first(name: str, first: str) -> None:
    assert countries_of(name)[0] == first


@pytest.mark.parametrize("name", ["Prinzenbad", "Kinokuniya", "Berta Block", "Hakone", ""])
def test_what_is_no_city(name: str) -> None:
    """A pool, a bookshop, a climbing gym; and a town under 15,000 people, which the list lacks."""
    assert not is_city(name)


def test_a_city_in_a_country() -> None:
    assert "US" in countries_of("Vienna")
    assert is_city("Osaka", "JP") and not is_city("Osaka", "DE")
    assert is_city("Vienna", "AT") and is_city("Vienna", "US")


@pytest.mark.parametrize(("name", "code"), [
    ("Japan", "JP"), ("japan", "JP"), ("Österreich", "AT"), ("Deutschland", "DE"), ("UK", "GB"),
    ("the Netherlands", "NL"), ("Czech Republic", "CZ"), ("Tokyo", None), ("Anna", None),
])
def test_countries_by_their_names(name: str, code: str | None) -> None:
    assert country_code(name) == code
    assert is_country(name) is (code is not None)


def test_names_are_folded() -> None:
    assert fold("Kraków") == fold("krakow") == "krakow"
    assert fold("Nara-shi") == "nara shi"
    assert country_name("PT") == "Portugal"


def test_of_the_kind_asked_when_any_is_known() -> None:
    assert of_the_kind(["Lisbon", "Prinzenbad", "Kraków"], "cities") == ["Lisbon", "Kraków"]
    assert of_the_kind(["Prinzenbad"], "cities") == ["Prinzenbad"]  # none known: the quotes' names stand
    assert of_the_kind(["Portugal", "Lisbon"], "countries") == ["Portugal"]
    assert of_the_kind(["Lisbon", "Prinzenbad"], "places") == ["Lisbon", "Prinzenbad"]
