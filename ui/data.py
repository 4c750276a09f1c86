"""Cached access to the store and the extractor for the pages.

The store's file version is part of every cache key, so articles added by the Add articles
page or by `python -m newslens build` appear in every view on the next rerun.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from newslens import article_index, queries
from newslens.config import load_settings
from newslens.extract import Extractor
from newslens.store import Store

MAP_CONFIG = {"topojsonURL": "/app/static/topojson/", "displaylogo": False}
CHART_CONFIG = {"displaylogo": False}


@st.cache_resource
def _store_at(path: str) -> Store:
    return Store(path)


def get_store() -> Store:
    """The store named by the settings (one per path, shared by all sessions)."""
    return _store_at(str(load_settings().db_path))


def warm_article_index() -> None:
    """After a run: read the article index of the store's current version in the background
    if no one has yet. A filter's counts need it (about a second at 100,000 articles); read
    after the page is drawn, it does not slow the first page, which has no filter."""
    store = get_store()
    if store.exists():
        article_index.warm(store)


@st.cache_resource(show_spinner="Loading the language model…")
def get_extractor() -> Extractor:
    return Extractor.from_settings(load_settings())


@st.cache_data(max_entries=512, show_spinner=False)
def _cached(name: str, path: str, version: Any, args: tuple, kwargs: tuple) -> Any:
    return getattr(queries, name)(_store_at(path), *args, **dict(kwargs))


def query(function: Callable, *args: Any, **kwargs: Any) -> Any:
    """Run a function of newslens.queries against the store, cached until the store changes."""
    store = get_store()
    return _cached(function.__name__, str(store.path), store.version(), args,
                   tuple(sorted(kwargs.items())))
