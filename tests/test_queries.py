"""Queries over a tiny hand-made store: filters -> the right rows."""

from __future__ import annotations

from datetime import date

import pytest

from newslens import queries
from newslens.queries import Filters


@pytest.mark.parametrize(
    ("filters", "expected_articles"),
    [
        (Filters(), {"a1", "a2", "a3"}),
        (Filters(actors=("jens-stoltenberg",)), {"a1", "a2"}),  # a2 names only "Stoltenberg"
        (Filters(actors=("vladimir-putin",)), {"a2"}),
        (Filters(actors=("joe-biden", "nato")), {"a1", "a3"}),  # any of the actors
        (Filters(sources=("paper-a",)), {"a1", "a3"}),
        (Filters(date_from=date(2022, 3, 25)), {"a2"}),
        (Filters(date_to=date(2022, 3, 24)), {"a1"}),  # undated a3 is out once a range is set
        (Filters(places=("gn:2800866",)), {"a1", "a2"}),  # Brussels
        (Filters(actors=("jens-stoltenberg",), places=("gn:524901",)), {"a2"}),  # and Moscow
        (Filters(actors=("no-such-actor",)), set()),
    ],
)
def test_scope_selects_articles(tiny_store, filters, expected_articles):
    listing = queries.article_list(tiny_store, filters)
    assert set(listing["id"]) == expected_articles
    assert queries.key_numbers(tiny_store, filters)["articles"] == len(expected_articles)


def test_surname_only_actor_is_linked_to_full_name(tiny_store):
    actors = queries.actor_options(tiny_store)
    assert "stoltenberg" not in set(actors["id"])
    jens = actors.set_index("id").loc["jens-stoltenberg"]
    assert (jens["n_mentions"], jens["n_articles"]) == (3, 2)


def test_key_numbers_counts_everything(tiny_store):
    assert queries.key_numbers(tiny_store, Filters()) == {
        "articles": 3, "actors": 4, "places": 5, "quotes": 2, "undated": 1,
    }


@pytest.mark.parametrize(
    ("filters", "expected_speakers"),
    [
        (Filters(), {"Jens Stoltenberg", "Vladimir Putin"}),
        # quotes by the actor and quotes about the actor (Putin's quote names Stoltenberg)
        (Filters(actors=("jens-stoltenberg",)), {"Jens Stoltenberg", "Vladimir Putin"}),
        (Filters(actors=("vladimir-putin",)), {"Vladimir Putin"}),
        (Filters(actors=("joe-biden",)), set()),
    ],
)
def test_quotes_by_or_about_actor(tiny_store, filters, expected_speakers):
    table = queries.quotes_table(tiny_store, filters)
    assert set(table["speaker"]) == expected_speakers


@pytest.mark.parametrize(
    ("search", "expected"),
    [("stand", {"We stand with Ukraine,"}), ("PUTIN", {"Nothing will stop us,"}),
     ("100%", set()), ("_", set())],
)
def test_quote_search(tiny_store, search, expected):
    assert set(queries.quotes_table(tiny_store, Filters(), search=search)["quote"]) == expected


def test_quote_speaker_filter(tiny_store):
    table = queries.quotes_table(tiny_store, Filters(), speakers=("vladimir-putin",))
    assert table["speaker"].tolist() == ["Vladimir Putin"]
    speakers = queries.speaker_options(tiny_store, Filters())
    assert dict(zip(speakers["name"], speakers["quotes"])) == {"Jens Stoltenberg": 1, "Vladimir Putin": 1}


def test_place_bubbles_and_countries(tiny_store):
    bubbles = queries.place_bubbles(tiny_store, Filters()).set_index("name")
    assert bubbles.at["Brussels", "mentions"] == 2
    assert bubbles.at["Brussels", "articles"] == 2
    assert "Jens Stoltenberg" in bubbles.at["Brussels", "top_actors"]
    countries = queries.country_mentions(tiny_store, Filters(actors=("vladimir-putin",)))
    assert dict(zip(countries["country"], countries["mentions"])) == {"RU": 1, "BE": 1}


def test_top_actors_respects_types(tiny_store):
    top = queries.top_actors(tiny_store, Filters(types=("ORG",)))
    assert top["name"].tolist() == ["NATO"]


def test_timeline_queries(tiny_store):
    per_day = queries.actor_mentions_per_day(tiny_store, Filters(), ["jens-stoltenberg"])
    assert per_day["mentions"].tolist() == [2, 1]
    quotes = queries.quotes_per_day(tiny_store, Filters())
    assert quotes["quotes"].tolist() == [1, 1]
    events = queries.dated_events(tiny_store, Filters(actors=("jens-stoltenberg",)))
    assert events["sentence"].tolist() == ["Jens Stoltenberg met Joe Biden in Brussels on Thursday."]
    assert events.iloc[0]["actors"] == "Jens Stoltenberg, Joe Biden"
    assert queries.dated_events(tiny_store, Filters(actors=("vladimir-putin",))).empty


def test_cooccurrence_network(tiny_store):
    nodes, edges = queries.cooccurrence(tiny_store, Filters())
    assert set(nodes["name"]) == {"Jens Stoltenberg", "Vladimir Putin", "Joe Biden", "NATO"}
    pairs = {frozenset((r.source, r.target)) for r in edges.itertuples()}
    assert pairs == {frozenset(("jens-stoltenberg", "vladimir-putin")),
                     frozenset(("jens-stoltenberg", "joe-biden"))}
    nodes, edges = queries.cooccurrence(tiny_store, Filters(actors=("nato",)))
    assert nodes["name"].tolist() == ["NATO"] and edges.empty


def test_article_detail(tiny_store):
    detail = queries.article_detail(tiny_store, "a2")
    assert detail.article["title"] == "Putin speaks"
    # the surname-only mention resolves to the canonical actor
    assert "Jens Stoltenberg" in set(detail.mentions["name"])
    assert detail.quotes.iloc[0]["speaker"] == "Vladimir Putin"
    assert queries.article_detail(tiny_store, "missing") is None


def test_options_and_bounds(tiny_store):
    assert queries.source_options(tiny_store) == ["paper-a", "paper-b"]
    assert queries.date_bounds(tiny_store) == (date(2022, 3, 24), date(2022, 3, 25))
    assert queries.ingest_problems(tiny_store).empty


def test_sql_values_are_parameters(tiny_store):
    hostile = "x') OR 1=1; DROP TABLE articles; --"
    assert queries.article_list(tiny_store, Filters(actors=(hostile,)), search=hostile).empty
    assert queries.key_numbers(tiny_store, Filters())["articles"] == 3
