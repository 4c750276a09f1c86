"""Ingestion: files, folders, uploads and pasted text -> `Article` records.

Formats: .txt/.md (the whole file is the text), .html/.htm (trafilatura), .json, .jsonl/.ndjson,
.csv/.tsv, .rss/.atom/.xml (feedparser). Nothing here raises for a bad file or entry: it
becomes an `IngestProblem` with a reason a person can act on, and everything else still goes in.

    result = read_paths(["data/corpus"])
    result.articles, result.problems
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from newslens.ingest.dates import normalise_date
from newslens.ingest.decoding import clean_text
from newslens.ingest.records import content_hash, first_line_title, stable_id
from newslens.ingest.sources import (
    MAX_FILE_BYTES,
    SUPPORTED_EXTENSIONS,
    iter_paths,
    read_bytes,
    size_reason,
)
from newslens.models import Article, IngestProblem

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_EXTENSIONS",
    "IngestResult",
    "article_from_text",
    "content_hash",
    "iter_paths",
    "normalise_date",
    "read_paths",
    "read_upload",
    "size_reason",
    "upload_limit_bytes",
]


@dataclass(frozen=True)
class IngestResult:
    articles: list[Article]
    problems: list[IngestProblem]


def _collect(items: Iterable[Article | IngestProblem]) -> IngestResult:
    articles: list[Article] = []
    problems: list[IngestProblem] = []
    for item in items:
        (articles if isinstance(item, Article) else problems).append(item)
    return IngestResult(articles=articles, problems=problems)


def read_paths(paths: Iterable[str | Path], *, max_chars: int | None = None) -> IngestResult:
    """Everything `iter_paths` yields, collected; see it for ordering and `max_chars`."""
    return _collect(iter_paths(paths, max_chars=max_chars))


def upload_limit_bytes(max_upload_mb: int) -> int:
    """`Settings.max_upload_mb` in bytes; MB as Streamlit's uploader counts them (2**20)."""
    return max_upload_mb * 2**20


def read_upload(name: str, data: bytes, *, max_bytes: int | None = None) -> IngestResult:
    """An uploaded file's bytes, read by the reader its name's extension selects.

    A file bigger than `max_bytes` (or `MAX_FILE_BYTES`) is a problem ("file too large (…;
    limit …)"), not read.
    """
    return _collect(read_bytes(name, data, max_bytes=max_bytes))


def article_from_text(
    text: str, *, title: str | None = None, source: str | None = None, published: str | None = None
) -> Article:
    """An article from pasted text; raises ValueError if there is no text.

    Without a title, the first non-empty line is the title (the text keeps it, as for .txt).
    """
    text = clean_text(text)
    if not text.strip():
        raise ValueError("no text")
    title = (title or "").strip() or first_line_title(text)
    return Article(
        id=stable_id(text),
        text=text,
        title=title,
        published=normalise_date(published),
        source=(source or "").strip() or None,
        origin="pasted text",
    )
