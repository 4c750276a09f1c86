"""The embedded default corpus, built with the real pipeline, through the dashboard.

This is the foundation's acceptance check: the map shows the four new battle-group
countries, the Quotes page lists the seed's Stoltenberg quotes under his full name, and
choosing "Jens Stoltenberg" filters every page. Building takes a minute or two.
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from newslens import queries
from newslens.build import build_from_paths
from newslens.config import DEFAULT_CORPUS_DIR
from newslens.extract import Extractor, load_nlp
from newslens.queries import Filters
from newslens.store import Store
from tests.conftest import ROOT

pytestmark = pytest.mark.model

SEED_ID = "000_5248a3193dba0886"


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory) -> Store:
    store = Store(tmp_path_factory.mktemp("default") / "store.duckdb", idle_close_seconds=0)
    report = build_from_paths([DEFAULT_CORPUS_DIR], store, Extractor(load_nlp("en_core_web_md")))
    assert report.problems == []
    # 180 addresses and the seed; the corpus holds one speech twice
    assert (report.added, report.duplicates) == (180, 1)
    return store


@pytest.fixture
def app(corpus_store, monkeypatch, navigation_mode) -> AppTest:
    monkeypatch.setenv("NEWSLENS_DB", str(corpus_store.path))
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)


def _stoltenberg(store: Store) -> str:
    actors = queries.actor_options(store)
    return actors.loc[actors["name"] == "Jens Stoltenberg", "id"].item()


def test_every_article_is_dated(corpus_store):
    assert queries.key_numbers(corpus_store, Filters())["undated"] == 0


def test_map_shows_the_battle_group_countries(corpus_store):
    seed_places = queries.place_bubbles(corpus_store, Filters(actors=(_stoltenberg(corpus_store),)))
    countries = seed_places.query("kind == 'country'")
    assert {"BG", "HU", "RO", "SK"} <= set(countries["country"])
    assert {"Baltic Sea", "Black Sea"} <= set(seed_places["name"])


def test_quotes_page_lists_the_seed_quotes_of_stoltenberg(app, corpus_store):
    at = app.run()
    at.switch_page("pages/quotes.py").run()
    table = at.dataframe[0].value
    seed_quotes = table[table["article"].str.startswith("NATO Coalition Calls on China")]
    by_him = seed_quotes[seed_quotes["speaker"] == "Jens Stoltenberg"]["quote"].tolist()
    assert len(by_him) >= 10
    assert any(q.startswith("Our message to China is that") for q in by_him)


def test_picking_stoltenberg_filters_every_page(app, corpus_store):
    at = app.run()
    everything = {m.label: m.value for m in at.metric}
    at.multiselect(key="actor").set_value([_stoltenberg(corpus_store)]).run()
    numbers = {m.label: m.value for m in at.metric}
    assert int(numbers["Articles"]) < int(everything["Articles"].replace(",", ""))
    assert at.query_params["actor"] == "Jens Stoltenberg"
    for page in ("map", "timeline", "quotes", "actors", "articles"):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
        captions = " ".join(c.value for c in at.caption)
        assert "Filtered by actor Jens Stoltenberg" in captions, page
    at.switch_page("pages/quotes.py").run()
    quotes = at.dataframe[0].value
    assert len(quotes) < queries.key_numbers(corpus_store, Filters())["quotes"]
    at.switch_page("pages/actors.py").run()
    network = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = {n for t in network["data"] if t.get("mode") == "markers+text" for n in t["text"]}
    assert "Jens Stoltenberg" in names
    at.switch_page("pages/articles.py").run()
    assert SEED_ID in at.selectbox(key="article").options or any(
        "NATO Coalition Calls on China" in o for o in at.selectbox(key="article").options)
