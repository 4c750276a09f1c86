"""The global sidebar filters.

Made in the entry script on every run, so they persist across pages. The URL carries them:
read once when a session starts (a shared link, a reload), written back on every run, so a
filter set by a click on a chart shows in the URL as well as one typed in the sidebar.
(Streamlit's own `bind="query-params"` updates the URL only for changes made by the user
in the widget itself, not for values set from code.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from newslens import queries
from newslens.filter_url import PARAMS, filters_to_params, params_to_filters, unknown_params
from newslens.queries import Filters
from newslens.style import type_label
from newslens.text import escape_markdown
from ui.data import query

ACTOR, TYPE, SOURCE, PLACE, DATES = "actor", "type", "source", "place", "dates"
_SEEDED = "_filters_seeded_from_url"
_IGNORED = "_url_values_not_found"  # (parameter, value) of the opening URL that named nothing
_URL_FILTERS = "_filters_from_url"  # the filters that URL gave, until the user changes them


def _labels(frame) -> dict[str, str]:
    """Display names for ids; a name shared by several ids gets its type or country appended."""
    counts = frame["name"].value_counts()
    labels: dict[str, str] = {}
    for row in frame.itertuples(index=False):
        label = row.name
        if counts[row.name] > 1:
            extra = getattr(row, "type", None) or getattr(row, "country", None) or ""
            label = f"{row.name} ({extra})"
        labels[row.id] = label
    return labels


def request_filter(key: str, values: list[str]) -> None:
    """Set a filter from a click. Call it from a widget callback: callbacks run before the
    rerun makes the sidebar, when a widget's value may still be changed."""
    st.session_state[key] = values


def filter_on_click(chart_key: str, filter_key: str) -> Callable[[], None]:
    """The on_select callback of a chart whose points carry an id first in their customdata:
    a click filters every page by that id."""

    def pick() -> None:
        points = st.session_state[chart_key].selection.points
        ids = [point["customdata"][0] for point in points if point.get("customdata")]
        if ids:
            request_filter(filter_key, ids[:1])

    return pick


def _seed_from_url(filters: Filters, low: date | None, high: date | None) -> None:
    st.session_state[ACTOR] = list(filters.actors)
    st.session_state[TYPE] = list(filters.types)
    st.session_state[PLACE] = list(filters.places)
    st.session_state[SOURCE] = list(filters.sources)
    if low is not None and high is not None:
        st.session_state[DATES] = (
            max(low, filters.date_from or low), min(high, filters.date_to or high)
        )


def _write_url(params: dict[str, list[str]]) -> None:
    for key in PARAMS:
        if key in params:
            if st.query_params.get_all(key) != params[key]:
                st.query_params[key] = params[key]
        elif key in st.query_params:
            del st.query_params[key]


def sidebar() -> Filters:
    actors = query(queries.actor_options)
    actor_names = _labels(actors)
    places = query(queries.place_options)
    place_names = _labels(places)
    sources = query(queries.source_options)
    types = sorted(actors["type"].unique()) if not actors.empty else []
    low, high = query(queries.date_bounds)

    if not st.session_state.get(_SEEDED):
        url = {key: st.query_params.get_all(key) for key in PARAMS}
        known = {"actor_names": actor_names, "place_names": place_names,
                 "types": types, "sources": sources}
        _seed_from_url(params_to_filters(url, **known), low, high)
        st.session_state[_IGNORED] = unknown_params(url, **known)
        st.session_state[_SEEDED] = True

    st.sidebar.header("Filters")
    ignored_note = st.sidebar.empty()

    chosen_actors = st.sidebar.multiselect(
        "Actor", options=list(actor_names), format_func=actor_names.get, key=ACTOR,
        placeholder="Any actor — type a name", filter_mode="contains",
        help="Show only what concerns these actors: the articles that mention them, "
        "their quotes, places and network.",
    )
    chosen_types = st.sidebar.multiselect(
        "Actor type", options=types, format_func=lambda t: f"{type_label(t)} ({t})", key=TYPE,
        placeholder="All types",
    )
    chosen_places = st.sidebar.multiselect(
        "Place", options=list(place_names), format_func=place_names.get, key=PLACE,
        placeholder="Any place", filter_mode="contains",
    )
    chosen_sources = st.sidebar.multiselect(
        "Source", options=sources, key=SOURCE, placeholder="Any source",
    )
    date_from = date_to = None
    if low is not None and high is not None:
        # the whole range until the user narrows it, also when new articles widen it
        if st.session_state.get(DATES) in (None, st.session_state.get("_date_bounds")):
            st.session_state[DATES] = (low, high)
        st.session_state["_date_bounds"] = (low, high)
        picked = st.sidebar.date_input(
            "Published between", min_value=low, max_value=high, key=DATES, format="YYYY-MM-DD",
            help="Articles with no known publication date are shown only when the whole range is.",
        )
        if isinstance(picked, (tuple, list)) and len(picked) == 2:
            # the full range means no date filter, so undated articles stay visible
            if (picked[0], picked[1]) != (low, high):
                date_from, date_to = picked
    filters = Filters(
        actors=tuple(chosen_actors), types=tuple(chosen_types),
        date_from=date_from, date_to=date_to,
        sources=tuple(chosen_sources), places=tuple(chosen_places),
    )
    ignored = st.session_state.get(_IGNORED)
    if ignored and st.session_state.get(_URL_FILTERS, filters) == filters:
        # a link from another store, or a typo: say so rather than show everything silently;
        # once the user changes a filter the note has served
        ignored_note.warning("This link names what this store does not have; ignored: " + ", ".join(
            f"{key} “{escape_markdown(value)}”" for key, value in ignored))
        st.session_state[_URL_FILTERS] = filters
    else:
        st.session_state.pop(_IGNORED, None)
    if not filters.is_empty:
        st.sidebar.button("Clear filters", on_click=clear_filters, width="stretch")
    _write_url(filters_to_params(filters, actor_names=actor_names, place_names=place_names))
    return filters


def clear_filters() -> None:
    for key in (ACTOR, TYPE, SOURCE, PLACE):
        st.session_state[key] = []
    st.session_state.pop(DATES, None)


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
