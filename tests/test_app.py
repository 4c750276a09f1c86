"""The dashboard through Streamlit's AppTest: every page, the actor filter, the URL state.

AppTest cannot click plotly charts; it reads the figures it was given, which is enough to
see that the filter reached them. Clicks are tested in the browser tests.
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from newslens.text import escape_markdown
from tests.conftest import ROOT

PAGES = {"pages/overview.py": "Overview", "pages/map.py": "Map", "pages/timeline.py": "Timeline",
         "pages/quotes.py": "Quotes", "pages/actors.py": "Actors", "pages/articles.py": "Articles",
         "pages/add_articles.py": "Add articles"}


@pytest.fixture
def app(tiny_store, monkeypatch, navigation_mode) -> AppTest:
    monkeypatch.setenv("NEWSLENS_DB", str(tiny_store.path))
    tiny_store.close()
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _choose(at: AppTest, key: str, values: list[str]) -> AppTest:
    return at.multiselect(key=key).set_value(values).run()


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [i.value for i in at.info] + [t.value for t in at.title]
    return "\n".join(parts)


@pytest.mark.parametrize(("page", "title"), PAGES.items())
def test_every_page_renders_without_exception(app, page, title):
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert [t.value for t in app.title] == [title]
    assert app.sidebar.multiselect(key="actor").label == "Actor"  # the filters are on every page


def test_overview_numbers(app):
    app.run()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Articles"] == "3" and metrics["Quotes"] == "2" and metrics["Undated articles"] == "1"


def test_choosing_an_actor_filters_every_page(app):
    app.run()
    _choose(app, "actor", ["vladimir-putin"])
    assert {m.label: m.value for m in app.metric}["Articles"] == "1"
    assert app.query_params["actor"] == "Vladimir Putin"  # the URL carries the filter

    app.switch_page("pages/map.py").run()
    assert app.multiselect(key="actor").value == ["vladimir-putin"]  # kept across pages
    geo = [trace for fig in _figures(app) for trace in fig["data"] if trace["type"] == "scattergeo"]
    assert {row[1] for row in geo[0]["customdata"]} == {"Moscow", "Brussels"}

    app.switch_page("pages/quotes.py").run()
    quotes = app.dataframe[0].value
    assert quotes["speaker"].tolist() == ["Vladimir Putin"]

    app.switch_page("pages/actors.py").run()
    network = _figures(app)[0]
    names = {name for trace in network["data"] if trace.get("mode") == "markers+text"
             for name in trace["text"]}
    assert names == {"Vladimir Putin", "Jens Stoltenberg"}

    app.switch_page("pages/articles.py").run()
    assert app.selectbox(key="article").options == ["2022-03-25 — Putin speaks"]

    app.switch_page("pages/timeline.py").run()
    lines = [t["name"] for t in _figures(app)[0]["data"]]
    assert lines == ["Vladimir Putin"]
    assert "Filtered by actor Vladimir Putin" in _texts(app)


def test_url_sets_the_filter(app):
    app.query_params["actor"] = "Jens Stoltenberg"
    app.run()
    assert app.multiselect(key="actor").value == ["jens-stoltenberg"]
    assert {m.label: m.value for m in app.metric}["Articles"] == "2"
    # a reload of another page with the same URL keeps it
    app.switch_page("pages/quotes.py").run()
    assert set(app.dataframe[0].value["speaker"]) == {"Jens Stoltenberg", "Vladimir Putin"}


def test_a_url_naming_what_the_store_lacks_says_so_until_the_user_moves_on(app):
    app.query_params["actor"] = ["jens-stoltenberg", "Nobody [x](javascript:alert(1))"]
    app.query_params["from"] = "yesterday"
    app.run()
    # the id works as well as the name; the rest is named in a warning, escaped
    assert app.multiselect(key="actor").value == ["jens-stoltenberg"]
    warning = app.sidebar.warning[0].value
    assert f"actor “{escape_markdown('Nobody [x](javascript:alert(1))')}”" in warning
    assert "from “yesterday”" in warning and "[x](" not in warning
    app.switch_page("pages/quotes.py").run()
    assert app.sidebar.warning  # the same filters, still the link's
    _choose(app, "actor", [])
    assert not app.sidebar.warning


def test_other_filters(app):
    app.query_params["source"] = "paper-b"
    app.run()
    assert {m.label: m.value for m in app.metric}["Articles"] == "1"
    _choose(app, "source", [])
    _choose(app, "type", ["ORG"])
    app.switch_page("pages/actors.py").run()
    assert app.dataframe[0].value["name"].tolist() == ["NATO"]


def test_empty_states_say_what_is_missing(app):
    app.run()
    _choose(app, "actor", ["joe-biden"])
    app.switch_page("pages/quotes.py").run()
    assert "No quotes for actor Joe Biden" in _texts(app)
    app.switch_page("pages/timeline.py").run()
    assert "No dated quotes for actor Joe Biden" in _texts(app)


def test_quote_search_and_download(app):
    app.run()
    app.switch_page("pages/quotes.py").run()
    app.text_input(key="quote_search").input("stand").run()
    shown = app.dataframe[0].value
    assert shown["quote"].tolist() == ["We stand with Ukraine,"]
    assert not app.exception


def test_clear_filters(app):
    app.query_params["actor"] = "Jens Stoltenberg"
    app.run()
    app.button[0].click().run()
    assert app.multiselect(key="actor").value == []
    assert {m.label: m.value for m in app.metric}["Articles"] == "3"


def test_article_reader_escapes_and_marks(app):
    app.run()
    app.switch_page("pages/articles.py").run()
    app.selectbox(key="article").set_value("a1").run()
    html = "\n".join(m.value for m in app.markdown)
    assert '<mark class="nl-person"' in html and "Jens Stoltenberg</mark>" in html
    assert 'class="nl-quote"' in html
    # the actor table names types as the legend does
    actor_types = set(app.dataframe[0].value["type"])
    assert "person" in actor_types and not actor_types & {"PERSON", "ORG", "GPE"}
