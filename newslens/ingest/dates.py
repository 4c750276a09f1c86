"""Lenient publication dates -> "YYYY-MM-DD" (or None; an odd date is never a problem).

Rule for times: the date is the calendar date as written in the source, whatever the time
or time zone. "2022-05-17T23:30:00-04:00" is 2022-05-17 (no conversion to UTC), and an hour
of 24 ("2022-03-11T24:04:30", written by some sites for just after midnight) keeps the date
it is written with instead of rolling over: the date is what a reader of the source sees.
Ambiguous all-number dates ("03/04/2022") and partial dates ("2022-05") give None rather
than a guess.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import math
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(\d{4})"

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s_]\d)", re.IGNORECASE)
_ISO_BASIC = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:$|T\d)")
_YMD_SLASH = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
_NUMERIC_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_DAY_MONTH_YEAR = re.compile(rf"\b{_DAY}(?:\s+of)?[\s-]+{_MONTH}[\s,-]+{_YEAR}\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)

_EPOCH_MIN, _EPOCH_MAX = 0, 4_102_444_800  # 1970-01-01 .. 2100-01-01, in seconds


def _ymd(year: int | str, month: int | str, day: int | str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _from_epoch(value: float) -> str | None:
    if value > _EPOCH_MAX:  # milliseconds, as JavaScript writes them
        value /= 1000
    if not _EPOCH_MIN <= value <= _EPOCH_MAX:
        return None
    return dt.datetime.fromtimestamp(value, tz=dt.UTC).date().isoformat()


def normalise_date(value: object) -> str | None:
    """A publication date as "YYYY-MM-DD", or None when it cannot be read with confidence."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.date):  # datetime included
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int) and 19000101 <= value <= 21001231:  # 20220324 written as a number
        return _ymd(value // 10000, value // 100 % 100, value % 100)
    if isinstance(value, int | float):
        return None if math.isnan(value) else _from_epoch(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    for pattern in (_ISO, _ISO_BASIC, _YMD_SLASH):
        if match := pattern.match(text):
            return _ymd(*match.groups())
    if match := _NUMERIC_DMY.match(text):
        first, second, year = (int(group) for group in match.groups())
        if first > 12 >= second:
            return _ymd(year, second, first)
        if second > 12 >= first:
            return _ymd(year, first, second)
        return _ymd(year, first, second) if first == second else None
    if text.isdigit() and len(text) in (10, 13):  # epoch seconds / milliseconds as a string
        return _from_epoch(float(text))
    if parsed := _rfc2822(text):
        return parsed
    for pattern, order in ((_MONTH_DAY_YEAR, "mdy"), (_DAY_MONTH_YEAR, "dmy")):
        if match := pattern.search(text):
            groups = dict(zip(order, match.groups(), strict=True))
            return _ymd(groups["y"], _MONTHS[groups["m"].lower().rstrip(".")], groups["d"])
    return None


def _rfc2822(text: str) -> str | None:
    """RFC 2822 as in RSS feeds: "Thu, 24 Mar 2022 10:00:00 +0100" -> the date as written."""
    if not re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s", text + " "):
        return None
    try:
        parsed = email.utils.parsedate_tz(text)
    except (TypeError, ValueError, IndexError):
        return None
    if not parsed:
        return None
    year, month, day = parsed[:3]
    if year < 100:  # RFC 822 two-digit years
        year += 2000 if year < 50 else 1900
    return _ymd(year, month, day)
