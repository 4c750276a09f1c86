"""Files, folders and uploads -> a stream of Article | IngestProblem.

Folders are walked depth-first in name order, so two runs over the same tree give the same
sequence. Hidden entries (".git", ".DS_Store") are skipped, and so are licence and
provenance notes (LICENSE*, LICENCE*, COPYING*, NOTICE*, README*, SOURCE.md): they describe a
corpus, they are not articles. Any other file with an unknown extension inside a walked
folder is reported, so that nothing is dropped without a word. Real paths of folders already
walked are remembered, so symlink loops end; a file reached twice is read once.
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from newslens.ingest.csvfiles import read_csv
from newslens.ingest.feeds import looks_like_feed, read_feed
from newslens.ingest.html import read_html
from newslens.ingest.jsonfiles import read_json, read_jsonl
from newslens.ingest.text import read_text
from newslens.models import Article, IngestProblem

Item = Article | IngestProblem
MAX_FILE_BYTES = 200 * 1024 * 1024  # bigger whole-document files are refused, not read

_NOTES = re.compile(
    r"^(?:licen[cs]e|copying|readme|notice)(?:[-_.].*)?$|^source(?:\.(?:md|txt|markdown))?$",
    re.IGNORECASE,
)


def _read_xml(data: bytes, origin: str) -> Iterator[Item]:
    if looks_like_feed(data):
        yield from read_feed(data, origin)
    else:
        yield IngestProblem(origin, "XML file that is not an RSS/Atom feed")


# Formats read whole from bytes, and line-based formats read as a stream.
WHOLE_READERS: dict[str, Callable[[bytes, str], Iterator[Item]]] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".markdown": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".json": read_json,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": _read_xml,
}
STREAM_READERS: dict[str, Callable[[BinaryIO, str], Iterator[Item]]] = {
    ".jsonl": lambda stream, origin: read_jsonl(stream, origin, max_line_bytes=MAX_FILE_BYTES),
    ".ndjson": lambda stream, origin: read_jsonl(stream, origin, max_line_bytes=MAX_FILE_BYTES),
    ".csv": lambda stream, origin: read_csv(stream, origin, max_line_bytes=MAX_FILE_BYTES),
    ".tsv": lambda stream, origin: read_csv(
        stream, origin, max_line_bytes=MAX_FILE_BYTES, delimiter="\t"
    ),
}
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(sorted({*WHOLE_READERS, *STREAM_READERS}))


def is_note_file(name: str) -> bool:
    """Licence, readme and provenance files that a folder walk skips without a problem."""
    return bool(_NOTES.match(name))


def _display(path: Path | str) -> str:
    """A path as text that survives UTF-8 encoding (undecodable file names exist on Linux)."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def _unsupported(origin: str, suffix: str) -> IngestProblem:
    kind = f"unsupported file type {suffix}" if suffix else "unsupported file type (no extension)"
    return IngestProblem(origin, f"{kind}; supported: {' '.join(SUPPORTED_EXTENSIONS)}")


def _too_long(item: Item, max_chars: int | None) -> Item:
    if max_chars is not None and isinstance(item, Article) and len(item.text) > max_chars:
        return IngestProblem(
            item.origin or "", f"text too long ({len(item.text):,} characters; limit {max_chars:,})"
        )
    return item


def read_bytes(
    name: str, data: bytes, *, origin: str | None = None, max_bytes: int | None = None
) -> Iterator[Item]:
    """Items from the bytes of a file called `name` (the reader is chosen by its extension).

    Bytes beyond `max_bytes` (at most `MAX_FILE_BYTES`) are refused unread.
    """
    origin = origin or name
    suffix = Path(name).suffix.lower()
    limit = MAX_FILE_BYTES if max_bytes is None else min(max_bytes, MAX_FILE_BYTES)
    if len(data) > limit:
        yield IngestProblem(origin, size_reason(len(data), limit))
    elif suffix in WHOLE_READERS:
        yield from WHOLE_READERS[suffix](data, origin)
    elif suffix in STREAM_READERS:
        yield from STREAM_READERS[suffix](io.BytesIO(data), origin)
    else:
        yield _unsupported(origin, suffix)


