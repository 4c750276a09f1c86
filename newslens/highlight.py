"""Article text as escaped HTML with actors, places and quotes marked. Pure."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from newslens.style import TYPE_COLORS, type_color, type_label


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # an entity type, "PLACE" or "QUOTE"
    label: str  # shown on hover


def _non_overlapping(marks: list[Mark]) -> list[Mark]:
    kept: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if not kept or mark.start >= kept[-1].end:
            kept.append(mark)
    return kept


def _crosses(mark: Mark, quotes: list[Mark]) -> bool:
    return any(q.start < mark.start < q.end < mark.end or mark.start < q.start < mark.end < q.end
               for q in quotes)


def _escape(text: str) -> str:
    """HTML-escaped, "\\r" as a character reference: a raw one could end the HTML block."""
    return html.escape(text).replace("\r", "&#13;")


def _open_tag(mark: Mark) -> str:
    label = html.escape(" ".join(mark.label.split()), quote=True)  # one line
    if mark.kind == "QUOTE":
        return (f'<span class="nl-quote" style="border-bottom:2px solid {TYPE_COLORS["QUOTE"]};" '
                f'title="{label}">')
    color = TYPE_COLORS["PLACE"] if mark.kind == "PLACE" else type_color(mark.kind)
    css_kind = "".join(c for c in mark.kind.lower() if c.isalnum())
    return (f'<mark class="nl-{css_kind}" style="background:{color}33;'
            f'padding:0 2px;border-radius:3px;" title="{label}">')


def highlight_html(text: str, marks: Iterable[Mark]) -> str:
    """Every character of `text` escaped; names as <mark>, quotes as underlined spans.

    Overlapping marks of one family keep the first; a name that straddles a quote's edge is
    dropped, so the tags always nest.
    """
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    quotes = _non_overlapping([m for m in valid if m.kind == "QUOTE"])
    names = [m for m in _non_overlapping([m for m in valid if m.kind != "QUOTE"])
             if not _crosses(m, quotes)]
    # (position, order, tag): closing tags sort before opening ones at the same position,
    # and a quote opens before (closes after) a name at the same position
    events: list[tuple[int, int, str]] = []
    for quote in quotes:
        events += [(quote.start, 2, _open_tag(quote)), (quote.end, 1, "</span>")]
    for name in names:
        events += [(name.start, 3, _open_tag(name)), (name.end, 0, "</mark>")]
    out: list[str] = []
    cursor = 0
    for position, _, tag in sorted(events, key=lambda e: (e[0], e[1])):
        out.append(_escape(text[cursor:position]))
        out.append(tag)
        cursor = position
    out.append(_escape(text[cursor:]))
    body = "".join(out).replace("\n\n", "</p><p>").replace("\n", "<br>")
    return f'<div class="nl-article"><p>{body}</p></div>'


def article_marks(mentions: pd.DataFrame, places: pd.DataFrame, quotes: pd.DataFrame) -> list[Mark]:
    """Marks for an article's actor mentions, place mentions and quotes (queries.ArticleDetail)."""
    marks = [Mark(r.start, r.end, r.type, f"{r.name} ({type_label(r.type)})")
             for r in mentions.itertuples(index=False)]
    marks += [Mark(r.start, r.end, "PLACE", f"{r.name} ({r.kind}, {r.country or '—'})")
              for r in places.itertuples(index=False)]
    marks += [Mark(r.start, r.end, "QUOTE", f"{r.kind} quote — {r.speaker or 'speaker unknown'}")
              for r in quotes.itertuples(index=False)]
    return marks


def legend_html() -> str:
    """The colour legend of the reader, from fixed labels only."""
    items = [(type_label(t), type_color(t)) for t in ("PERSON", "ORG", "GPE", "NORP")]
    items += [("place", TYPE_COLORS["PLACE"]), ("quote", TYPE_COLORS["QUOTE"])]
    return " ".join(
        f'<span style="background:{color}33;padding:0 4px;border-radius:3px;">'
        f"{html.escape(label)}</span>"
        for label, color in items
    )
