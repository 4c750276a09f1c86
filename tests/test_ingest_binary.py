"""Binary or text: stray NULs in a text are removed and the text is read; real binaries,
whatever their name, are refused with "binary file, not text"."""

from __future__ import annotations

import gzip
import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from newslens.ingest import read_paths, read_upload

BINARY = "binary file, not text"
STORY = ("Ministers met in Brussels on Thursday to discuss the budget. "
         "The talks went on late into the night, officials said. ")


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    pixels = zlib.compress(b"\x00\xff\x00\x00" * 16)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


def _zip(method: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        archive.writestr("story.txt", STORY * 20)
    return buffer.getvalue()


def _elf() -> bytes:
    header = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + struct.pack("<HHI", 2, 0x3E, 1) + bytes(40)
    return header + random.Random(7).randbytes(4000)


# (name, bytes, the text's start once read) — each holds NULs and must be read as text
TEXTS_WITH_NULS = [
    ("nul first.txt", b"\x00Budget talks\n\n" + STORY.encode(), "Budget talks\n\nMinisters"),
    ("nul in title.txt", b"Budget\x00 talks\n\n" + STORY.encode(), "Budget talks\n\nMinisters"),
    ("nul at end.md", STORY.encode() + b"\x00\x00", "Ministers met"),
    ("four in a short text.txt", b"A\x00 b\x00ri\x00ef no\x00te.", "A brief note."),
    ("one every 100 bytes.txt",
     b"".join((STORY * 10).encode()[i:i + 99] + b"\x00" for i in range(0, 1200, 99)),
     "Ministers met"),
    ("latin-1 with a nul.txt", "Caf\x00é crème, naïve.\n".encode("latin-1") * 3, "Café crème"),
    ("utf-8 cyrillic with a nul.txt", ("Пре\x00мьер-министр сказал. " * 20).replace("\x00", "", 19)
     .encode(), "Премьер"),
    ("utf-16-le no bom.txt", ("Budget talks\n\n" + STORY).encode("utf-16-le"), "Budget talks"),
    ("utf-16-be no bom.txt", ("Budget talks\n\n" + STORY).encode("utf-16-be"), "Budget talks"),
    ("utf-16 bom.txt", ("Budget talks\n\n" + STORY).encode("utf-16"), "Budget talks"),
]


@pytest.mark.parametrize(("name", "data", "start"), TEXTS_WITH_NULS, ids=[c[0] for c in TEXTS_WITH_NULS])
def test_a_text_with_stray_nuls_is_read_and_the_nuls_removed(tmp_path: Path, name, data, start):
    for result in (read_upload(name, data), read_paths([_write(tmp_path, name, data)])):
        assert not result.problems, result.problems
        [article] = result.articles
        assert article.text.startswith(start)
        assert "\x00" not in article.text and "\x00" not in (article.title or "")


@pytest.mark.parametrize(("name", "data", "texts"), [
    ("nul.jsonl", b'{"text": "First\x00 story"}\n\x00{"text": "Second story"}\n',
     ["First story", "Second story"]),
    ("nul.csv", b"title,text\nOne,First\x00 story\nTwo,Second story\x00\n",
     ["First story", "Second story"]),
], ids=["jsonl", "csv"])
def test_line_formats_with_stray_nuls(name, data, texts):
    result = read_upload(name, data)
    assert not result.problems, result.problems
    assert [a.text for a in result.articles] == texts


NOT_TEXT = "not valid UTF-8 text and no known encoding"
BINARIES = [
    ("image.txt", _png(), BINARY),
    ("archive.txt", _zip(zipfile.ZIP_DEFLATED), BINARY),
    ("stored archive.txt", _zip(zipfile.ZIP_STORED), BINARY),  # the story is in it uncompressed
    ("program.txt", _elf(), BINARY),
    ("compressed.txt", gzip.compress(STORY.encode() * 20), BINARY),
    ("random.txt", random.Random(1).randbytes(4096), BINARY),
    ("random small.md", random.Random(2).randbytes(300), BINARY),
    ("document.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 20,
     BINARY),
    ("database.txt", b"SQLite format 3\x00" + bytes(84) + STORY.encode() * 10, BINARY),
    ("nul padded.txt", b"Budget talks\n" + bytes(300), BINARY),
    ("every other byte nul.txt", b"\x00\x01" * 600, BINARY),
    # the head is clean text; the whole-text check finds the rest (not UTF-8, so legacy-decoded)
    ("text then binary.txt", STORY.encode() * 10 + bytes(range(256)) * 40, NOT_TEXT),
    ("text then nuls.txt", STORY.encode() * 10 + bytes(5000), BINARY),
    ("bytes.jsonl", b'{"text": "a"}\n' + bytes(200), BINARY),
]


@pytest.mark.parametrize(("name", "data", "reason"), BINARIES, ids=[c[0] for c in BINARIES])
def test_a_binary_is_refused_whatever_its_name(tmp_path: Path, name, data, reason):
    for result in (read_upload(name, data), read_paths([_write(tmp_path, name, data)])):
        assert not result.articles, [a.text[:60] for a in result.articles]
        assert [p.reason for p in result.problems] == [reason]


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path
