"""Property tests: whatever bytes arrive, ingestion gives articles or problems, never an error."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslens.ingest import SUPPORTED_EXTENSIONS, IngestResult, read_upload
from newslens.ingest.decoding import clean_text
from newslens.models import Article

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Printable text plus the ordinary whitespace controls; U+FEFF at the start would be a BOM.
PRINTABLE = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff")
    | st.sampled_from("\n\t\r "),
    max_size=400,
)


def _check(result: IngestResult, *, one_item: bool) -> None:
    items = [*result.articles, *result.problems]
    if one_item:
        assert len(items) == 1
    for article in result.articles:
        assert isinstance(article, Article)
        assert isinstance(article.text, str) and article.text.strip()
        assert "\x00" not in article.text and "\r" not in article.text
        assert isinstance(article.id, str) and article.id
    for problem in result.problems:
        assert problem.reason and not problem.reason.startswith("unexpected")


@FUZZ
@given(st.binary(max_size=3000))
def test_any_bytes_as_txt_give_an_article_or_a_problem(data: bytes) -> None:
    _check(read_upload("fuzz.txt", data), one_item=True)


@FUZZ
@given(PRINTABLE, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_text_round_trips_through_any_unicode_encoding(text: str, encoding: str) -> None:
    result = read_upload("a.txt", text.encode(encoding))
    if text.strip():
        assert [a.text for a in result.articles] == [clean_text(text)]
    else:
        assert result.articles == [] and len(result.problems) == 1


@pytest.mark.parametrize("extension", SUPPORTED_EXTENSIONS)
@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=2000))
def test_any_bytes_in_any_format_never_raise(extension: str, data: bytes) -> None:
    _check(read_upload(f"fuzz{extension}", data), one_item=False)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | PRINTABLE,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["text", "body", "title", "date", "url", "id", "authors", "source", "x"]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@FUZZ
@given(JSON_VALUES)
def test_any_json_value_gives_articles_or_problems(value: object) -> None:
    data = json.dumps(value).encode()
    _check(read_upload("a.json", data), one_item=False)
    _check(read_upload("a.jsonl", data.replace(b"\n", b" ") + b"\n"), one_item=True)
