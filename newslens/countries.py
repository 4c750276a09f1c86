"""ISO country codes and names (countryinfo), for maps that key countries by ISO-3."""

from __future__ import annotations

from functools import cache

import countryinfo


@cache
def _by_iso2() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for country in countryinfo.all_countries():
        info = country.info()
        iso = info.get("ISO") or {}
        if iso.get("alpha2") and iso.get("alpha3"):
            table[iso["alpha2"].upper()] = (iso["alpha3"].upper(), info.get("name") or iso["alpha2"])
    return table


def iso3(iso2: str | None) -> str | None:
    entry = _by_iso2().get((iso2 or "").upper())
    return entry[0] if entry else None


def country_name(iso2: str | None) -> str | None:
    entry = _by_iso2().get((iso2 or "").upper())
    return entry[1] if entry else None
