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


def highlight_html(text: str, marks: Iterable[Mark], *, max_chars: int | None = None) -> str:
    """Every character of `text` escaped; names as <mark>, quotes as underlined spans.

    Overlapping marks of one family keep the first; a name that straddles a quote's edge is
    dropped, so the tags always nest. With `max_chars`, only the first `max_chars` characters
    are written, and a mark that does not end within them is dropped (see `shown_note`).
    """
    if max_chars is not None:
        text = text[:max(0, max_chars)]
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
    open_tags: list[str] = []  # a paragraph break closes them and opens them again
    for position, _, tag in sorted(events, key=lambda e: (e[0], e[1])):
        out.append(_segment(text[cursor:position], open_tags))
        out.append(tag)
        if tag.startswith("</"):
            open_tags.pop()
        else:
            open_tags.append(tag)
        cursor = position
    out.append(_segment(text[cursor:], open_tags))
    return f'<div class="nl-article"><p>{"".join(out)}</p></div>'


def _segment(text: str, open_tags: list[str]) -> str:
    """Escaped text between two tags; "\n\n" a new paragraph, "\n" a line break.

    A mark or quote that spans a paragraph break is closed before it and opened again after,
    so the tags stay nested inside each <p>.
    """
    closes = "".join("</span>" if t.startswith("<span") else "</mark>" for t in reversed(open_tags))
    paragraph = f"{closes}</p><p>{''.join(open_tags)}"
    return _escape(text).replace("\n\n", paragraph).replace("\n", "<br>")


def shown_note(length: int, max_chars: int) -> str | None:
    """What the reader says when it shows only the first `max_chars` of `length` characters."""
    if length <= max_chars:
        return None
    return (f"Showing the first {max_chars:,} of {length:,} characters; the rest is stored but "
            "not shown. Actors, places and quotes are marked in the part shown.")


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
