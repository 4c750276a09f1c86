"""HTML pages: trafilatura finds the article body among menus, ads and footers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from newslens.ingest.dates import normalise_date
from newslens.ingest.decoding import (
    NotText,
    clean_text,
    declared_html_charset,
    decode_text,
)
from newslens.ingest.records import domain_of, stable_id
from newslens.models import Article, IngestProblem


def _date_params() -> dict[str, object]:
    # No "extensive search": guessing a date from any date-like text in the body gives wrong
    # publication dates; a missing date (None) is the honest answer.
    return {
        "original_date": True,
        "extensive_search": False,
        "max_date": dt.date.today().isoformat(),
    }


def read_html(data: bytes, origin: str) -> Iterator[Article | IngestProblem]:
    if not data.strip():
        yield IngestProblem(origin, "empty file")
        return
    try:
        page = decode_text(data, encoding=declared_html_charset(data))
    except NotText as error:
        yield IngestProblem(origin, str(error))
        return
    import trafilatura  # slow to import; only HTML needs it

    try:
        document = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, date_extraction_params=_date_params()
        )
    except Exception as error:  # noqa: BLE001 - lxml/trafilatura raise many kinds on bad markup
        yield IngestProblem(origin, f"could not parse HTML ({type(error).__name__}: {error})")
        return
    text = clean_text(getattr(document, "text", None) or "")
    if not text.strip():
        yield IngestProblem(origin, "no article text found in the HTML")
        return
    url = document.url or None
    yield Article(
        id=stable_id(text),
        text=text,
        title=document.title or None,
        published=normalise_date(document.date),
        source=document.sitename or domain_of(url),
        url=url,
        author=document.author or None,
        origin=origin,
    )
