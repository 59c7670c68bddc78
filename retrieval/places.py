"""Places by their other names: a question asks in English about "Saxon Switzerland" or
"Munich", the records say "Sächsische Schweiz" or "München" (or the other way round).

Neither BM25 nor MiniLM links the two, and a name no record has is taken for something the
records do not hold (`abstain.unknown_names`). Each group below is one place by the names a
German-speaking, English-writing user meets; letters with accents need no entry of their own
("Krakow" finds "Kraków": the text index folds them). Names are matched as written, capitalised,
so that no common word ("nice", "bath") is read as a place.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["longer_names", "one_name", "other_names", "with_other_names"]

_GROUPS = (
    # Germany
    ("Germany", "Deutschland"), ("Munich", "München"), ("Cologne", "Köln"), ("Nuremberg", "Nürnberg"),
    ("Hanover", "Hannover"), ("Brunswick", "Braunschweig"), ("Bavaria", "Bayern"), ("Saxony", "Sachsen"),
    ("Lower Saxony", "Niedersachsen"), ("Thuringia", "Thüringen"),
    ("Swabia", "Schwaben"), ("Palatinate", "Pfalz"), ("Rhineland", "Rheinland"), ("Rhine", "Rhein"),
    ("Moselle", "Mosel"), ("Danube", "Donau"), ("Saxon Switzerland", "Sächsische Schweiz"),
    ("Black Forest", "Schwarzwald"), ("Bavarian Forest", "Bayerischer Wald"), ("Lake Constance", "Bodensee"),
    ("Baltic Sea", "Ostsee"), ("North Sea", "Nordsee"), ("Heligoland", "Helgoland"),
    ("Pomerania", "Pommern"), ("Brandenburg Gate", "Brandenburger Tor"),
    # Austria, Switzerland
    ("Austria", "Österreich"), ("Vienna", "Wien"), ("Tyrol", "Tirol"), ("Carinthia", "Kärnten"),
    ("Styria", "Steiermark"), ("Switzerland", "Schweiz", "Suisse", "Svizzera"), ("Zurich", "Zürich"),
    ("Geneva", "Genf", "Genève"), ("Lucerne", "Luzern"), ("Berne", "Bern"), ("Basle", "Basel"),
    ("Lake Geneva", "Genfer See", "Genfersee", "Lac Léman"),
    # Central and eastern Europe
    ("Czech Republic", "Czechia", "Tschechien", "Česko"), ("Prague", "Praha", "Prag"), ("Bohemia", "Böhmen"),
    ("Pilsen", "Plzeň"), ("Poland", "Polen", "Polska"), ("Warsaw", "Warszawa", "Warschau"),
    ("Krakow", "Cracow", "Krakau"), ("Wroclaw", "Breslau"), ("Gdansk", "Danzig"), ("Hungary", "Ungarn"),
    ("Croatia", "Kroatien", "Hrvatska"), ("Slovenia", "Slowenien"), ("Romania", "Rumänien"),
    # Italy
    ("Italy", "Italien", "Italia"), ("Rome", "Roma"), ("Milan", "Milano", "Mailand"),
    ("Venice", "Venezia", "Venedig"), ("Firenze", "Florenz"), ("Naples", "Napoli", "Neapel"),
    ("Turin", "Torino"), ("Genoa", "Genova", "Genua"), ("Sicily", "Sicilia", "Sizilien"),
    ("Sardinia", "Sardegna", "Sardinien"), ("Tuscany", "Toscana", "Toskana"), ("South Tyrol", "Südtirol"),
    ("Lake Garda", "Gardasee", "Lago di Garda"), ("Lake Como", "Comer See", "Lago di Como"),
    # North and west
    ("Denmark", "Dänemark", "Danmark"), ("Copenhagen", "København", "Kopenhagen"), ("Sweden", "Schweden", "Sverige"),
    ("Gothenburg", "Göteborg"), ("Norway", "Norwegen", "Norge"), ("Finland", "Finnland", "Suomi"),
    ("Netherlands", "Niederlande", "Nederland"), ("The Hague", "Den Haag"),
    ("Belgium", "Belgien", "België"), ("Brussels", "Brüssel", "Bruxelles", "Brussel"), ("Antwerp", "Antwerpen"),
    ("Ghent", "Gent"), ("Bruges", "Brugge", "Brügge"), ("France", "Frankreich"), ("Brittany", "Bretagne"),
    ("Burgundy", "Bourgogne", "Burgund"), ("Normandy", "Normandie"), ("Alsace", "Elsass"),
    ("Marseilles", "Marseille"), ("Scotland", "Schottland"), ("Ireland", "Irland"),
    # South
    ("Spain", "Spanien", "España"), ("Seville", "Sevilla"), ("Majorca", "Mallorca"),
    ("Andalusia", "Andalusien", "Andalucía"), ("Catalonia", "Katalonien", "Catalunya"),
    ("Canary Islands", "Kanaren", "Kanarische Inseln", "Canarias"), ("Lisbon", "Lisboa", "Lissabon"),
    ("Oporto", "Porto"), ("Greece", "Griechenland"), ("Athens", "Athen"), ("Crete", "Kreta"), ("Corfu", "Korfu"),
    ("Turkey", "Türkei", "Türkiye"), ("Cyprus", "Zypern"), ("Egypt", "Ägypten"), ("Morocco", "Marokko"),
    # Further away
    ("South Korea", "Südkorea"), ("Mexico", "Mexiko"), ("Moscow", "Moskau"),
)
"""One place per group, each by the names it goes by."""


@cache
def _index() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]], dict[str, str]]:
    others = {name: tuple(n for n in group if n != name) for group in _GROUPS for name in group}
    token = {name: re.sub(r"\W+", "_", group[0].casefold()) for group in _GROUPS for name in group}
    names = sorted(others, key=len, reverse=True)  # "Saxon Switzerland" before "Switzerland"
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    return pattern, others, token


def other_names(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The places `text` names that go by other names, each with those: "hiking in Saxon
    Switzerland" gives [("Saxon Switzerland", ("Sächsische Schweiz",))] (not "Switzerland")."""
    pattern, others, _ = _index()
    return [(m.group(0), others[m.group(0)]) for m in pattern.finditer(text)]


def with_other_names(text: str) -> str:
    """`text` with the other names of each place it names after that name ("a hike in Saxon
    Switzerland Sächsische Schweiz"), for search to find either."""
    pattern, others, _ = _index()
    return pattern.sub(lambda m: " ".join((m.group(0), *others[m.group(0)])), text)


def one_name(text: str) -> str:
    """`text` with each place it names by one word for all its names ("Sächsische Schweiz" and
    "Saxon Switzerland" are both `saxon_switzerland`, "Switzerland" is `switzerland`), for
    matching a question's words to a title's: the one is not a part of the other."""
    pattern, _, token = _index()
    return pattern.sub(lambda m: token[m.group(0)], text)


def longer_names(name: str) -> tuple[str, ...]:
    """The names of other places that hold `name` as words ("Schweiz" is in "Sächsische
    Schweiz"): a record that has "Schweiz" only in those does not name the country."""
    _, others, token = _index()
    return tuple(n for n in others if token[n] != token.get(name) and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", n))
