"""Plotly figure builders: DataFrames in, figures out. Pure; tested as figure objects.

Clickable charts carry the id of what was clicked in `customdata[0]` of each point, so a page
can turn a selection into a filter without knowing how the figure was drawn.
"""

from __future__ import annotations

import html
import math

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from newslens.countries import country_name, iso3
from newslens.style import TYPE_COLORS, type_color, type_label


def _esc(values):
    """Names as plotly text: plotly reads a subset of HTML in labels, so escape what we show."""
    if isinstance(values, str):
        return html.escape(values, quote=False)
    return [html.escape(str(v), quote=False) if v is not None else v for v in values]


_FONT = dict(family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size=13)


def _layout(fig: go.Figure, *, height: int = 420, **kwargs) -> go.Figure:
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=30, b=10),
        font=_FONT,
        hoverlabel=dict(font_size=13),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        **kwargs,
    )
    return fig


def top_actors_bar(actors: pd.DataFrame, *, title: str = "") -> go.Figure:
    """Horizontal bars of actors by mentions, one colour per type (columns: id, name, type, mentions)."""
    frame = actors.sort_values("mentions")
    fig = go.Figure()
    for entity_type, group in frame.groupby("type", sort=False):
        fig.add_bar(
            x=group["mentions"], y=_esc(group["name"]), orientation="h",
            name=type_label(entity_type), marker_color=type_color(entity_type),
            customdata=group[["id"]].to_numpy(),
            hovertemplate="<b>%{y}</b><br>%{x} mentions<extra>" + type_label(entity_type) + "</extra>",
        )
    fig.update_yaxes(categoryorder="array", categoryarray=_esc(frame["name"]), title=None)
    fig.update_xaxes(title="mentions")
    return _layout(fig, height=max(220, 24 * len(frame) + 80), title=title or None, barmode="stack")


def top_places_bar(places: pd.DataFrame) -> go.Figure:
    frame = places.sort_values("mentions")
    fig = go.Figure(go.Bar(
        x=frame["mentions"], y=_esc(frame["name"]), orientation="h",
        marker_color=TYPE_COLORS["PLACE"], customdata=frame[["id"]].to_numpy(),
        hovertemplate="<b>%{y}</b><br>%{x} mentions<extra></extra>",
    ))
    fig.update_xaxes(title="mentions")
    return _layout(fig, height=max(220, 24 * len(frame) + 80))


def articles_over_time(per_day: pd.DataFrame) -> go.Figure:
    fig = go.Figure(go.Bar(
        x=per_day["day"], y=per_day["articles"], marker_color="#4c78a8",
        hovertemplate="%{x|%d %b %Y}<br>%{y} articles<extra></extra>",
    ))
    fig.update_xaxes(title="publication date")
    fig.update_yaxes(title="articles")
    return _layout(fig, height=300)


def place_map(bubbles: pd.DataFrame, countries: pd.DataFrame) -> go.Figure:
    """Countries shaded by mentions, places as bubbles sized by mentions.

    `bubbles`: id, name, country, kind, lat, lon, mentions, articles, top_actors.
    `countries`: country (ISO2), mentions. Draws offline only when the page passes a local
    `topojsonURL` in the chart config.
    """
    fig = go.Figure()
    shaded = countries.assign(iso3=countries["country"].map(iso3)).dropna(subset=["iso3"])
    if not shaded.empty:
        fig.add_choropleth(
            # shade by log mentions, so a few dominant countries do not wash out the rest
            locations=shaded["iso3"], z=[math.log1p(n) for n in shaded["mentions"]],
            locationmode="ISO-3", colorscale="Blues", showscale=False, marker_line_width=0.3,
            zmin=0, customdata=list(zip(_esc([country_name(c) or c for c in shaded["country"]]),
                                        shaded["mentions"])),
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]} place mentions in this "
            "country<extra></extra>",
            name="countries",
        )
    if not bubbles.empty:
        peak = max(1, int(bubbles["mentions"].max()))
        sizes = [8 + 32 * math.sqrt(n / peak) for n in bubbles["mentions"]]
        top = bubbles["top_actors"].fillna("—")
        fig.add_scattergeo(
            lat=bubbles["lat"], lon=bubbles["lon"], mode="markers",
            marker=dict(size=sizes, color=TYPE_COLORS["PLACE"], opacity=0.75,
                        line=dict(width=1, color="white")),
            customdata=list(zip(bubbles["id"], _esc(bubbles["name"]), bubbles["kind"].fillna(""),
                                bubbles["mentions"], bubbles["articles"], _esc(top))),
            hovertemplate=(
                "<b>%{customdata[1]}</b> (%{customdata[2]})<br>%{customdata[3]} mentions in "
                "%{customdata[4]} articles<br>with: %{customdata[5]}<extra></extra>"
            ),
            name="places",
        )
    fig.update_geos(
        projection_type="natural earth", showland=True, landcolor="#f2f2f2",
        showcountries=True, countrycolor="#9a9a9a", showocean=True, oceancolor="#e8f1fa",
        showcoastlines=True, coastlinecolor="#9a9a9a", showframe=False,
        resolution=110, projection_rotation=dict(lon=10), lataxis_range=[-58, 85],
    )
    # the world is about twice as wide as high: no band of empty ocean above and below it
    return _layout(fig, height=470, showlegend=False, clickmode="event+select", dragmode="pan")


