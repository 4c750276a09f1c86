"""RSS and Atom feeds: feedparser, one article per entry.

An entry's text is its full content when the feed carries it, else its summary, with HTML
reduced to plain text. An entry without either is reported, and the others still go in.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from typing import Any

from newslens.ingest.dates import normalise_date
from newslens.ingest.decoding import NotText, bom_encoding, clean_text, detect_encoding
from newslens.ingest.htmltext import html_to_text, looks_like_html
from newslens.ingest.records import domain_of, stable_id
from newslens.models import Article, IngestProblem

_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)


def looks_like_feed(data: bytes) -> bool:
    """True if the start of an .xml file opens an RSS, Atom or RSS 1.0 (RDF) feed."""
    head = data[:4096]
    text = head.decode(bom_encoding(head) or "utf-8", errors="ignore").replace("\x00", "")
    return bool(_FEED_ROOT.search(text))


def _plain(detail: Any, value: str | None) -> str:
    """Text of a feed field; HTML (declared, or recognisable) becomes plain text."""
    value = value or ""
    kind = (detail or {}).get("type", "") if isinstance(detail, dict) else ""
    if "html" in kind or looks_like_html(value):
        value = html_to_text(value)
    return clean_text(value).strip()


def _entry_text(entry: Any) -> str:
    contents = [item for item in entry.get("content") or [] if (item.get("value") or "").strip()]
    if contents:
        longest = max(contents, key=lambda item: len(item.get("value") or ""))
        return _plain(longest, longest.get("value"))
    return _plain(entry.get("summary_detail"), entry.get("summary"))


def _entry_date(entry: Any) -> str | None:
    # The date string as written first (a date as the publisher wrote it); feedparser's
    # parsed tuples are converted to UTC and can shift the day.
    # dict.get: feedparser's own get() maps missing keys onto others, with a warning.
    for key in ("published", "updated", "created"):
        if parsed := normalise_date(dict.get(entry, key)):
            return parsed
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)
        if isinstance(value, time.struct_time):
            return time.strftime("%Y-%m-%d", value)
    return None


def read_feed(data: bytes, origin: str) -> Iterator[Article | IngestProblem]:
    if not data.strip():
        yield IngestProblem(origin, "empty file")
        return
    try:
        detect_encoding(data[:1024])
    except NotText as error:
        yield IngestProblem(origin, str(error))
        return
    import feedparser  # only feeds need it

    # A stream, not bytes: feedparser would treat bytes that look like a path as a file name.
    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            reason = f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})"
        else:
            reason = "feed has no entries"
        yield IngestProblem(origin, reason)
        return
    feed = parsed.get("feed") or {}
    feed_title = _plain(feed.get("title_detail"), feed.get("title")) or None
    for number, entry in enumerate(entries, start=1):
        where = f"{origin}#entry {number}"
        text = _entry_text(entry)
        if not text:
            yield IngestProblem(where, "no text (the entry has neither content nor summary)")
            continue
        url = (entry.get("link") or "").strip() or None
        entry_source = entry.get("source") or {}
        yield Article(
            id=(entry.get("id") or "").strip() or stable_id(text),
            text=text,
            title=_plain(entry.get("title_detail"), entry.get("title")) or None,
            published=_entry_date(entry),
            source=(entry_source.get("title") or "").strip() or domain_of(url) or feed_title,
            url=url,
            author=(entry.get("author") or "").strip() or None,
            origin=where,
        )
