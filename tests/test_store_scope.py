"""Schema 3: integer article keys, scopes by complement, precomputed map co-actors and event
actors. Every fast path must give the answer of the straightforward one."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd
import pytest

from newslens import queries
from newslens.queries import Filters, Scope
from newslens.resolve import link_partial_names
from newslens.store import BITS_CHUNK, SCHEMA_FINGERPRINT, Store, refresh_totals
from tests.conftest import tiny_corpus

COPIES = 12


def _copies() -> list:
    """The tiny corpus 12 times over with new ids and dates: "a1" in every copy (Stoltenberg
    and Biden in 12 of ~25 articles, more than half with a2's), "a2" in every other copy,
    "a3" in every third."""
    items = []
    base = tiny_corpus()
    for copy in range(COPIES):
        for number, (article, content_hash, record) in enumerate(base):
            if number == 1 and copy % 2 or number == 2 and copy % 3:
                continue
            new_id = f"{article.id}-{copy}"
            published = (None if article.published is None else
                         (date.fromisoformat(article.published) + timedelta(days=40 * copy)).isoformat())
            dates = tuple(replace(d, date=(date.fromisoformat(d.date) + timedelta(days=40 * copy)).isoformat())
                          for d in record.dates)
            items.append((replace(article, id=new_id, published=published),
                          f"{content_hash}-{copy}",
                          replace(record, id=new_id, published=published, dates=dates)))
    return items


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """The same articles twice: written in batches (the derived tables kept incrementally),
    and recomputed from scratch (refresh_totals renumbers the keys)."""
    folder = tmp_path_factory.mktemp("scope")
    items = _copies()
    batched = Store(folder / "batched.duckdb", idle_close_seconds=0)
    for start in range(0, len(items), 7):
        batched.add_articles(items[start:start + 7])
    batched.replace_auto_links(link_partial_names(batched.person_actor_names()))
    batched.close()
    shutil.copy(folder / "batched.duckdb", folder / "fresh.duckdb")
    fresh = Store(folder / "fresh.duckdb", idle_close_seconds=0)
    with fresh.cursor() as cur:
        cur.execute("BEGIN TRANSACTION")
        refresh_totals(cur)
        cur.execute("COMMIT")
    yield batched, fresh
    batched.close()
    fresh.close()


FILTERS = [
    Filters(),
    Filters(actors=("jens-stoltenberg",)),  # in every "a1" and "a2": out of scope are the "a3"s
    Filters(actors=("nato",)),  # a few articles: the keys in scope
    Filters(actors=("joe-biden", "vladimir-putin"), date_from=date(2022, 6, 1)),
    Filters(actors=("jens-stoltenberg",), types=("PERSON",)),
    Filters(places=("gn:2800866",), sources=("paper-a",)),
    Filters(date_from=date(2022, 1, 1), date_to=date(2030, 1, 1)),  # every dated article
    Filters(actors=("no-such-actor",)),
]


def _run_all(store: Store, filters: Filters) -> dict:
    nodes, edges = queries.cooccurrence(store, filters, max_nodes=10)
    return {
        "key_numbers": pd.Series(queries.key_numbers(store, filters)),
        "top_actors": queries.top_actors(store, filters, limit=50),
        "top_places": queries.top_places(store, filters, limit=50),
        "articles_per_day": queries.articles_per_day(store, filters),
        "latest_articles": queries.latest_articles(store, filters, limit=50),
        "place_bubbles": queries.place_bubbles(store, filters),
        "place_bubbles_small_sample": queries.place_bubbles(store, filters, sample_articles=3),
        "country_mentions": queries.country_mentions(store, filters),
        "actor_mentions_per_day": queries.actor_mentions_per_day(
            store, filters, ["jens-stoltenberg", "nato", "vladimir-putin"]),
        "quotes_per_day": queries.quotes_per_day(store, filters),
        "dated_events": queries.dated_events(store, filters, limit=7),
        "quotes_table": queries.quotes_table(store, filters),
        "quotes_table_limited": queries.quotes_table(store, filters, limit=3),
        "quotes_searched": queries.quotes_table(store, filters, search="putin", limit=5),
        "quotes_by_speaker": queries.quotes_table(store, filters, speakers=("jens-stoltenberg",)),
        "speaker_options": queries.speaker_options(store, filters),
        "nodes": nodes,
        "edges": edges.astype({"articles": "int64"}) if not edges.empty else edges,
        "article_list": queries.article_list(store, filters),
    }


def _assert_same(got: dict, expected: dict) -> None:
    for name, frame in expected.items():
        if isinstance(frame, pd.Series):
            pd.testing.assert_series_equal(got[name], frame, obj=name)
        else:
            pd.testing.assert_frame_equal(got[name].reset_index(drop=True),
                                          frame.reset_index(drop=True), obj=name,
                                          check_dtype=False)


def _keys_in_scope(store: Store, filters: Filters) -> np.ndarray:
    """The straightforward scope: the article keys selected by scope_sql's conditions."""
    sql, params = queries.scope_sql(filters)
    with store.cursor() as cur:
        rows = cur.execute(
            f"SELECT k FROM article_keys WHERE id IN ({sql}) ORDER BY k", params).fetchall()
    return np.array([r[0] for r in rows], dtype=np.int32)


@pytest.mark.parametrize("filters", FILTERS)
def test_complement_and_keys_give_the_straightforward_answer(stores, filters, monkeypatch):
    batched, _ = stores
    queries.clear_scopes()
    scope = queries.article_scope(batched, filters)
    with batched.cursor() as cur:
        total = cur.execute("SELECT count(*) FROM article_keys").fetchone()[0]
    inside = _keys_in_scope(batched, filters)
    # the scope chosen: the smaller side of the store
    if not queries.restricts_articles(filters) or len(inside) == total:
        assert scope.mode == "all"
    elif len(inside) * 2 <= total:
        assert scope.mode == "in" and scope.keys.tolist() == inside.tolist()
    else:
        assert scope.mode == "out" and len(scope.keys) == total - len(inside)
        assert not set(scope.keys.tolist()) & set(inside.tolist())
    fast = _run_all(batched, filters)
    # the same queries with the scope given as the keys in it, always: plain semi-joins
    straight = Scope("in", inside) if queries.restricts_articles(filters) else queries._ALL
    monkeypatch.setattr(queries, "article_scope", lambda store, f: straight)
    _assert_same(fast, _run_all(batched, filters))


def test_a_near_ubiquitous_actor_is_counted_by_complement(stores):
    batched, _ = stores
    queries.clear_scopes()
    scope = queries.article_scope(batched, Filters(actors=("jens-stoltenberg",)))
    assert scope.mode == "out" and 0 < len(scope.keys) < 12


@pytest.mark.parametrize("filters", FILTERS)
def test_incremental_derived_tables_equal_recomputed_ones(stores, filters):
    batched, fresh = stores
    queries.clear_scopes()
    _assert_same(_run_all(batched, filters), _run_all(fresh, filters))


def test_map_co_actors_table_equals_live_count(stores, monkeypatch):
    batched, _ = stores
    stored = queries.place_bubbles(batched, Filters())
    # "all but no article": the live path over every article
    monkeypatch.setattr(queries, "article_scope",
                        lambda store, f: Scope("out", np.zeros(0, dtype=np.int32)))
    live = queries.place_bubbles(batched, Filters())
    pd.testing.assert_frame_equal(stored, live)
    assert stored["top_actors"].notna().any()


def test_event_actors_equal_a_pass_over_the_mentions(stores):
    """dated_events reads event_actors; the actors named in each sentence, from the mentions."""
    batched, _ = stores
    for filters, some in ((Filters(), True), (Filters(actors=("joe-biden",)), True),
                          (Filters(actors=("vladimir-putin",)), False)):
        events = queries.dated_events(batched, filters, limit=1000)
        with batched.cursor() as cur:
            expected = cur.execute(
                """
                SELECT d.date, d.article_id,
                       string_agg(DISTINCT x.name, ', ' ORDER BY x.name) AS actors
                FROM dates d
                LEFT JOIN resolved_mentions m ON m.article_id = d.article_id
                     AND m.start >= d.sentence_start AND m."end" <= d.sentence_end
                LEFT JOIN actors x ON x.id = m.actor_id
                WHERE d.date IS NOT NULL
                GROUP BY d.date, d.article_id, d.start
                HAVING len(?::VARCHAR[]) = 0 OR bool_or(m.actor_id IN (SELECT unnest(?)))
                ORDER BY d.date DESC, d.article_id, d.start
                """,
                [list(filters.actors), list(filters.actors)],
            ).df()
        assert len(events) == len(expected) and (len(events) > 0) == some
        assert events["article_id"].tolist() == expected["article_id"].tolist()
        assert events["actors"].fillna("").tolist() == expected["actors"].fillna("").tolist()


def _reopened_after(tmp_path, statements: list[str]):
    """A store written by the current code, taken back to an older schema by `statements`,
    then opened again: it is migrated once and answers as before."""
    path = tmp_path / "old.duckdb"
    store = Store(path, idle_close_seconds=0)
    store.add_articles(tiny_corpus())
    store.replace_auto_links(link_partial_names(store.person_actor_names()))
    expected = _run_all(store, Filters(actors=("jens-stoltenberg",)))
    store.close()
    con = duckdb.connect(str(path))
    for statement in statements:
        con.execute(statement)
    con.close()
    queries.clear_scopes()
    store = Store(path, idle_close_seconds=0)
    _assert_same(_run_all(store, Filters(actors=("jens-stoltenberg",))), expected)
    return store


def test_a_schema_2_store_is_migrated_on_open(tmp_path):
    """A store of the previous schema (VARCHAR article ids in the derived tables, no keys)
    opens, is migrated once, and answers as a new one."""
    store = _reopened_after(tmp_path, [
        *(f"DROP TABLE {table}" for table in ("article_keys", "actor_articles", "place_articles",
                                              "place_coactors", "event_actors", "quote_keys")),
        "CREATE TABLE actor_articles (article_id VARCHAR NOT NULL, "
        "actor_id VARCHAR NOT NULL, n_mentions INTEGER NOT NULL)",
        "CREATE TABLE place_articles (article_id VARCHAR NOT NULL, "
        "place_id VARCHAR NOT NULL, n_mentions INTEGER NOT NULL)",
        "UPDATE meta SET value = '2' WHERE key = 'schema_version'",
        "UPDATE meta SET value = 'fc4f27ae3939083c' WHERE key = 'schema'",
    ])
    with store.cursor() as cur:
        assert cur.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] \
            == SCHEMA_FINGERPRINT
        assert cur.execute("SELECT count(*) FROM article_keys").fetchone()[0] == 3
    store.close()


