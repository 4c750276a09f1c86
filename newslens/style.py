"""One colour per entity type, used by every chart, highlight and legend."""

from __future__ import annotations

import pandas as pd

TYPE_COLORS: dict[str, str] = {
    "PERSON": "#1f77b4",  # blue
    "ORG": "#d62728",  # red
    "GPE": "#2ca02c",  # green
    "LOC": "#17becf",  # teal
    "NORP": "#9467bd",  # purple
    "FAC": "#8c564b",  # brown
    "EVENT": "#e377c2",  # pink
    "PLACE": "#ff7f0e",  # orange: places on the map and in the reader
    "QUOTE": "#bcbd22",  # olive: quoted words in the reader
}
OTHER_COLOR = "#7f7f7f"

TYPE_LABELS: dict[str, str] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "state / city",
    "LOC": "location",
    "NORP": "group (nationality, religion, party)",
    "FAC": "facility",
    "EVENT": "event",
}


def type_color(entity_type: str | None) -> str:
    return TYPE_COLORS.get(entity_type or "", OTHER_COLOR)


def type_label(entity_type: str | None) -> str:
    return TYPE_LABELS.get(entity_type or "", (entity_type or "other").lower())


def with_type_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its `type` column in the words of the legend, for tables users read."""
    return frame.assign(type=frame["type"].map(type_label))
