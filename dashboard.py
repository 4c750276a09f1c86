"""newslens dashboard: `streamlit run dashboard.py`."""

import streamlit as st

from newslens import queries
from ui.auth import require_login
from ui.build import build_default_corpus
from ui.data import get_store, query, warm_article_index
from ui.filters import sidebar
from ui.page import use_navigation

st.set_page_config(page_title="newslens", page_icon="📰", layout="wide")
use_navigation()
pages = [
    st.Page("pages/overview.py", title="Overview", url_path="overview", default=True),
    st.Page("pages/map.py", title="Map", url_path="map"),
    st.Page("pages/timeline.py", title="Timeline", url_path="timeline"),
    st.Page("pages/quotes.py", title="Quotes", url_path="quotes"),
    st.Page("pages/actors.py", title="Actors", url_path="actors"),
    st.Page("pages/articles.py", title="Articles", url_path="articles"),
    st.Page("pages/add_articles.py", title="Add articles", url_path="add_articles"),
]
require_login(pages)  # off unless .streamlit/secrets.toml asks for a login

if not get_store().exists():
    build_default_corpus()  # first start: there is no store yet
elif query(queries.key_numbers, queries.Filters())["articles"] == 0:
    st.sidebar.info("The store is empty: add articles on the Add articles page.")

st.session_state["_filters"] = sidebar()

st.navigation(pages).run()
warm_article_index()
