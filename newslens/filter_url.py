"""Filters <-> URL query parameters, so every filtered view is a link to share. Pure.

Actors and places travel by display name (`?actor=Jens+Stoltenberg`), dates as ISO days; a
link is read back by name, by id or by the name in any case, and what it names that the store
does not have is listed, not guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from newslens.queries import Filters

PARAMS = ("actor", "type", "place", "source", "from", "to")


def filters_to_params(
    filters: Filters, *, actor_names: Mapping[str, str], place_names: Mapping[str, str]
) -> dict[str, list[str]]:
    """The query parameters of a view; a parameter with no value is left out."""
    params = {
        "actor": [actor_names.get(a, a) for a in filters.actors],
        "type": list(filters.types),
        "place": [place_names.get(p, p) for p in filters.places],
        "source": list(filters.sources),
        "from": [filters.date_from.isoformat()] if filters.date_from else [],
        "to": [filters.date_to.isoformat()] if filters.date_to else [],
    }
    return {key: values for key, values in params.items() if values}


@dataclass(frozen=True)
class _Lookup:
    """A value in a URL -> id: the exact name or the id, else the name in any case."""

    exact: Mapping[str, str]
    any_case: Mapping[str, str]

    @classmethod
    def of_names(cls, names: Mapping[str, str]) -> _Lookup:
        exact = {item_id: item_id for item_id in names} | {name: item_id for item_id, name in names.items()}
        return cls(exact, {name.casefold(): item_id for item_id, name in names.items()})

    @classmethod
    def of_codes(cls, codes: Sequence[str]) -> _Lookup:
        return cls({code: code for code in codes}, {})  # codes match exactly

    def find(self, value: str) -> str | None:
        return self.exact.get(value, self.any_case.get(value.casefold()))


def _lookups(actor_names: Mapping[str, str], place_names: Mapping[str, str],
             types: Sequence[str], sources: Sequence[str]) -> dict[str, _Lookup]:
    return {"actor": _Lookup.of_names(actor_names), "place": _Lookup.of_names(place_names),
            "type": _Lookup.of_codes(types), "source": _Lookup.of_codes(sources)}


def params_to_filters(
    params: Mapping[str, Sequence[str]],
    *,
    actor_names: Mapping[str, str],
    place_names: Mapping[str, str],
    types: Sequence[str] = (),
    sources: Sequence[str] = (),
) -> Filters:
    """Filters from query parameters; names and values that are not known are ignored
    (`unknown_params` says which)."""
    lookups = _lookups(actor_names, place_names, types, sources)

    def known(key: str) -> tuple[str, ...]:
        found = (lookups[key].find(value) for value in params.get(key, ()))
        return tuple(dict.fromkeys(item for item in found if item is not None))

    return Filters(
        actors=known("actor"), types=known("type"), places=known("place"),
        sources=known("source"), date_from=_day(params.get("from", ())),
        date_to=_day(params.get("to", ())),
    )


def unknown_params(
    params: Mapping[str, Sequence[str]],
    *,
    actor_names: Mapping[str, str],
    place_names: Mapping[str, str],
    types: Sequence[str] = (),
    sources: Sequence[str] = (),
) -> list[tuple[str, str]]:
    """(parameter, value) pairs of a URL that name nothing in this store, or no day."""
    lookups = _lookups(actor_names, place_names, types, sources)
    missing = [(key, value) for key, lookup in lookups.items() for value in params.get(key, ())
               if lookup.find(value) is None]
    missing += [(key, value) for key in ("from", "to") for value in params.get(key, ())
                if _day([value]) is None]
    return missing


def _day(values: Sequence[str]) -> date | None:
    for value in values:
        try:
            return date.fromisoformat(value)
        except ValueError:
            continue
    return None
