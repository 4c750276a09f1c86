"""Filters <-> URL query parameters, so every filtered view is a link to share. Pure.

Actors and places travel by display name (`?actor=Jens+Stoltenberg`), dates as ISO days.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


def params_to_filters(
    params: Mapping[str, Sequence[str]],
    *,
    actor_names: Mapping[str, str],
    place_names: Mapping[str, str],
    types: Sequence[str] = (),
    sources: Sequence[str] = (),
) -> Filters:
    """Filters from query parameters; names and values that are not known are ignored."""
    actor_ids = {name: actor_id for actor_id, name in actor_names.items()}
    place_ids = {name: place_id for place_id, name in place_names.items()}

    def known(key: str, table: Mapping[str, str] | Sequence[str]) -> tuple[str, ...]:
        values = params.get(key, ())
        if isinstance(table, Mapping):
            return tuple(dict.fromkeys(table[v] for v in values if v in table))
        return tuple(dict.fromkeys(v for v in values if v in table))

    return Filters(
        actors=known("actor", actor_ids),
        types=known("type", list(types)),
        places=known("place", place_ids),
        sources=known("source", list(sources)),
        date_from=_day(params.get("from", ())),
        date_to=_day(params.get("to", ())),
    )


def _day(values: Sequence[str]) -> date | None:
    for value in values:
        try:
            return date.fromisoformat(value)
        except ValueError:
            continue
    return None