def mentions_timeline(per_day: pd.DataFrame) -> go.Figure:
    """Mentions per day, one line per actor (columns: day, actor_id, name, type, mentions)."""
    fig = go.Figure()
    palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
               "#e377c2", "#bcbd22", "#7f7f7f"]
    for number, (name, group) in enumerate(per_day.groupby("name", sort=False)):
        fig.add_scatter(
            x=group["day"], y=group["mentions"], mode="lines+markers", name=_esc(str(name)),
            line=dict(color=palette[number % len(palette)], width=2),
            customdata=group[["actor_id"]].to_numpy(),
            hovertemplate="<b>%{fullData.name}</b><br>%{x|%d %b %Y}: %{y} mentions<extra></extra>",
        )
    fig.update_xaxes(title="publication date")
    fig.update_yaxes(title="mentions", rangemode="tozero")
    return _layout(fig, height=380)


def quotes_over_time(per_day: pd.DataFrame) -> go.Figure:
    fig = go.Figure(go.Bar(
        x=per_day["day"], y=per_day["quotes"], marker_color=TYPE_COLORS["QUOTE"],
        hovertemplate="%{x|%d %b %Y}<br>%{y} quotes<extra></extra>",
    ))
    fig.update_xaxes(title="publication date")
    fig.update_yaxes(title="quotes")
    return _layout(fig, height=260)


def actor_network(nodes: pd.DataFrame, edges: pd.DataFrame, *, seed: int = 7) -> go.Figure:
    """Co-occurrence network: nodes sized by mentions and coloured by type, edges by shared articles."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes["id"])
    known = set(nodes["id"])
    for row in edges.itertuples(index=False):
        if row.source in known and row.target in known:
            graph.add_edge(row.source, row.target, weight=row.articles)
    positions = nx.spring_layout(graph, seed=seed, weight="weight", k=1.2 / math.sqrt(max(1, len(graph))))
    fig = go.Figure()
    if graph.number_of_edges():
        edge_x: list[float | None] = []
        edge_y: list[float | None] = []
        for a, b in graph.edges():
            edge_x += [positions[a][0], positions[b][0], None]
            edge_y += [positions[a][1], positions[b][1], None]
        fig.add_scatter(x=edge_x, y=edge_y, mode="lines", hoverinfo="skip",
                        line=dict(width=0.6, color="#c8c8c8"), showlegend=False)
    peak = max(1, int(nodes["mentions"].max())) if not nodes.empty else 1
    degree = dict(graph.degree())
    for entity_type, group in nodes.groupby("type", sort=False):
        fig.add_scatter(
            x=[positions[i][0] for i in group["id"]], y=[positions[i][1] for i in group["id"]],
            mode="markers+text", text=_esc(group["name"]), textposition="top center",
            textfont=dict(size=11),
            marker=dict(size=[10 + 30 * math.sqrt(n / peak) for n in group["mentions"]],
                        color=type_color(entity_type), line=dict(width=1, color="white")),
            name=type_label(entity_type),
            customdata=list(zip(group["id"], group["mentions"], group["articles"],
                                [degree.get(i, 0) for i in group["id"]])),
            hovertemplate=(
                "<b>%{text}</b><br>%{customdata[1]} mentions in %{customdata[2]} articles<br>"
                "appears with %{customdata[3]} of these actors<extra>"
                + type_label(entity_type) + "</extra>"
            ),
        )
    fig.update_xaxes(visible=False)
    # the layout has no meaningful aspect: fill the chart's width and height, on a phone too
    fig.update_yaxes(visible=False)
    return _layout(fig, height=620, clickmode="event+select", dragmode="pan")
