"""Extraction with spaCy worker processes gives exactly the records of one process, in order."""

from __future__ import annotations

import pytest

from newslens.config import load_settings
from newslens.extract import Extractor
from newslens.ingest import read_paths
from tests.conftest import ROOT

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.from_settings(load_settings())


@pytest.fixture(scope="module")
def articles():
    return read_paths([ROOT / "data" / "corpus"]).articles[:7]


def test_two_workers_give_the_records_of_one_process_in_order(extractor, articles):
    one = list(extractor.extract_many(articles, n_process=1))
    progress: list[int] = []
    two = list(extractor.extract_many(articles, n_process=2, on_progress=progress.append))
    assert [r.id for r in two] == [a.id for a in articles]
    assert two == one
    assert progress == list(range(1, len(articles) + 1))

