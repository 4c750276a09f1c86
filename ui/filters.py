"""The global sidebar filters. Made in the entry script on every run, so they persist across
pages; bound to the URL's query parameters, so every filtered view is a shareable link."""

from __future__ import annotations

from datetime import date

import streamlit as st

from newslens import queries
from newslens.queries import Filters
from newslens.style import type_label
from ui.data import query

ACTOR, TYPE, SOURCE, PLACE, DATES = "actor", "type", "source", "place", "dates"


def _labels(frame, id_column: str = "id") -> dict[str, str]:
    """Display names for ids; a name shared by several ids gets its type or country appended."""
    counts = frame["name"].value_counts()
    labels: dict[str, str] = {}
    for row in frame.itertuples(index=False):
        label = row.name
        if counts[row.name] > 1:
            extra = getattr(row, "type", None) or getattr(row, "country", None) or ""
            label = f"{row.name} ({extra})"
        labels[getattr(row, id_column)] = label
    return labels


def request_filter(key: str, values: list[str]) -> None:
    """Set a filter from a click. Call it from a widget callback: callbacks run before the
    rerun makes the sidebar, when a widget's value may still be changed."""
    st.session_state[key] = values


def sidebar() -> Filters:
    actors = query(queries.actor_options)
    actor_names = _labels(actors)
    places = query(queries.place_options)
    place_names = _labels(places)
    low, high = query(queries.date_bounds)

    st.sidebar.header("Filters")
    chosen_actors = st.sidebar.multiselect(
        "Actor", options=list(actor_names), format_func=actor_names.get, key=ACTOR,
        bind="query-params", placeholder="Any actor — type a name",
        help="Show only what concerns these actors: the articles that mention them, "
        "their quotes, places and network.",
    )
    types = sorted(actors["type"].unique()) if not actors.empty else []
    chosen_types = st.sidebar.multiselect(
        "Actor type", options=types, format_func=lambda t: f"{type_label(t)} ({t})", key=TYPE,
        bind="query-params", placeholder="All types",
    )
    chosen_places = st.sidebar.multiselect(
        "Place", options=list(place_names), format_func=place_names.get, key=PLACE,
        bind="query-params", placeholder="Any place",
    )
    sources = query(queries.source_options)
    chosen_sources = st.sidebar.multiselect(
        "Source", options=sources, key=SOURCE, bind="query-params", placeholder="Any source",
    )
    date_from = date_to = None
    if low is not None and high is not None:
        picked = st.sidebar.date_input(
            "Published between", value=(low, high), min_value=low, max_value=high, key=DATES,
            bind="query-params", format="YYYY-MM-DD",
            help="Articles with no known publication date are shown only when the whole range is.",
        )
        if isinstance(picked, (tuple, list)) and len(picked) == 2:
            # the full range means no date filter, so undated articles stay visible
            if (picked[0], picked[1]) != (low, high):
                date_from, date_to = picked
    if any([chosen_actors, chosen_types, chosen_places, chosen_sources, date_from]):
        st.sidebar.button("Clear filters", on_click=clear_filters, width="stretch")
    return Filters(
        actors=tuple(chosen_actors), types=tuple(chosen_types),
        date_from=_as_date(date_from), date_to=_as_date(date_to),
        sources=tuple(chosen_sources), places=tuple(chosen_places),
    )


def clear_filters() -> None:
    for key in (ACTOR, TYPE, SOURCE, PLACE):
        st.session_state[key] = []
    if DATES in st.session_state:
        del st.session_state[DATES]


def _as_date(value) -> date | None:
    return value if isinstance(value, date) else None


def current_filters() -> Filters:
    """The filters the entry script read this run (pages call this)."""
    return st.session_state.get("_filters", Filters())


def describe(filters: Filters) -> str:
    """A short plain-text line saying what is filtered, for captions and empty states."""
    parts = []
    if filters.actors:
        names = _labels(query(queries.actor_options))
        parts.append("actor " + ", ".join(names.get(a, a) for a in filters.actors))
    if filters.places:
        names = _labels(query(queries.place_options))
        parts.append("place " + ", ".join(names.get(p, p) for p in filters.places))
    if filters.sources:
        parts.append("source " + ", ".join(filters.sources))
    if filters.date_from or filters.date_to:
        parts.append(f"published {filters.date_from or '…'} to {filters.date_to or '…'}")
    if filters.types:
        parts.append("types " + ", ".join(filters.types))
    return "; ".join(parts)
