"""Finishing touches on the core's plotly figures that depend on what a page shows.

The figures come from newslens.charts (pure, tested as objects); these adjust axes and colours
for the data at hand, so every chart speaks in days and in the entity colours of the legend.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from newslens.style import type_color

_DAY_MS = 86_400_000
_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]


def day_axis(fig: go.Figure, days) -> go.Figure:
    """A date axis in days: "24 Mar 2022", never the "12:00" ticks plotly puts between days."""
    days = pd.to_datetime(pd.Series(list(days)), errors="coerce").dropna()
    fig.update_xaxes(tickformat="%-d %b\n%Y", hoverformat="%-d %b %Y")
    if not days.empty and (days.max() - days.min()).days <= 14:
        fig.update_xaxes(dtick=_DAY_MS, tick0=days.min())
    return fig


def lines_by_type(fig: go.Figure, per_day: pd.DataFrame) -> go.Figure:
    """One colour per entity type, as in every other chart; actors of one type differ by dash."""
    types = dict(zip(per_day["name"].astype(str), per_day["type"]))
    seen: dict[str, int] = {}
    for trace in fig.data:
        entity_type = types.get(_unescaped(trace.name))
        number = seen.get(entity_type, 0)
        seen[entity_type] = number + 1
        trace.line.color = type_color(entity_type)
        trace.line.dash = _DASHES[number % len(_DASHES)]
        trace.marker.color = type_color(entity_type)
    return fig


def _unescaped(name: str | None) -> str:
    import html

    return html.unescape(name or "")
