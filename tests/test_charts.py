"""Figures as objects: the right traces, data, colours and click ids."""

from __future__ import annotations

import pandas as pd

from newslens import charts
from newslens.style import TYPE_COLORS


def test_top_actors_bar_colours_by_type_and_carries_ids():
    frame = pd.DataFrame({"id": ["a", "b", "c"], "name": ["Ann", "NATO", "Bob"],
                          "type": ["PERSON", "ORG", "PERSON"], "mentions": [5, 9, 2]})
    fig = charts.top_actors_bar(frame)
    colours = {trace.name: trace.marker.color for trace in fig.data}
    assert colours == {"person": TYPE_COLORS["PERSON"], "organisation": TYPE_COLORS["ORG"]}
    ids = {row[0] for trace in fig.data for row in trace.customdata}
    assert ids == {"a", "b", "c"}
    # most mentioned on top: the category order runs from fewest to most
    assert list(fig.layout.yaxis.categoryarray) == ["Bob", "Ann", "NATO"]


def test_place_map_has_countries_and_bubbles():
    bubbles = pd.DataFrame({
        "id": ["gn:1", "gn:2"], "name": ["Sofia", "Bulgaria"], "country": ["BG", "BG"],
        "kind": ["city", "country"], "lat": [42.7, 43.0], "lon": [23.3, 25.0],
        "mentions": [1, 4], "articles": [1, 2], "top_actors": [None, "NATO"],
    })
    countries = pd.DataFrame({"country": ["BG", "XX"], "mentions": [5, 1]})
    fig = charts.place_map(bubbles, countries)
    kinds = [trace.type for trace in fig.data]
    assert kinds == ["choropleth", "scattergeo"]
    assert list(fig.data[0].locations) == ["BGR"]  # unknown codes are left out
    points = fig.data[1]
    assert [row[0] for row in points.customdata] == ["gn:1", "gn:2"]
    assert points.marker.size[1] > points.marker.size[0]  # more mentions, bigger bubble
    assert points.customdata[0][5] == "—"  # no co-mentioned actors
    assert fig.layout.geo.showland and fig.layout.geo.showcountries


def test_chart_labels_escape_markup():
    frame = pd.DataFrame({"id": ["a"], "name": ["<img src=x onerror=alert(1)>"],
                          "type": ["PERSON"], "mentions": [1]})
    fig = charts.top_actors_bar(frame)
    assert list(fig.data[0].y) == ["&lt;img src=x onerror=alert(1)&gt;"]


def test_place_map_empty_inputs_still_draw_the_base_map():
    empty_bubbles = pd.DataFrame(columns=["id", "name", "country", "kind", "lat", "lon",
                                          "mentions", "articles", "top_actors"])
    fig = charts.place_map(empty_bubbles, pd.DataFrame(columns=["country", "mentions"]))
    assert fig.data == () and fig.layout.geo.showland


def test_actor_network_nodes_edges_and_ids():
    nodes = pd.DataFrame({"id": ["a", "b", "c"], "name": ["Ann", "NATO", "Lone"],
                          "type": ["PERSON", "ORG", "PERSON"], "mentions": [5, 9, 1],
                          "articles": [2, 3, 1]})
    edges = pd.DataFrame({"source": ["a", "a"], "target": ["b", "zzz"], "articles": [2, 1]})
    fig = charts.actor_network(nodes, edges)
    lines = [t for t in fig.data if t.mode == "lines"]
    assert len(lines) == 1 and sum(v is None for v in lines[0].x) == 1  # one edge; unknown dropped
    markers = [t for t in fig.data if t.mode == "markers+text"]
    assert {row[0] for t in markers for row in t.customdata} == {"a", "b", "c"}
    assert {t.marker.color for t in markers} == {TYPE_COLORS["PERSON"], TYPE_COLORS["ORG"]}
    again = charts.actor_network(nodes, edges)
    assert again.data[1].x == fig.data[1].x  # seeded layout: the same picture every run


def test_timelines():
    per_day = pd.DataFrame({"day": pd.to_datetime(["2022-03-24", "2022-03-25", "2022-03-24"]),
                            "actor_id": ["a", "a", "b"], "name": ["Ann", "Ann", "<b>Bob</b>"],
                            "type": ["PERSON"] * 3, "mentions": [2, 1, 4]})
    fig = charts.mentions_timeline(per_day)
    # plotly reads a subset of HTML in names: they are escaped, so they show as typed
    assert [t.name for t in fig.data] == ["Ann", "&lt;b&gt;Bob&lt;/b&gt;"]
    assert "%{fullData.name}" in fig.data[1].hovertemplate
    quotes = charts.quotes_over_time(pd.DataFrame({"day": ["2022-03-24"], "quotes": [3]}))
    assert list(quotes.data[0].y) == [3]
    articles = charts.articles_over_time(pd.DataFrame({"day": ["2022-03-24"], "articles": [7]}))
    assert list(articles.data[0].y) == [7] and articles.layout.yaxis.title.text == "articles"
