"""Property tests of the real extraction (issue 6): any text in, a valid contract record out.

Hypothesis writes the texts: arbitrary Unicode, and news-like texts assembled from names,
quote marks of every kind, speech verbs, pronouns, dates and odd characters, so that the
actor and quote rules get the shapes they react to. The real spaCy pipeline is loaded once
for the module. Every record must keep the contract (README, "The extraction contract"):
offsets inside the text, every span's text equal to text[start:end], speakers among the
article's entities, JSON-serialisable.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslens.models import Article
from tests.test_contract import contract_problems

pytestmark = pytest.mark.model

FEW = settings(max_examples=60, deadline=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def extractor():
    from newslens.config import load_settings
    from newslens.extract import Extractor

    return Extractor.from_settings(load_settings())


ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)

PIECES = st.sampled_from([
    "Jens Stoltenberg", "Stoltenberg", "Volodymyr Zelensky", "Zelensky", "the president",
    "NATO", "the alliance", "Kyiv", "Brussels", "Mr. Biden", "Dr Ängström-Øre", "O'Neill",
    "he", "she", "they", "it", "said", "says", "told reporters", "added", "according to",
    "warned", "announced that", "asked", ":", ",", ".", "!", "?", "...", "…", "—", "-", ";",
    '"', "“", "”", "‘", "’", "'", "«", "»", "„", "‟", "(", ")", "[", "]",
    "\n", "\n\n", " ", "  ", "\t", "\r", "\u00a0", "\u2028", "\x00",
    "on Monday", "24 March 2022", "in 1945", "2022-03-24", "March",
    "We will not give up", "the war must end", "READ MORE", "Photo: AFP",
    "ÉTATS-UNIS", "Київ", "北京", "🙂", "\u202e", "\ufeff", "x" * 40,
])
NEWS_LIKE = st.lists(PIECES, min_size=1, max_size=60).map(" ".join) | st.lists(
    PIECES, min_size=1, max_size=60).map("".join)


def _check(extractor, text: str) -> None:
    record = extractor.extract(Article(id="p", text=text))
    data = record.to_dict()
    json.dumps(data)  # the CLI writes it as JSON
    assert contract_problems(data, text) == []
    for quote in data["quotes"]:
        assert quote["text"] == text[quote["start"]:quote["end"]]


@FEW
@given(text=ANY_TEXT)
def test_any_text_gives_a_contract_record(extractor, text):
    _check(extractor, text)


@FEW
@given(text=NEWS_LIKE)
def test_news_like_text_gives_a_contract_record(extractor, text):
    _check(extractor, text)


@pytest.mark.parametrize("text", [
    "", " ", "\n\n\n", '"', '""', "“”", "«", '"Unclosed quote, said Stoltenberg.',
    'Stoltenberg said: "', '"We stand," "with," "Ukraine," he said, "' * 20,
    "He said. She said. They said.", "\x00" * 5, "“" * 50 + "Zelensky said",
    # a line of word characters without a letter once divided by zero (actors_spans)
    "²", "½\nⅫ\n³ Stoltenberg said so.",
])
def test_edge_texts(extractor, text):
    _check(extractor, text)