# -- schema 4: per-actor bitmaps -------------------------------------------------------------
def _decoded_bits(store: Store) -> set[tuple[str, int]]:
    """(actor, article key) of every bit set in actor_bits."""
    with store.cursor() as cur:
        rows = cur.execute("SELECT actor_id, chunk, bits FROM actor_bits").fetchall()
    pairs = set()
    for actor, chunk, blob in rows:
        bits = np.unpackbits(np.frombuffer(blob, dtype=np.uint8))
        pairs |= {(actor, chunk * BITS_CHUNK + int(i)) for i in np.flatnonzero(bits)}
    return pairs


def test_actor_bitmaps_hold_the_actor_articles(stores):
    """Written in batches (the chunks of the new keys rewritten) or recomputed: each actor's
    bits are exactly its articles' keys."""
    for store in stores:
        with store.cursor() as cur:
            expected = set(cur.execute("SELECT actor_id, k FROM actor_articles").fetchall())
        assert _decoded_bits(store) == expected and expected


def test_actor_bitmaps_span_chunks(tmp_path, monkeypatch):
    """Keys beyond the first chunk: new articles rewrite the last chunk only, and the network
    counts across chunks."""
    path = tmp_path / "chunks.duckdb"
    store = Store(path, idle_close_seconds=0)
    items = _copies()
    store.add_articles(items[:10])
    with store.cursor() as cur:  # move the keys so the next articles straddle a chunk edge
        for table in ("article_keys", "actor_articles", "place_articles", "quote_keys",
                      "event_actors"):
            cur.execute(f"UPDATE {table} SET k = k + ? - 12", [BITS_CHUNK])
        cur.execute("DELETE FROM actor_bits")
        cur.execute("INSERT INTO actor_bits SELECT actor_id, (k // 8192)::INTEGER AS chunk, "
                    "bitstring_agg((k % 8192)::INTEGER, 0, 8191)::BLOB FROM actor_articles "
                    "GROUP BY actor_id, chunk")
    store.add_articles(items[10:])
    with store.cursor() as cur:
        expected = set(cur.execute("SELECT actor_id, k FROM actor_articles").fetchall())
        chunks = {r[0] for r in cur.execute("SELECT DISTINCT chunk FROM actor_bits").fetchall()}
    assert _decoded_bits(store) == expected and len(chunks) == 2
    for filters in FILTERS:
        queries.clear_scopes()
        _, edges = queries.cooccurrence(store, filters, max_nodes=10)
        _, straight = _network_by_self_join(store, filters, max_nodes=10)
        pd.testing.assert_frame_equal(edges.reset_index(drop=True), straight, check_dtype=False)
    store.close()


