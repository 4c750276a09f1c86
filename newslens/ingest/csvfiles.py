"""CSV and TSV: one article per row, columns named by the header row.

Read as a stream through the csv module, so quoted fields may hold newlines. Rows shorter
than the header leave the missing columns empty; extra cells past the header are ignored.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import BinaryIO

from newslens.ingest.decoding import NotText, text_lines
from newslens.ingest.records import (
    FIELD_ALIASES,
    TEXT_FIELDS,
    article_from_record,
    field_key,
)
from newslens.models import Article, IngestProblem

_DELIMITERS = (",", ";", "\t", "|")


class _LineTooLong(Exception):
    pass


def _guess_delimiter(header: str) -> str:
    """The delimiter that splits the header most; spreadsheets in many locales use ';'."""
    counts = {delimiter: header.count(delimiter) for delimiter in _DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def read_csv(
    stream: BinaryIO, origin: str, *, max_line_bytes: int, delimiter: str | None = None
) -> Iterator[Article | IngestProblem]:
    try:
        raw_lines = text_lines(stream, max_line_bytes=max_line_bytes)
    except NotText as error:
        yield IngestProblem(origin, str(error))
        return
    # Articles are long: the csv module's default field limit (128 KiB) would reject them.
    csv.field_size_limit(max(csv.field_size_limit(), max_line_bytes))

    consumed = 0  # physical lines handed to the csv module so far, for "line N" origins

    def lines() -> Iterator[str]:
        nonlocal consumed
        for line in raw_lines:
            if line is None:
                consumed += 1
                raise _LineTooLong
            # A lone "\r" (old Mac files) ends a line too; the csv module rejects it unquoted.
            for part in line.replace("\r\n", "\n").replace("\r", "\n").splitlines(keepends=True):
                consumed += 1
                yield part

    source = lines()
    try:
        first = next((line for line in source if line.strip()), None)
        if first is not None and first.lower().startswith("sep=") and len(first.strip()) == 5:
            delimiter = first.strip()[4]  # Excel's "sep=;" hint line
            first = next(source, None)
    except _LineTooLong:
        yield IngestProblem(origin, "header line too long to read")
        return
    if first is None:
        yield IngestProblem(origin, "empty file")
        return
    delimiter = delimiter or _guess_delimiter(first)
    try:
        header_row = next(csv.reader([first], delimiter=delimiter), [])
    except csv.Error as error:
        yield IngestProblem(origin, f"malformed CSV header ({error})")
        return
    header = [
        name.strip().lstrip("\ufeff") or f"column {i}" for i, name in enumerate(header_row, 1)
    ]
    text_keys = {field_key(alias) for alias in FIELD_ALIASES["text"]}
    if not any(field_key(name) in text_keys for name in header):
        found = ", ".join(header)
        yield IngestProblem(
            origin, f"no text column (expected one of {TEXT_FIELDS}; found {found})"
        )
        return
    reader = csv.reader(source, delimiter=delimiter)
    previous = consumed
    while True:
        start = previous + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except _LineTooLong:
            yield IngestProblem(
                f"{origin}:line {consumed}", "line too long to read; rest of file skipped"
            )
            return
        except csv.Error as error:
            yield IngestProblem(f"{origin}:line {start}", f"malformed CSV ({error})")
            previous = consumed
            continue
        previous = consumed
        if any(cell.strip() for cell in row):
            # Missing cells read as empty; cells past the header have no name and are ignored.
            record = {name: row[i] if i < len(row) else "" for i, name in enumerate(header)}
            yield article_from_record(record, f"{origin}:line {start}")
