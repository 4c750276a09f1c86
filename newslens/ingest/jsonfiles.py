"""JSON (an object, a list of objects, or a wrapper such as {"articles": [...]}) and
JSON Lines (one object per line, read as a stream so corpora of any size fit)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from newslens.ingest.decoding import NotText, decode_text, text_lines
from newslens.ingest.records import article_from_record, pick
from newslens.models import Article, IngestProblem

# Keys under which exports commonly nest their list of articles.
WRAPPER_KEYS = ("articles", "items", "data", "results", "entries", "documents", "records", "posts")


def _type_name(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        type(None): "null",
    }.get(type(value), "a number")


def _json_error(error: json.JSONDecodeError, *, with_line: bool) -> str:
    where = f"line {error.lineno} column {error.colno}" if with_line else f"column {error.colno}"
    return f"invalid JSON ({error.msg} at {where})"


def read_json(data: bytes, origin: str) -> Iterator[Article | IngestProblem]:
    if not data.strip():
        yield IngestProblem(origin, "empty file")
        return
    try:
        text = decode_text(data)
    except NotText as error:
        yield IngestProblem(origin, str(error))
        return
    try:
        value = json.loads(text, strict=False)  # strict=False: raw tabs/newlines in strings
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":  # a .json file that is really JSON Lines
            yield from _records_from_lines(iter(text.splitlines(keepends=True)), origin)
        else:
            yield IngestProblem(origin, _json_error(error, with_line=True))
        return
    if isinstance(value, Mapping) and pick(value, "text") is None:
        nested = next(
            (value[key] for key in WRAPPER_KEYS if isinstance(value.get(key), list)), None
        )
        if nested is not None:
            value = nested
    if isinstance(value, Mapping):
        yield article_from_record(value, origin)
    elif isinstance(value, list):
        if not value:
            yield IngestProblem(origin, "no articles (the list is empty)")
        for number, entry in enumerate(value, start=1):
            where = f"{origin}#entry {number}"
            if isinstance(entry, Mapping):
                yield article_from_record(entry, where)
            else:
                yield IngestProblem(where, f"not an object (got {_type_name(entry)})")
    else:
        yield IngestProblem(
            origin, f"JSON holds {_type_name(value)}, expected an object or a list of objects"
        )


def read_jsonl(
    stream: BinaryIO, origin: str, *, max_line_bytes: int
) -> Iterator[Article | IngestProblem]:
    try:
        lines = text_lines(stream, max_line_bytes=max_line_bytes)
    except NotText as error:
        yield IngestProblem(origin, str(error))
        return
    yield from _records_from_lines(lines, origin)


def _records_from_lines(
    lines: Iterator[str | None], origin: str
) -> Iterator[Article | IngestProblem]:
    seen_any = False
    for number, line in enumerate(lines, start=1):
        where = f"{origin}:line {number}"
        if line is None:
            seen_any = True
            yield IngestProblem(where, "line too long to read")
            continue
        line = line.strip().lstrip("\ufeff")  # a BOM can start a line of concatenated files
        if not line:
            continue
        seen_any = True
        try:
            value = json.loads(line, strict=False)
        except json.JSONDecodeError as error:
            yield IngestProblem(where, _json_error(error, with_line=False))
            continue
        if isinstance(value, Mapping):
            yield article_from_record(value, where)
        else:
            yield IngestProblem(where, f"not an object (got {_type_name(value)})")
    if not seen_any:
        yield IngestProblem(origin, "empty file")