def _network_by_self_join(store: Store, filters: Filters, *, max_nodes: int):
    """The network's edges the straightforward way: pairs of actors over their articles in
    scope, a self-join of the resolved article actors."""
    nodes = queries.top_actors(store, filters, limit=max_nodes)
    ids = sorted(set(nodes["id"].tolist()) | set(filters.actors))
    scope, params = queries.scope_sql(filters)
    with store.cursor() as cur:
        edges = cur.execute(
            f"""
            WITH pairs AS (SELECT DISTINCT article_id, actor_id FROM resolved_article_actors
                           WHERE actor_id IN (SELECT unnest(?)) AND article_id IN ({scope}))
            SELECT x.actor_id AS source, y.actor_id AS target, count(*) AS articles
            FROM pairs x JOIN pairs y ON x.article_id = y.article_id AND x.actor_id < y.actor_id
            GROUP BY ALL ORDER BY articles DESC, source, target
            """, [ids] + params).df()
    return nodes, edges


@pytest.mark.parametrize("filters", FILTERS)
def test_network_edges_equal_a_self_join(stores, filters):
    for store in stores:
        queries.clear_scopes()
        nodes, edges = queries.cooccurrence(store, filters, max_nodes=10)
        if nodes.empty:
            assert edges.empty
            continue
        _, straight = _network_by_self_join(store, filters, max_nodes=10)
        pd.testing.assert_frame_equal(edges.reset_index(drop=True), straight, check_dtype=False)


