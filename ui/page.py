"""What every page script does first."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from newslens.queries import Filters
from ui.filters import current_filters
from ui.layout import header


def start(title: str, *, lead: str = "") -> Filters:
    """Make sure the entry script ran (sidebar filters, navigation), show the header, return
    the filters.

    Streamlit runs a folder named pages/ as an old-style multipage app, without the entry
    script, until some session has called st.navigation; a first visit straight to a page URL
    would then see no sidebar. Switching the mode off and rerunning runs dashboard.py first.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
    filters = current_filters()
    header(title, filters, lead=lead)
    return filters
