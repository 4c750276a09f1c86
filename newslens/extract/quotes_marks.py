"""Quoted spans found from quote marks alone: pure text scanning, no parse.

Handles straight and curly double quotes, a quote left open at the end of its paragraph
(it closes there), quotes running over several paragraphs where each new paragraph re-opens
with a mark (one span), and single-quoted spans outside double quotes (kept apart, as
`single=True`, because apostrophes make them much less reliable).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

OPENERS = "\u201c\u201e\u00ab"  # “ „ «
CLOSERS = "\u201d\u00bb"  # ” »
STRAIGHT = '"'
SINGLE_OPEN = "\u2018'"  # ‘ '
SINGLE_CLOSE = "\u2019'"  # ’ '
_PARAGRAPH_RE = re.compile(r"[^\n]+")
_WORD_RE = re.compile(r"\w")
_SINGLE_RE = re.compile("[\u2018\u2019']")


@dataclass(frozen=True)
class MarkedSpan:
    """The words between quote marks; `start`/`end` exclude the marks and outer whitespace."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark; None when left open at paragraph end
    paragraph: int  # index of the paragraph it opens in
    single: bool = False


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int


def paragraphs(text: str) -> list[Paragraph]:
    """Non-empty lines; news texts separate paragraphs by a newline or a blank line."""
    return [Paragraph(m.start(), m.end()) for m in _PARAGRAPH_RE.finditer(text) if m.group().strip()]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _double_marks(text: str, para: Paragraph) -> Iterator[tuple[int, int, int | None]]:
    """(open offset, content start, close offset or None) of double quotes in one paragraph.

    Two apostrophes stand for a straight double quote (''like this'', as some archives print it).
    """
    open_at: int | None = None
    content = 0
    i = para.start
    while i < para.end:
        ch = text[i]
        width = 2 if ch == "'" and text[i + 1 : i + 2] == "'" else 1
        if ch in OPENERS:
            if open_at is None:
                open_at, content = i, i + 1
        elif ch in CLOSERS:
            if open_at is not None:
                yield open_at, content, i
                open_at = None
            elif (i == para.start or text[i - 1].isspace()) and text[i + 1 : i + 2].isalnum():
                open_at, content = i, i + 1  # '”Fear. I am afraid …”': a closing mark used to open
        elif ch == STRAIGHT or width == 2:
            if open_at is None:
                following = text[i + width] if i + width < para.end else ""
                # an opener is followed by a word; a stray mark after a space is not
                if following and not following.isspace():
                    open_at, content = i, i + width
            else:
                yield open_at, content, i
                open_at = None
        i += width
    if open_at is not None:
        yield open_at, content, None


def _single_marks(text: str, para: Paragraph, blocked: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Single-quoted spans outside double quotes: ‘…’ or '…' with word boundaries around them."""
    marks = [m.start() for m in _SINGLE_RE.finditer(text, para.start, para.end)]
    taken = -1
    for n, i in enumerate(marks):
        if i <= taken or text[i] not in SINGLE_OPEN or any(a <= i < b for a, b in blocked):
            continue
        before = text[i - 1] if i > para.start else " "
        after = text[i + 1] if i + 1 < para.end else ""
        if not ((before.isspace() or before in "([\u2014\u2013-") and after.isalnum()):
            continue
        for j in marks[n + 1 :]:
            if j < i + 2 or text[j] not in SINGLE_CLOSE or text[j - 1].isspace():
                continue
            nxt = text[j + 1] if j + 1 < para.end else " "
            if not nxt.isalnum():  # not an apostrophe inside a word ("don't")
                if not any(a <= j < b for a, b in blocked):
                    yield i, j
                taken = j
                break


def _stray_closer(text: str, para: Paragraph) -> int | None:
    """Offset of a closing double mark that comes before any opening one in the paragraph
    ('…,\u201d said Okafor' or '…," said Okafor'), else None."""
    for i in range(para.start, para.end):
        ch = text[i]
        if ch in OPENERS:
            return None
        if ch in CLOSERS:
            return i
        if ch == STRAIGHT or (ch == "'" and text[i + 1 : i + 2] == "'"):
            width = 1 if ch == STRAIGHT else 2
            following = text[i + width] if i + width < para.end else ""
            preceding = text[i - 1] if i > para.start else " "
            if (not following or not following.isalnum()) and not preceding.isspace():
                return i
            return None
    return None


def find_marked_spans(text: str, paras: list[Paragraph] | None = None) -> list[MarkedSpan]:
    """Every quoted span of `text` in order; open quotes continued by the next paragraph are merged."""
    paras = paras if paras is not None else paragraphs(text)
    spans: list[MarkedSpan] = []
    pending: MarkedSpan | None = None  # an open quote that the next paragraph may continue
    for index, para in enumerate(paras):
        if pending is not None:
            stray = _stray_closer(text, para)
            if stray is not None:  # a paragraph break inside the quote: 'the decision-maker\n\nbased on …," said X'
                start, end = _trimmed(text, pending.start, stray)
                spans.append(MarkedSpan(start, end, pending.open_mark, stray, pending.paragraph))
                pending = None
                para = Paragraph(stray + 1, para.end)
        pairs = list(_double_marks(text, para))
        if pending is not None:
            first = pairs[0][0] if pairs else None
            lead = text[para.start : first] if first is not None else None
            if lead is not None and not lead.strip():  # the paragraph re-opens the quote at once
                open_at, _, close_at = pairs.pop(0)
                end = close_at if close_at is not None else para.end
                start, end = _trimmed(text, pending.start, end)
                pending = MarkedSpan(start, end, pending.open_mark, close_at, pending.paragraph)
                if close_at is not None:
                    spans.append(pending)
                    pending = None
            else:
                spans.append(pending)
                pending = None
        for open_at, content, close_at in pairs:
            end = close_at if close_at is not None else para.end
            start, end = _trimmed(text, content, end)
            if start >= end or not _WORD_RE.search(text[start:end]):
                continue
            span = MarkedSpan(start, end, open_at, close_at, index)
            if close_at is None:
                pending = span
            else:
                spans.append(span)
        blocked = [(s.open_mark, (s.close_mark or s.end) + 1) for s in spans if s.end >= para.start]
        if pending is not None:
            blocked.append((pending.open_mark, para.end))
        for open_at, close_at in _single_marks(text, para, blocked):
            start, end = _trimmed(text, open_at + 1, close_at)
            if start < end and _WORD_RE.search(text[start:end]):
                spans.append(MarkedSpan(start, end, open_at, close_at, index, single=True))
    if pending is not None:
        spans.append(pending)
    return sorted(spans, key=lambda s: s.start)