def test_a_schema_3_store_is_migrated_on_open(tmp_path):
    """A store of schema 3 (no bitmaps, co-actor counts without articles) opens, is migrated
    once, and answers as a new one."""
    store = _reopened_after(tmp_path, [
        "DROP TABLE actor_bits",
        "ALTER TABLE place_coactors DROP COLUMN articles",
        "UPDATE meta SET value = '3' WHERE key = 'schema_version'",
        "UPDATE meta SET value = '6340524bd9cf233c' WHERE key = 'schema'",
    ])
    with store.cursor() as cur:
        assert cur.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "5"
        assert cur.execute("SELECT count(*) FROM actor_bits").fetchone()[0] > 0
    store.close()


def test_a_schema_4_store_is_migrated_on_open(tmp_path):
    """A store of schema 4 (with the map's place samples and shown actor rows, which the
    article index replaced) opens, is migrated once, loses those tables and answers as before."""
    store = _reopened_after(tmp_path, [
        "CREATE TABLE place_sample (place_id VARCHAR NOT NULL, k INTEGER NOT NULL, "
        "h SMALLINT NOT NULL)",
        "CREATE TABLE shown_actor_articles (k INTEGER NOT NULL, actor_id VARCHAR NOT NULL, "
        "n_mentions INTEGER NOT NULL)",
        "UPDATE meta SET value = '4' WHERE key = 'schema_version'",
        "UPDATE meta SET value = 'a schema-4 fingerprint' WHERE key = 'schema'",
    ])
    with store.cursor() as cur:
        assert cur.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "5"
        tables = {r[0] for r in cur.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
    assert not tables & {"place_sample", "shown_actor_articles"}
    store.close()
