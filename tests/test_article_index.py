"""The article index (newslens.article_index) answers a filter's queries from arrays in
memory; every answer must be the one plain SQL over the store's base tables gives."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from newslens import article_index, queries
from newslens.queries import Filters
from newslens.store import Store
from tests.test_store_scope import FILTERS, _copies, stores  # noqa: F401 (fixture)

FILTERED = [f for f in FILTERS if queries.restricts_articles(f)]


def _sql(store: Store, sql: str, params: list) -> pd.DataFrame:
    with store.cursor() as cur:
        return cur.execute(sql, params).df()


def _in_scope(filters: Filters, column: str) -> tuple[str, list]:
    sql, params = queries.scope_sql(filters)
    return f"{column} IN ({sql})", params


def _reference_top_actors(store, filters, limit):
    where, params = _in_scope(filters, "r.article_id")
    types = "TRUE"
    if filters.types:
        types, params = "x.type IN (SELECT unnest(?))", params + [list(filters.types)]
    return _sql(store, f"""
        SELECT x.id, x.name, x.type, sum(r.n_mentions)::INTEGER AS mentions,
               count(DISTINCT r.article_id)::INTEGER AS articles
        FROM resolved_article_actors r JOIN actors x ON x.id = r.actor_id
        WHERE {where} AND {types} GROUP BY ALL ORDER BY mentions DESC, x.name, x.id LIMIT ?""",
                params + [limit])


def _reference_places(store, filters):
    where, params = _in_scope(filters, "m.article_id")
    return _sql(store, f"""
        SELECT p.id, p.name, p.country, p.kind, p.lat, p.lon, count(*)::INTEGER AS mentions,
               count(DISTINCT m.article_id)::INTEGER AS articles
        FROM place_mentions m JOIN places p ON p.id = m.place_id
        WHERE {where} GROUP BY ALL ORDER BY mentions DESC, p.name, p.id""", params)


def _reference_top_actors_by_place(store, filters, sample, top):
    """The actors the map lists beside each place, from the base tables: over the articles of
    the place in scope with hash(id) % 1024 * (its articles in scope) < sample * 1024."""
    where, params = _in_scope(filters, "m.article_id")
    frame = _sql(store, f"""
        WITH named AS (SELECT DISTINCT m.place_id, m.article_id FROM place_mentions m WHERE {where}),
        counted AS (SELECT place_id, count(*) AS c FROM named GROUP BY place_id),
        chosen AS (SELECT n.place_id, n.article_id FROM named n JOIN counted USING (place_id)
                   WHERE (hash(n.article_id) % 1024) * c < ? * 1024),
        pairs AS (SELECT c.place_id, x.name, sum(r.n_mentions) AS n
                  FROM chosen c JOIN resolved_article_actors r ON r.article_id = c.article_id
                  JOIN actors x ON x.id = r.actor_id
                  WHERE x.type IN ('PERSON', 'ORG', 'NORP') GROUP BY ALL)
        SELECT place_id, string_agg(name, ', ' ORDER BY n DESC, name) AS top_actors
        FROM (SELECT * FROM pairs QUALIFY row_number() OVER (
                  PARTITION BY place_id ORDER BY n DESC, name) <= ?)
        GROUP BY place_id""", params + [sample, top])
    return dict(zip(frame["place_id"], frame["top_actors"]))


@pytest.mark.parametrize("filters", FILTERED)
def test_counts_equal_plain_sql(stores, filters):  # noqa: F811
    for store in stores:
        queries.clear_scopes()
        pd.testing.assert_frame_equal(queries.top_actors(store, filters, limit=50),
                                      _reference_top_actors(store, filters, 50), check_dtype=False)
        places = _reference_places(store, filters)
        pd.testing.assert_frame_equal(
            queries.top_places(store, filters, limit=50),
            places[["id", "name", "country", "kind", "mentions", "articles"]].head(50),
            check_dtype=False)
        countries = (places[places["country"].notna()].groupby("country", as_index=False)
                     ["mentions"].sum().sort_values(["mentions", "country"], ascending=[False, True]))
        pd.testing.assert_frame_equal(queries.country_mentions(store, filters),
                                      countries.reset_index(drop=True), check_dtype=False)
        where, params = _in_scope(filters, "id")
        articles, undated = _sql(store, f"SELECT count(*), count(*) FILTER (published IS NULL) "
                                        f"FROM articles WHERE {where}", params).iloc[0]
        quotes = _sql(store, f"SELECT count(*) FROM quotes WHERE "
                             f"{_in_scope(filters, 'article_id')[0]}", params).iloc[0, 0]
        actors = len(_reference_top_actors(store, replace_types(filters), 10**6))
        assert queries.key_numbers(store, filters) == {
            "articles": articles, "actors": actors, "places": len(places), "quotes": quotes,
            "undated": undated}


def replace_types(filters: Filters) -> Filters:
    return Filters(actors=filters.actors, date_from=filters.date_from, date_to=filters.date_to,
                   sources=filters.sources, places=filters.places)


@pytest.mark.parametrize("filters", FILTERED)
def test_map_equals_plain_sql(stores, filters):  # noqa: F811
    for store in stores:
        for sample in (2, 200):
            queries.clear_scopes()
            got = queries.place_bubbles(store, filters, sample_articles=sample)
            expected = _reference_places(store, filters)
            pd.testing.assert_frame_equal(got.drop(columns="top_actors"), expected,
                                          check_dtype=False)
            beside = _reference_top_actors_by_place(store, filters, sample, 3)
            listed = {place: names if isinstance(names, str) else None  # missing: no actor
                      for place, names in got.set_index("id")["top_actors"].items()}
            assert listed == {place: beside.get(place) for place in expected["id"]}
            if sample == 200 and not expected.empty:
                assert any(listed.values())


@pytest.mark.parametrize("filters", FILTERED)
def test_lists_by_day_and_newest_equal_plain_sql(stores, filters):  # noqa: F811
    for store in stores:
        queries.clear_scopes()
        where, params = _in_scope(filters, "id")
        per_day = _sql(store, f"""SELECT published AS day, count(*)::INTEGER AS articles
            FROM articles WHERE {where} AND published IS NOT NULL GROUP BY day ORDER BY day""",
                       params)
        pd.testing.assert_frame_equal(queries.articles_per_day(store, filters), per_day,
                                      check_dtype=False)
        newest = _sql(store, f"""SELECT id, title, source, published, url FROM articles
            WHERE {where} ORDER BY published DESC NULLS LAST, added DESC, id LIMIT 5""", params)
        pd.testing.assert_frame_equal(queries.latest_articles(store, filters, limit=5), newest,
                                      check_dtype=False)
        listed = queries.article_list(store, filters, limit=7)
        assert listed["id"].tolist() == _sql(store, f"""SELECT id FROM articles WHERE {where}
            ORDER BY published DESC NULLS LAST, added DESC, id LIMIT 7""", params)["id"].tolist()
        lengths = _sql(store, "SELECT id, length(text) AS n FROM articles", [])
        assert listed["characters"].tolist() == [
            int(lengths.set_index("id")["n"][i]) for i in listed["id"]]
        chosen = ["jens-stoltenberg", "nato", "vladimir-putin"]
        where_r, params_r = _in_scope(filters, "r.article_id")
        mentions = _sql(store, f"""
            SELECT a.published AS day, x.id AS actor_id, x.name, x.type,
                   sum(r.n_mentions)::INTEGER AS mentions
            FROM resolved_article_actors r JOIN articles a ON a.id = r.article_id
            JOIN actors x ON x.id = r.actor_id
            WHERE r.actor_id IN (SELECT unnest(?)) AND {where_r} AND a.published IS NOT NULL
            GROUP BY ALL ORDER BY day, x.name, x.id""", [chosen] + params_r)
        pd.testing.assert_frame_equal(queries.actor_mentions_per_day(store, filters, chosen),
                                      mentions, check_dtype=False)


def test_the_map_lists_an_actor_by_its_type_now(tmp_path):
    """An actor's type is that of most of its mentions, so a write can change it: the map lists
    it beside places while it is a person, not while it is a place, and again when it is back."""
    items, actor = _copies(), "joe-biden"

    def typed(batch, kind, times):
        return [(a, h, replace(r, entities=tuple(
            replace(e, type=kind, mentions=e.mentions * times) if e.id == actor else e
            for e in r.entities))) for a, h, r in batch]

    store = Store(tmp_path / "types.duckdb", idle_close_seconds=0)
    filters = Filters(date_from=pd.Timestamp("2000-01-01").date())
    listed = []
    for batch in (typed(items[:3], "PERSON", 1), typed(items[3:12], "GPE", 2),
                  typed(items[12:], "PERSON", 3)):
        store.add_articles(batch)
        queries.clear_scopes()
        names = queries.place_bubbles(store, filters)["top_actors"].dropna()
        listed.append(any("Biden" in text for text in names))
        assert names.tolist() == [
            text for text in _reference_places_listed(store, filters) if text is not None]
    assert listed == [True, False, True]
    store.close()


def _reference_places_listed(store, filters):
    beside = _reference_top_actors_by_place(store, filters, 200, 3)
    return [beside.get(place) for place in _reference_places(store, filters)["id"]]


def test_the_index_follows_the_store(tmp_path):
    """Read once per store version: articles added are counted on the next query."""
    items = _copies()
    store = Store(tmp_path / "grows.duckdb", idle_close_seconds=0)
    store.add_articles(items[:5])
    filters = Filters(date_from=pd.Timestamp("2000-01-01").date())
    first = article_index.index_of(store)
    assert article_index.index_of(store) is first  # kept while the store is unchanged
    before = queries.key_numbers(store, filters)["articles"]
    store.add_articles(items[5:12])
    queries.clear_scopes()
    assert article_index.index_of(store) is not first
    assert queries.key_numbers(store, filters)["articles"] > before
    store.close()


def test_warm_reads_the_index_in_the_background(tmp_path):
    store = Store(tmp_path / "warm.duckdb", idle_close_seconds=0)
    store.add_articles(_copies()[:4])
    article_index.warm(store).join(timeout=60)
    index = article_index.index_of(store)
    assert index.total == 4 and len(index.newest_first) == 4
    assert np.array_equal(np.sort(index.newest_first), np.arange(1, 5))
    assert article_index.warm(store) is None  # read already: no second thread
    store.add_articles(_copies()[4:6])
    article_index.warm(store).join(timeout=60)
    assert article_index.index_of(store).total == 6
    store.close()


def _reference_quotes(store, filters, speakers=()):
    """Quotes in scope, by or about the chosen actors, from the base tables, newest first."""
    where, params = _in_scope(filters, "q.article_id")
    about = "TRUE"
    if filters.actors:
        about = """(q.speaker_actor IN (SELECT unnest(?)) OR q.id IN (
            SELECT s.quote_id FROM quote_subjects s LEFT JOIN actor_links l ON l.from_id = s.actor_id
            WHERE COALESCE(l.to_id, s.actor_id) IN (SELECT unnest(?))))"""
        params = params + [list(filters.actors)] * 2
    spoken = "TRUE"
    if speakers:
        spoken, params = "q.speaker_actor IN (SELECT unnest(?))", params + [list(speakers)]
    return _sql(store, f"""
        SELECT q.id, q.text AS quote, COALESCE(x.name, q.speaker) AS speaker,
               q.speaker_actor AS speaker_id, q.kind, q.cue, q.confidence,
               a.title AS article, a.id AS article_id, a.published AS date, a.source
        FROM resolved_quotes q JOIN articles a ON a.id = q.article_id
        LEFT JOIN actors x ON x.id = q.speaker_actor
        WHERE {where} AND {about} AND {spoken}
        ORDER BY a.published DESC NULLS LAST, a.id, q.start, q.id""", params)


@pytest.mark.parametrize("filters", FILTERED)
def test_quotes_equal_plain_sql(stores, filters):  # noqa: F811
    for store in stores:
        queries.clear_scopes()
        expected = _reference_quotes(store, filters)
        pd.testing.assert_frame_equal(queries.quotes_table(store, filters), expected,
                                      check_dtype=False)
        pd.testing.assert_frame_equal(queries.quotes_table(store, filters, limit=3),
                                      expected.head(3), check_dtype=False)
        by = _reference_quotes(store, filters, speakers=("jens-stoltenberg",))
        pd.testing.assert_frame_equal(
            queries.quotes_table(store, filters, speakers=("jens-stoltenberg",)), by,
            check_dtype=False)
        spoken = expected[expected["speaker_id"].notna()]
        counts = (spoken.groupby("speaker_id").size().rename("quotes").reset_index()
                  .merge(_sql(store, "SELECT id, name FROM actors", []),
                         left_on="speaker_id", right_on="id"))
        counts = counts.sort_values(["quotes", "name", "id"], ascending=[False, True, True])
        pd.testing.assert_frame_equal(queries.speaker_options(store, filters),
                                      counts[["id", "name", "quotes"]].reset_index(drop=True),
                                      check_dtype=False)
        dated = expected[expected["date"].notna()]
        per_day = dated.groupby("date").size().rename("quotes").reset_index()
        pd.testing.assert_frame_equal(queries.quotes_per_day(store, filters),
                                      per_day.rename(columns={"date": "day"}), check_dtype=False)
        if "jens-stoltenberg" in filters.actors:
            assert not by.empty and len(expected) > len(by)
