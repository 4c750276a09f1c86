"""Small rendering helpers shared by the pages."""

from __future__ import annotations

import streamlit as st

from newslens.queries import Filters
from ui.filters import describe


def header(title: str, filters: Filters, *, lead: str = "") -> None:
    st.title(title)
    active = describe(filters)
    if lead:
        st.caption(lead)
    if active:
        st.caption(f"Filtered by {active}.")


def empty(what: str, filters: Filters) -> None:
    """An empty state that says what is missing and why."""
    active = describe(filters)
    if active:
        st.info(f"No {what} for {active}. Widen the filters in the sidebar.")
    else:
        st.info(f"No {what} yet. Add articles on the Add articles page.")
