"""Bytes -> clean text: encoding detection, binary refusal, NUL and newline clean-up.

Order of attempts: a BOM (UTF-8, UTF-32, UTF-16), BOM-less UTF-16 recognised by its
pattern of NUL bytes, strict UTF-8, then cp1252 and latin-1, but only for bytes that look
like text. Latin-1 decodes any byte string, so without the "looks like text" check every
binary file would become an article full of noise.

Binary or text is judged on the first kilobyte: the signature of a binary format (PNG, ZIP,
ELF, PDF…) makes it binary; so do NULs beyond a stray few (more than 1 character in 64, and
more than 4) and other control codes in more than 1 character in 20. The same rule is checked
again on the first 64 K characters of the decoded text. A text with a few stray NULs is read,
and its NULs removed.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

SNIFF_BYTES = 1024  # how much of the start of a file decides "binary or text"
_TEXT_CONTROLS = {"\t", "\n", "\r", "\f", "\v", "\x1b"}
_MAX_CONTROL_RATIO = 0.05  # more than 1 in 20 characters being control codes -> binary
_MAX_NUL_RATIO = 1 / 64  # NULs a text may carry by accident (after a BOM-less UTF-16 check)
_MAX_STRAY_NULS = 4  # in a text so short that the ratio allows fewer
# Starts of binary formats that a text can hardly begin with; found, the file is binary
# whatever else its first kilobyte holds (a PDF or an archive starts with readable bytes).
_BINARY_SIGNATURES: tuple[bytes, ...] = (
    b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF-",
    b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe",
    b"\x00asm", b"SQLite format 3\x00", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"OggS\x00",
    b"fLaC", b"ID3", b"\x28\xb5\x2f\xfd", b"wOFF", b"wOF2",
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x85")
_HTML_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


class NotText(ValueError):
    """The bytes are not text this module can decode; str(error) is the human reason."""


def clean_text(text: str) -> str:
    """Strip NUL characters and normalise every newline convention to "\\n".

    NULs break DuckDB strings and spaCy alike; one newline form keeps offsets stable.
    """
    return _NEWLINES.sub("\n", text.replace("\x00", ""))


def bom_encoding(head: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM: mostly-ASCII text puts a NUL in every other byte."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


def _looks_like_text(sample: str) -> bool:
    """A stray few NULs at most, and few other control codes."""
    if not sample:
        return True
    if sample.count("\x00") > max(_MAX_STRAY_NULS, _MAX_NUL_RATIO * len(sample)):
        return False
    controls = sum(
        1 for ch in sample
        if ("\x00" < ch < " " or "\x7f" <= ch < "\xa0") and ch not in _TEXT_CONTROLS
    )
    return controls <= _MAX_CONTROL_RATIO * len(sample)


def detect_encoding(head: bytes) -> str:
    """Encoding for a file from its first bytes; raises NotText for binary content.

    Returns "utf-8" when the head is plain UTF-8 (or ASCII); callers that must handle a
    later non-UTF-8 byte fall back per line with `decode_line`.
    """
    head = head[:SNIFF_BYTES]
    if head.startswith(_BINARY_SIGNATURES):
        raise NotText("binary file, not text")
    encoding = bom_encoding(head) or (_utf16_without_bom(head) if b"\x00" in head else None)
    if encoding:
        return encoding
    # A multi-byte character may be cut at the end of the sample: ignore a short tail error.
    sample = head.decode("utf-8", errors="ignore") if _utf8_prefix(head) else _decode_legacy(head)
    if not _looks_like_text(sample):
        raise NotText("binary file, not text")
    return "utf-8" if _utf8_prefix(head) else "cp1252"


def _utf8_prefix(head: bytes) -> bool:
    """True if `head` is valid UTF-8, allowing one character cut off at the end."""
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3 and error.reason == "unexpected end of data"


def _decode_legacy(data: bytes) -> str:
    """cp1252 where it is defined (it turns 0x80-0x9F into curly quotes), latin-1 otherwise."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def decode_text(data: bytes, *, encoding: str | None = None) -> str:
    """Decode a whole document to clean text; raises NotText with a human reason.

    `encoding` is a declared charset (HTML <meta>) tried before detection.
    """
    if encoding:
        try:
            return clean_text(data.decode(encoding))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; detection below decides
    detected = detect_encoding(data[:SNIFF_BYTES])
    legacy = False
    if detected in {"utf-8", "cp1252"}:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text, legacy = _decode_legacy(data), True
    else:
        try:
            text = data.decode(detected)
        except UnicodeDecodeError:
            name = detected.upper().removesuffix("-SIG")
            raise NotText(f"not valid {name} text") from None
    # The sniffed head may be clean while the rest is not (e.g. a text header on binary data).
    if not _looks_like_text(text[:65536]):
        raise NotText(
            "not valid UTF-8 text and no known encoding" if legacy else "binary file, not text"
        )
    return clean_text(text)


def decode_line(line: bytes) -> str:
    """One line of a UTF-8 (or legacy 8-bit) stream, stray NULs removed; never raises."""
    try:
        return line.decode("utf-8").replace("\x00", "")
    except UnicodeDecodeError:
        return _decode_legacy(line).replace("\x00", "")


def declared_html_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag within its first bytes, if any."""
    match = _HTML_CHARSET.search(head[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore").lower()
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def text_lines(stream: BinaryIO, *, max_line_bytes: int) -> Iterator[str | None]:
    """Decoded lines of a line-based file (line ends kept), read one at a time.

    Detection happens now, so a binary file raises NotText here rather than mid-iteration.
    A line longer than `max_line_bytes` is skipped without being held in memory and yields
    None, so the caller can report it and go on. UTF-8/legacy files are decoded line by line:
    one bad line cannot spoil the rest.
    """
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    encoding = detect_encoding(head)
    if encoding in {"utf-16", "utf-16-le", "utf-16-be", "utf-32"}:
        wide = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
        return _limited_lines(wide, max_line_bytes // 2, lambda line: line.replace("\x00", ""))
    if encoding == "utf-8-sig":
        stream.read(len(codecs.BOM_UTF8))
    return _limited_lines(stream, max_line_bytes, decode_line)


def _limited_lines(stream: Any, limit: int, decode: Callable[[Any], str]) -> Iterator[str | None]:
    newline = "\n" if isinstance(stream, io.TextIOBase) else b"\n"
    while line := stream.readline(limit):
        if len(line) >= limit and not line.endswith(newline):
            while (rest := stream.readline(limit)) and not rest.endswith(newline):
                pass  # drain the over-long line without keeping it
            yield None
        else:
            yield decode(line)