def _size(size: int) -> str:
    """Bytes for people: MB (2**20 bytes, as Streamlit counts them) with one decimal if needed."""
    if size < 2**20:
        return f"{size:,} bytes"
    mb = size / 2**20
    return f"{mb:,.0f} MB" if size % 2**20 == 0 else f"{mb:,.1f} MB"


def size_reason(size: int, limit: int | None = None, what: str = "file") -> str:
    """Why `size` bytes are refused: "file too large (1.2 MB; limit 1 MB)"."""
    limit = MAX_FILE_BYTES if limit is None else limit
    return f"{what} too large ({_size(size)}; limit {_size(limit)})"


def read_file(path: Path, *, max_chars: int | None = None) -> Iterator[Item]:
    """Items from one file on disk; never raises for what the file holds."""
    origin = _display(path)
    suffix = path.suffix.lower()
    try:
        if suffix in STREAM_READERS:
            with path.open("rb") as stream:
                for item in STREAM_READERS[suffix](stream, origin):
                    yield _too_long(item, max_chars)
            return
        if suffix not in WHOLE_READERS:
            yield _unsupported(origin, suffix)
            return
        size = path.stat().st_size
        # A whole-document file cannot hold fewer characters than a quarter of its bytes.
        if size > MAX_FILE_BYTES or (
            max_chars is not None
            and suffix in {".txt", ".text", ".md", ".markdown"}
            and size > 4 * max_chars + 4
        ):
            reason = (
                size_reason(size)
                if size > MAX_FILE_BYTES
                else (f"text too long ({size:,} bytes; limit {max_chars:,} characters)")
            )
            yield IngestProblem(origin, reason)
            return
        data = path.read_bytes()
    except OSError as error:
        yield IngestProblem(origin, f"cannot read file ({error.strerror or error})")
        return
    for item in WHOLE_READERS[suffix](data, origin):
        yield _too_long(item, max_chars)


def iter_paths(paths: Iterable[str | Path], *, max_chars: int | None = None) -> Iterator[Item]:
    """Articles and problems from files and folders, one at a time, in a stable order.

    `max_chars` is a guard against absurd documents, not a cut: an article whose text is
    longer is reported as a problem (the extractor cuts texts above its own, smaller limit
    and notes it, so pass a generous value here). None means no character limit; whole
    files above MAX_FILE_BYTES are always refused.
    """
    seen: set[str] = set()  # real paths of folders walked and files read
    for raw in paths:
        yield from _iter_path(Path(raw), seen, max_chars, in_folder=False)


def _iter_path(
    path: Path, seen: set[str], max_chars: int | None, *, in_folder: bool
) -> Iterator[Item]:
    origin = _display(path)
    try:
        mode = path.stat().st_mode  # follows symlinks
    except FileNotFoundError:
        reason = "broken link" if path.is_symlink() else "no such file or folder"
        yield IngestProblem(origin, reason)
        return
    except OSError as error:
        yield IngestProblem(origin, f"cannot open ({error.strerror or error})")
        return
    real = os.path.realpath(path)
    if real in seen:
        return  # a symlink loop, or the same file or folder given twice
    seen.add(real)
    if stat.S_ISDIR(mode):
        yield from _walk(path, seen, max_chars)
    elif not stat.S_ISREG(mode):
        yield IngestProblem(origin, "not a regular file")  # a FIFO or device would block a read
    elif in_folder and is_note_file(path.name):
        return
    else:
        yield from read_file(path, max_chars=max_chars)


def _walk(folder: Path, seen: set[str], max_chars: int | None) -> Iterator[Item]:
    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except OSError as error:
        yield IngestProblem(_display(folder), f"cannot open folder ({error.strerror or error})")
        return
    for name in names:
        if not name.startswith("."):
            yield from _iter_path(folder / name, seen, max_chars, in_folder=True)
