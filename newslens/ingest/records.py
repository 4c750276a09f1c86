"""Mapping loose records (JSON objects, CSV rows, feed entries) onto `Article`.

Field names are matched case- and punctuation-insensitively ("publishedAt", "Published At"
and "published_at" are one name), first the contract name, then its aliases in order; the
first non-empty value wins.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from newslens.ingest.dates import normalise_date
from newslens.ingest.decoding import clean_text
from newslens.ingest.htmltext import html_to_text, looks_like_html
from newslens.models import Article, IngestProblem

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "doc_id", "guid"),
    "text": ("text", "body", "content", "article", "full_text"),
    "title": ("title", "headline"),
    "published": (
        "published",
        "date",
        "published_at",
        "pubdate",
        "publication_date",
        "datetime",
    ),
    "url": ("url", "link"),
    "source": ("source", "publisher", "outlet", "domain"),
    "author": ("author", "byline", "authors"),
}
TEXT_FIELDS = "/".join(FIELD_ALIASES["text"])
MAX_TITLE_CHARS = 200  # a first line longer than this is a paragraph, not a headline

_NESTED_KEYS = ("rendered", "name", "value", "text", "title", "href")  # WordPress, NewsAPI, ...


def field_key(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def content_hash(text: str) -> str:
    """sha256 hex of the text with Unicode composed (NFC) and runs of whitespace made one space.

    Two copies of an article that differ only in line wrapping or trailing blanks hash alike,
    so building twice from the same files adds nothing to the store.
    """
    normalised = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def stable_id(text: str) -> str:
    return content_hash(text)[:16]


def domain_of(url: str | None) -> str | None:
    """ "https://www.president.gov.ua/news/x" -> "president.gov.ua"; None if there is no host."""
    if not url:
        return None
    url = url.strip()
    if "://" not in url and not url.startswith("//"):
        url = "//" + url  # "example.com/page" has no scheme but still names a host
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return re.sub(r"^www\d*\.", "", host.rstrip("."))


def first_line_title(text: str) -> str | None:
    """First non-empty line, markdown '#' marks stripped, shortened at a word if very long."""
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            if len(line) > MAX_TITLE_CHARS:
                line = line[:MAX_TITLE_CHARS].rsplit(" ", 1)[0].rstrip() + "…"
            return line
    return None


def _plain(value: Any, joiner: str, *, strip: bool = True) -> str | None:
    """A field value as a string: nested {"rendered": ...} / {"name": ...} objects and lists
    of them are flattened; blank values and containers with nothing usable give None.

    Article text is not stripped (strip=False): offsets a user computed on the text they gave
    must still point at the same characters."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        if not value.strip():
            return None
        return value.strip() if strip else value
    if isinstance(value, int | float):
        return None if math.isnan(value) else str(value)  # NaN: pandas' empty cell
    if isinstance(value, Mapping):
        for key in _NESTED_KEYS:
            if key in value:
                return _plain(value[key], joiner, strip=strip)
        return None
    if isinstance(value, list | tuple):
        parts = [part for part in (_plain(item, joiner, strip=strip) for item in value) if part]
        return joiner.join(parts) or None
    return None


def pick(record: Mapping[str, Any], field: str) -> Any:
    """The raw value of a contract field from a record, trying the field's aliases in order."""
    by_key: dict[str, Any] = {}
    for name, value in record.items():
        if isinstance(name, str):
            by_key.setdefault(field_key(name), value)
    for alias in FIELD_ALIASES[field]:
        value = by_key.get(field_key(alias))
        if value is not None and value != "" and value != [] and value != {}:
            return value
    return None


def _maybe_html(text: str | None) -> str | None:
    """CMS exports often carry HTML in text fields; analysts want the words."""
    if text and looks_like_html(text):
        return html_to_text(text).strip() or None
    return text


def article_from_record(record: Mapping[str, Any], origin: str) -> Article | IngestProblem:
    """One Article from a record, or the problem that stops it from being one."""
    raw_text = pick(record, "text")
    if raw_text is None:
        has_field = any(
            field_key(name) in {field_key(a) for a in FIELD_ALIASES["text"]}
            for name in record
            if isinstance(name, str)
        )
        reason = "no text" if has_field else f"no text field (expected one of {TEXT_FIELDS})"
        return IngestProblem(origin, reason)
    text = _maybe_html(_plain(raw_text, "\n\n", strip=False))
    if isinstance(raw_text, Mapping) and text is None:
        return IngestProblem(origin, "no text (the text field holds an object with no text in it)")
    text = clean_text(text or "")
    if not text.strip():
        return IngestProblem(origin, "no text")
    url = _plain(pick(record, "url"), " ")
    given_id = pick(record, "id")
    given_id = _plain(given_id, " ") if not isinstance(given_id, Mapping | list) else None
    title = _maybe_html(_plain(pick(record, "title"), " "))
    return Article(
        id=given_id or stable_id(text),
        text=text,
        title=clean_text(title).replace("\n", " ") if title else None,
        published=normalise_date(pick(record, "published")),
        source=_plain(pick(record, "source"), ", ") or domain_of(url),
        url=url,
        author=_plain(pick(record, "author"), ", "),
        origin=origin,
    )
