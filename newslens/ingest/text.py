"""Plain text and Markdown: one file, one article, the whole file as its text.

The title line stays in the text so that character offsets found by the extractor point
into the file as the analyst sees it; the title is also given separately.
"""

from __future__ import annotations

from collections.abc import Iterator

from newslens.ingest.decoding import NotText, decode_text
from newslens.ingest.records import first_line_title, stable_id
from newslens.models import Article, IngestProblem


def read_text(data: bytes, origin: str) -> Iterator[Article | IngestProblem]:
    if not data:
        yield IngestProblem(origin, "empty file")
        return
    try:
        text = decode_text(data)
    except NotText as error:
        yield IngestProblem(origin, str(error))
        return
    if not text.strip():
        yield IngestProblem(origin, "no text (only blank space)")
        return
    yield Article(id=stable_id(text), text=text, title=first_line_title(text), origin=origin)
