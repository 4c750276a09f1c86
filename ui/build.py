"""Building the store from the dashboard, with a progress bar."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import streamlit as st

from newslens.build import BuildReport, Progress, add_articles, build_from_paths
from newslens.config import load_settings
from newslens.models import Article, IngestProblem
from ui.data import get_extractor, get_store

_STAGES = {
    "reading": "Reading files…",
    "extracting": "Extracting actors, places, quotes and dates",
    "linking": "Linking actors across articles…",
    "done": "Done",
}


def _progress_bar():
    bar = st.progress(0.0, text="Starting…")

    def show(progress: Progress) -> None:
        share = progress.done / progress.total if progress.total else 0.0
        text = _STAGES[progress.stage]
        if progress.stage == "extracting":
            text += f": {progress.done:,} of {progress.total:,} articles"
        bar.progress(min(1.0, share), text=text)

    return bar, show


@st.cache_resource
def _build_lock() -> threading.Lock:
    """One build at a time in this server, whichever session starts it."""
    return threading.Lock()


def build_default_corpus() -> BuildReport | None:
    """Build the store from the embedded corpus, unless another session just did."""
    settings = load_settings()
    with _build_lock():
        if get_store().exists() and get_store().article_count() > 0:
            return None
        return _build_default_corpus(settings)


def _build_default_corpus(settings) -> BuildReport:
    st.info(
        f"First start: building the store from the default corpus in `{settings.corpus_dir.name}/`. "
        "This takes a few minutes once; later starts are instant."
    )
    bar, show = _progress_bar()
    report = build_from_paths([settings.corpus_dir], get_store(), get_extractor(), on_progress=show)
    bar.empty()
    st.cache_data.clear()
    return report


def add_with_progress(articles: Sequence[Article], problems: Sequence[IngestProblem]) -> BuildReport:
    if not articles:  # only problems to record: no need to load the language model
        get_store().add_problems(problems)
        st.cache_data.clear()
        return BuildReport(problems=list(problems))
    bar, show = _progress_bar()
    with _build_lock():
        report = add_articles(articles, get_store(), get_extractor(), problems=problems,
                              on_progress=show)
    bar.empty()
    st.cache_data.clear()
    return report
