"""What every page script does first."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from newslens.queries import Filters
from ui.filters import current_filters
from ui.layout import header


def use_navigation() -> None:
    """Leave Streamlit's old multipage mode before anything is drawn.

    Streamlit runs an app beside a folder named pages/ as an old-style multipage app until
    some session has called st.navigation. In that first run a page URL runs the page without
    the entry script (no sidebar), and widgets get other ids than in every later run, so the
    first choice a user makes is lost. Switching the mode off and rerunning avoids both.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def start(title: str, *, lead: str = "") -> Filters:
    """What a page does first: the entry script has run, the header; returns the filters."""
    use_navigation()
    filters = current_filters()
    header(title, filters, lead=lead)
    return filters
