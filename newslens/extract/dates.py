"""DATE entities -> normalised DateRef records, and a publication date found in the text.

dateparser is slow to import and slow on some inputs, so spans are pre-filtered with cheap
regexes (only spans that name a day, month or year reach it) and results are cached per
(span text, relative base).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache

from spacy.tokens import Doc, Span

from newslens.models import DateRef

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_I = re.IGNORECASE

_MONTH_RE = re.compile(rf"\b(?:{_MONTHS})\b\.?", _I)
_WEEKDAY_RE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|tonight)\b",
    _I,
)
_DAYS_AGO_RE = re.compile(r"\b(?:\d+|a|one|two|three|four|five|six|seven)\s+days?\s+ago\b", _I)
_YEAR_RE = re.compile(rf"(?<![\d,.]){_YEAR}(?![\d,]|s\b)")
_DAY_RE = re.compile(r"(?<![\d,])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d,]\d)")
_NUMERIC_DAY_RE = re.compile(rf"\b\d{{1,2}}/\d{{1,2}}/(?:{_YEAR}|\d\d)\b|\b{_YEAR}-\d\d-\d\d\b")
_DECADE_RE = re.compile(r"\b(?:\d{2,4}|[a-z]+tie)s\b", _I)
# "last year", "this month": placeable at their own granularity, relative to publication
_RELATIVE_PERIOD_RE = re.compile(
    r"^(?:(?:earlier|later)\s+)?(last|previous|this|current|next)\s+(year|month)$", _I
)  # not "the past year": that is the twelve months up to now, a duration
_PERIOD_STEP = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1}
# Durations, ages and open periods cannot be placed on a day, month or year.
_VAGUE_RE = re.compile(
    r"-long\b|\b(?:last|next|this|past|coming|previous|recent|few|several|many)\s+"
    r"(?:\w+\s+)?(?:weeks?|months?|years?|decades?|days?)\b"
    r"|\b(?:years?|months?|weeks?|decades?|centur(?:y|ies))\s+(?:old|ago|long|earlier|later)\b"
    r"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:years?|months?|weeks?|decades?)\b"
    r"|\b(?:annual|yearly|daily|weekly|monthly|quarterly|season|era|period|lifetime)\b",
    _I,
)
# "since 1945" -> "1945": the prepositions frame the date, dateparser cannot read them
_FRAME_RE = re.compile(
    r"^(?:since|until|till|by|before|after|from|in|on|of|the|around|about|as\s+of|through|"
    r"(?:the\s+)?(?:end|beginning|start|middle|summer|spring|fall|autumn|winter)\s+of|early|late|mid-?)\s*",
    _I,
)
_BARE_YEAR_RE = re.compile(rf"(?<![\w,.]){_YEAR}(?![\w,])")
_YEAR_PREPOSITIONS = frozenset({"since", "in", "by", "until", "till", "before", "after", "from", "of"})


def _settings(base: str | None) -> dict:
    settings: dict = {"PREFER_DATES_FROM": "current_period"}
    if base:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(base)
    return settings


def granularity_of(text: str) -> str | None:
    """day | month | year: the finest unit a date expression names; None if it names none."""
    if _NUMERIC_DAY_RE.search(text):
        return "day"
    has_month = bool(_MONTH_RE.search(text))
    without_year = _YEAR_RE.sub(" ", text)
    if has_month and _DAY_RE.search(_MONTH_RE.sub(" ", without_year)):
        return "day"
    if _WEEKDAY_RE.search(text) or _DAYS_AGO_RE.search(text):
        return "day"
    if has_month:
        return "month"
    if _YEAR_RE.search(text):
        return "year"
    return None


def _frame_stripped(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, _FRAME_RE.sub("", text.strip())
    return text.strip(" ,.;:'\"")


@lru_cache(maxsize=16384)
def normalise_date(text: str, published: str | None = None) -> tuple[str, str] | None:
    """(YYYY-MM-DD, granularity) for one DATE span's text, or None when it is no placeable date.

    Months become YYYY-MM-01 and years YYYY-01-01; relative days ("Thursday", "yesterday")
    are read against `published`. Cached per (text, published).
    """
    relative = _RELATIVE_PERIOD_RE.match(text.strip())
    if relative and published:
        return _shift(published, _PERIOD_STEP[relative.group(1).lower()], relative.group(2).lower())
    if _DECADE_RE.search(text) or _VAGUE_RE.search(text):
        return None
    cleaned = _frame_stripped(text)
    granularity = granularity_of(cleaned)
    if granularity is None:
        return None
    if granularity == "year" and not _MONTH_RE.search(cleaned):
        year = _YEAR_RE.search(cleaned)
        return (f"{year.group()}-01-01", "year") if year else None  # no need to ask dateparser
    import dateparser  # lazy: importing it costs ~0.5 s and many runs never need it

    try:
        parsed = dateparser.parse(cleaned, languages=["en"], settings=_settings(published))
    except (ValueError, OverflowError):
        return None
    if parsed is None:
        return None
    if granularity == "year":
        return f"{parsed.year:04d}-01-01", "year"
    if granularity == "month":
        return f"{parsed.year:04d}-{parsed.month:02d}-01", "month"
    return parsed.strftime("%Y-%m-%d"), "day"


def _shift(published: str, step: int, unit: str) -> tuple[str, str]:
    year, month = int(published[:4]), int(published[5:7])
    if unit == "year":
        return f"{year + step:04d}-01-01", "year"
    index = year * 12 + (month - 1) + step
    return f"{index // 12:04d}-{index % 12 + 1:02d}-01", "month"


def date_spans(doc: Doc) -> Iterator[Span]:
    """DATE entities, repaired where the model errs, plus bare years after a preposition.

    The md model splits "March 24, 2022" into DATE "March 24" + CARDINAL "2022" and leaves
    "since 1945" untagged; both are fixed here.
    """
    taken: set[int] = set()
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        end = ent.end
        if (
            end + 1 < len(doc)
            and doc[end].text == ","
            and re.fullmatch(_YEAR, doc[end + 1].text)
            and doc[end + 1].ent_type_ in ("", "CARDINAL", "DATE")
            and _MONTH_RE.search(ent.text)
            and not _YEAR_RE.search(ent.text)
        ):
            end += 2
        taken.update(range(ent.start, end))
        yield doc[ent.start : end]
    text = doc.text
    for match in _BARE_YEAR_RE.finditer(text):  # only the few tokens that look like years
        span = doc.char_span(match.start(), match.end())
        if span is None:
            continue
        token = span[0]
        if (
            token.i not in taken
            and token.i > 0
            and token.ent_type_ in ("", "CARDINAL")
            and re.fullmatch(_YEAR, token.text)
            and doc[token.i - 1].lower_ in _YEAR_PREPOSITIONS
            and (token.i + 1 == len(doc) or doc[token.i + 1].pos_ not in ("NOUN", "PROPN", "NUM"))
        ):
            yield doc[token.i : token.i + 1]


def extract_dates(doc: Doc, *, published: str | None) -> list[DateRef]:
    """Every date span of `doc`, in text order; durations and vague spans get date None."""
    refs = []
    for span in date_spans(doc):
        result = normalise_date(span.text, published)
        date, granularity = result if result else (None, None)
        refs.append(DateRef(span.text, span.start_char, span.end_char, date, granularity))
    return sorted(refs, key=lambda ref: ref.start)


def find_publication_date(doc: Doc) -> str | None:
    """A publication date read from the text, for articles whose metadata has none.

    Rule: the latest complete absolute day date in the text, i.e. a span naming day, month
    and year ("March 24, 2022", "2022-03-24"); relative ones ("Thursday") need a base and
    cannot count. News reports the past, so the newest complete date is normally the day of
    writing, found in captions, datelines and "updated" lines; dates after it are rare (a
    scheduled event) and accepted as the cost of a simple rule.
    """
    best: str | None = None
    for span in date_spans(doc):
        if not (_YEAR_RE.search(span.text) or _NUMERIC_DAY_RE.search(span.text)):
            continue
        result = normalise_date(span.text, None)
        if result and result[1] == "day" and (best is None or result[0] > best):
            best = result[0]
    return best
