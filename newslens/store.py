"""The store: one DuckDB file, its schema, and the writes. Queries live in queries.py.

Connections: DuckDB lets one process hold a file open for writing, so a long-lived connection
would lock out `python -m newslens build` while the dashboard runs. The store therefore opens
its connection on demand, hands out a cursor per use (one DuckDB connection is not
thread-safe; Streamlit runs each session in its own thread), and closes it after a short idle
time. Opening retries for a while when another process holds the file.
"""

from __future__ import annotations

import atexit
import hashlib
import threading
import time
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from newslens.models import Article, ArticleRecord, IngestProblem
from newslens.text import sentence_bounds

SCHEMA_VERSION = 5  # 2: derived tables kept by the writes; 3: integer article keys, map co-actors,
# event actors; 4: per-actor bitmaps, the map's co-actor samples corrected for a filter; 5: a
# filter's counts from the article index in memory (newslens.article_index), without the
# tables 4 added for the map's samples

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    content_hash VARCHAR NOT NULL UNIQUE,
    title VARCHAR, source VARCHAR, url VARCHAR, author VARCHAR,
    published DATE,
    published_from VARCHAR,          -- 'metadata' | 'text' | NULL (unknown)
    text VARCHAR NOT NULL,
    origin VARCHAR,
    notes VARCHAR,
    added TIMESTAMP NOT NULL
);
-- one row per actor per article: the extractor's canonical actor in that article
CREATE TABLE IF NOT EXISTS article_actors (
    article_id VARCHAR NOT NULL, actor_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL, type VARCHAR NOT NULL, n_mentions INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS mentions (
    article_id VARCHAR NOT NULL, actor_id VARCHAR NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS places (
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, country VARCHAR, kind VARCHAR,
    lat DOUBLE NOT NULL, lon DOUBLE NOT NULL, geonameid BIGINT
);
CREATE TABLE IF NOT EXISTS place_mentions (
    article_id VARCHAR NOT NULL, place_id VARCHAR NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL,
    confidence DOUBLE, rule VARCHAR
);
CREATE TABLE IF NOT EXISTS quotes (
    id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text VARCHAR NOT NULL,
    kind VARCHAR NOT NULL, speaker VARCHAR, speaker_id VARCHAR,
    speaker_start INTEGER, speaker_end INTEGER, cue VARCHAR, confidence DOUBLE
);
CREATE TABLE IF NOT EXISTS quote_subjects (quote_id VARCHAR NOT NULL, actor_id VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS dates (
    article_id VARCHAR NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL, date DATE, granularity VARCHAR,
    sentence_start INTEGER, sentence_end INTEGER, sentence VARCHAR  -- for the timeline's events
);
CREATE TABLE IF NOT EXISTS ingest_problems (source VARCHAR NOT NULL, reason VARCHAR NOT NULL, noted_at TIMESTAMP NOT NULL);
-- actor_id -> canonical actor id. 'auto' rows are recomputed after every build; rows of other
-- origins (an analyst's corrections, later) are kept across rebuilds.
CREATE TABLE IF NOT EXISTS actor_links (
    from_id VARCHAR PRIMARY KEY, to_id VARCHAR NOT NULL, origin VARCHAR NOT NULL
);
-- Derived tables, kept current by every write (add_articles updates the rows of the actors
-- and places it touches; replace_auto_links recomputes them all): aggregating millions of rows
-- on every query is too slow for a page at 100,000 articles. Articles are keyed by a dense
-- integer k in them (article_keys), not by the VARCHAR id: joins and semi-joins on it are
-- faster, and k is a bit position for bitmaps of articles.
CREATE TABLE IF NOT EXISTS article_keys (
    k INTEGER NOT NULL, id VARCHAR NOT NULL, published DATE, source VARCHAR,
    h SMALLINT NOT NULL,  -- hash(id) % 1024: the map's fixed sample of a place's articles
    characters INTEGER NOT NULL  -- length(text): the article list reads no text
);
-- one row per article per actor after links (as resolved_article_actors, summed)
CREATE TABLE IF NOT EXISTS actor_articles (
    k INTEGER NOT NULL, actor_id VARCHAR NOT NULL, n_mentions INTEGER NOT NULL
);
-- one row per article per place it names, with its mentions
CREATE TABLE IF NOT EXISTS place_articles (
    k INTEGER NOT NULL, place_id VARCHAR NOT NULL, n_mentions INTEGER NOT NULL,
    h SMALLINT NOT NULL
);
-- every actor after links, with its fullest name
CREATE TABLE IF NOT EXISTS actors (
    id VARCHAR NOT NULL, name VARCHAR NOT NULL, type VARCHAR NOT NULL,
    n_mentions INTEGER NOT NULL, n_articles INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS place_totals (
    place_id VARCHAR NOT NULL, n_mentions INTEGER NOT NULL, n_articles INTEGER NOT NULL
);
-- the map's "actors named with a place": mentions of each actor (and the articles naming it)
-- over the place's articles, or over its fixed sample of about 200 of them (see
-- queries.place_bubbles; a filter's sample is counted by the article index)
CREATE TABLE IF NOT EXISTS place_coactors (
    place_id VARCHAR NOT NULL, actor_id VARCHAR NOT NULL, n INTEGER NOT NULL,
    articles INTEGER NOT NULL
);
-- each actor's articles as bitmaps over the article keys, in chunks of BITS_CHUNK keys (bit i
-- of chunk c is key c * BITS_CHUNK + i; chunks without its articles have no row): the actor
-- network ANDs them instead of rebuilding them from millions of rows, and a write rewrites
-- only the chunks of its new keys
CREATE TABLE IF NOT EXISTS actor_bits (
    actor_id VARCHAR NOT NULL, chunk INTEGER NOT NULL, bits BLOB NOT NULL
);
-- every quote with its article's key and date and its speaker and subjects after links
CREATE TABLE IF NOT EXISTS quote_keys (
    k INTEGER NOT NULL, id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, start INTEGER NOT NULL,
    published DATE, speaker_actor VARCHAR, subjects VARCHAR[] NOT NULL
);
-- every dated sentence (dates with a date) and the actors (after links) named in it
CREATE TABLE IF NOT EXISTS event_actors (
    k INTEGER NOT NULL, article_id VARCHAR NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, date DATE NOT NULL, granularity VARCHAR, date_text VARCHAR,
    sentence VARCHAR, actor_ids VARCHAR[] NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_actor ON mentions (actor_id);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions (article_id);
CREATE INDEX IF NOT EXISTS place_mentions_article ON place_mentions (article_id);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_id);
"""

# Views resolve actor ids through actor_links, so corrections apply at query time.
VIEWS = """
CREATE OR REPLACE VIEW resolved_mentions AS
SELECT m.article_id, COALESCE(l.to_id, m.actor_id) AS actor_id, m.start, m."end", m.text
FROM mentions m LEFT JOIN actor_links l ON l.from_id = m.actor_id;
CREATE OR REPLACE VIEW resolved_article_actors AS
SELECT a.article_id, COALESCE(l.to_id, a.actor_id) AS actor_id, a.name, a.type, a.n_mentions
FROM article_actors a LEFT JOIN actor_links l ON l.from_id = a.actor_id;
CREATE OR REPLACE VIEW resolved_quotes AS
SELECT q.*, COALESCE(l.to_id, q.speaker_id) AS speaker_actor
FROM quotes q LEFT JOIN actor_links l ON l.from_id = q.speaker_id;
"""

DERIVED_TABLES = ("article_keys", "actor_articles", "place_articles", "actors", "place_totals",
                  "place_coactors", "actor_bits", "event_actors", "quote_keys")
# derived tables of older schemas, dropped by the migration
RETIRED_TABLES = ("place_sample", "shown_actor_articles")

# new articles get the keys after the largest one; refresh_totals renumbers them all, in
# order of publication, and writes the tables keyed by k in its order: a date range is then
# a range of keys, and a scan of it skips the row groups outside
ARTICLE_KEYS_SQL = """
SELECT (SELECT coalesce(max(k), 0) FROM article_keys)
       + row_number() OVER (ORDER BY published NULLS LAST, id),
       id, published, source, (hash(id) % 1024)::SMALLINT, length(text)
FROM articles WHERE {where}
"""

ACTOR_ARTICLES_SQL = """
SELECT k.k, r.actor_id, sum(r.n_mentions)::INTEGER
FROM resolved_article_actors r JOIN article_keys k ON k.id = r.article_id
WHERE {where} GROUP BY k.k, r.actor_id
"""

ACTORS_SQL = """
SELECT actor_id AS id,
       -- the fullest name the actor was given in any article ("Vladimir Putin", not "Putin")
       arg_max(name, length(name) * 1000000 + n) AS name,
       arg_max(type, n) AS type,
       sum(n)::INTEGER AS n_mentions,
       count(DISTINCT article_id)::INTEGER AS n_articles
FROM (SELECT actor_id, article_id, name, type, sum(n_mentions) AS n
      FROM resolved_article_actors WHERE {where} GROUP BY ALL)
GROUP BY actor_id
"""

PLACE_ARTICLES_SQL = """
SELECT k.k, m.place_id, count(*)::INTEGER, k.h
FROM place_mentions m JOIN article_keys k ON k.id = m.article_id
WHERE {where} GROUP BY k.k, m.place_id, k.h
"""

PLACE_TOTALS_SQL = """
SELECT place_id, sum(n_mentions)::INTEGER, count(*)::INTEGER
FROM place_articles WHERE {where} GROUP BY place_id
"""

# the same sample as queries.place_bubbles with sample_articles=COACTOR_SAMPLE (the first
# parameter of PLACE_COACTORS_SQL)
COACTOR_SAMPLE = 200
PLACE_COACTORS_SQL = """
SELECT s.place_id, r.actor_id, sum(r.n_mentions)::INTEGER, count(*)::INTEGER
FROM place_articles s JOIN place_totals t ON t.place_id = s.place_id
JOIN actor_articles r ON r.k = s.k
WHERE s.h::BIGINT * t.n_articles < ? * 1024 AND {where}
GROUP BY s.place_id, r.actor_id
"""

# the actor types the map lists beside places (queries.place_bubbles' SQL list)
SHOWN_TYPES = ("PERSON", "ORG", "NORP")

# the 8192 of the SQL here and in _update_totals; a multiple of 8: a chunk's bitmap is whole
# bytes, its first key in the first (highest) bit
BITS_CHUNK = 8192
ACTOR_BITS_SQL = """
SELECT actor_id, (k // 8192)::INTEGER AS chunk, bitstring_agg((k % 8192)::INTEGER, 0, 8191)::BLOB
FROM actor_articles WHERE {where} GROUP BY actor_id, chunk
"""

QUOTE_KEYS_SQL = """
SELECT k.k, q.id, q.article_id, q.start, k.published, COALESCE(l.to_id, q.speaker_id),
       COALESCE(s.subjects, [])
FROM quotes q JOIN article_keys k ON k.id = q.article_id
LEFT JOIN actor_links l ON l.from_id = q.speaker_id
LEFT JOIN (SELECT s.quote_id, list_sort(list_distinct(list(COALESCE(l.to_id, s.actor_id)))) AS subjects
           FROM quote_subjects s LEFT JOIN actor_links l ON l.from_id = s.actor_id
           GROUP BY s.quote_id) s ON s.quote_id = q.id
WHERE {where}
"""

EVENT_ACTORS_SQL = """
SELECT k.k, d.article_id, d.start, d."end", d.date, d.granularity, d.text, d.sentence,
       list_sort(list_distinct(list(COALESCE(l.to_id, m.actor_id))))
FROM dates d JOIN article_keys k ON k.id = d.article_id
LEFT JOIN mentions m ON m.article_id = d.article_id
     AND m.start >= d.sentence_start AND m."end" <= d.sentence_end
LEFT JOIN actor_links l ON l.from_id = m.actor_id
WHERE d.date IS NOT NULL AND {where}
GROUP BY k.k, d.article_id, d.start, d."end", d.date, d.granularity, d.text, d.sentence
"""

# what the file's schema must match for an open to write nothing (see Store._open)
SCHEMA_FINGERPRINT = hashlib.sha256(
    (SCHEMA + VIEWS + ARTICLE_KEYS_SQL + ACTOR_ARTICLES_SQL + PLACE_ARTICLES_SQL + ACTORS_SQL
     + PLACE_TOTALS_SQL + PLACE_COACTORS_SQL + ACTOR_BITS_SQL
     + EVENT_ACTORS_SQL + QUOTE_KEYS_SQL + str(COACTOR_SAMPLE)).encode()
).hexdigest()[:16]

_LOCK_WAIT_SECONDS = 60.0


# Stores close before the interpreter exits: an idle-close timer (a daemon thread) left to
# close a DuckDB connection while the interpreter tears its threads down aborted the process
# ("FATAL: exception not rethrown") after some test runs.
_STORES: weakref.WeakSet = weakref.WeakSet()


@atexit.register
def _close_stores() -> None:
    for store in list(_STORES):
        store.close()


class StoreBusy(RuntimeError):
    """Another process holds the store file open for writing."""


@dataclass(frozen=True)
class StoreVersion:
    """Changes whenever the file changes; dashboards key their caches on it."""

    mtime_ns: int
    size: int


def place_key(name: str, country: str | None, geonameid: int | None) -> str:
    if geonameid is not None:
        return f"gn:{geonameid}"
    return f"{(country or '--').lower()}:{name.casefold()}"


class Store:
    def __init__(self, path: Path | str, *, idle_close_seconds: float = 2.0) -> None:
        self.path = Path(path)
        self.idle_close_seconds = idle_close_seconds
        self._con: duckdb.DuckDBPyConnection | None = None
        self._users = 0
        self._lock = threading.RLock()
        self._closer: threading.Timer | None = None
        _STORES.add(self)

    # -- connections -------------------------------------------------------------------
    def _open(self) -> duckdb.DuckDBPyConnection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + _LOCK_WAIT_SECONDS
        while True:
            try:
                con = duckdb.connect(str(self.path))
                break
            except duckdb.IOException as error:
                if "lock" not in str(error).lower() or time.monotonic() > deadline:
                    raise StoreBusy(
                        f"{self.path} is in use by another process (is a build running?)"
                    ) from error
                time.sleep(0.2)
        try:
            if _schema_is_current(con):
                return con
            _migrate(con)
        except BaseException:
            con.close()
            raise
        return con

    def _close_if_idle(self) -> None:
        with self._lock:
            if self._users == 0 and self._con is not None:
                self._con.close()
                self._con = None

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one unit of work (thread-safe use of one database)."""
        with self._lock:
            if self._closer is not None:
                self._closer.cancel()
                self._closer = None
            if self._con is None:
                self._con = self._open()
            self._users += 1
            cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    if self.idle_close_seconds <= 0:
                        self._close_if_idle()
                    else:
                        self._closer = threading.Timer(self.idle_close_seconds, self._close_if_idle)
                        self._closer.daemon = True
                        self._closer.start()

    def close(self) -> None:
        with self._lock:
            if self._closer is not None:
                self._closer.cancel()
            if self._con is not None:
                self._con.close()
                self._con = None

    def version(self) -> StoreVersion:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return StoreVersion(0, 0)
        wal = self.path.with_name(self.path.name + ".wal")
        wal_size = wal.stat().st_size if wal.exists() else 0
        return StoreVersion(stat.st_mtime_ns, stat.st_size + wal_size)

    # -- reads the build needs ----------------------------------------------------------
    def exists(self) -> bool:
        return self.path.exists()

    def article_count(self) -> int:
        with self.cursor() as cur:
            return cur.execute("SELECT count(*) FROM articles").fetchone()[0]

    def known_hashes(self) -> set[str]:
        with self.cursor() as cur:
            return {row[0] for row in cur.execute("SELECT content_hash FROM articles").fetchall()}

    def known_ids(self) -> set[str]:
        with self.cursor() as cur:
            return {row[0] for row in cur.execute("SELECT id FROM articles").fetchall()}

    # -- writes ---------------------------------------------------------------------------
    def add_problems(self, problems: Iterable[IngestProblem]) -> None:
        rows = [(p.source, p.reason, _now()) for p in problems]
        if not rows:
            return
        with self.cursor() as cur:
            cur.executemany("INSERT INTO ingest_problems VALUES (?, ?, ?)", rows)

    def add_articles(
        self, items: Sequence[tuple[Article, str, ArticleRecord]]
    ) -> None:
        """Write (article, content hash, record) triples in one transaction: whole articles only."""
        rows = _rows_for(items)
        with self.cursor() as cur:
            cur.execute("BEGIN TRANSACTION")
            try:
                for table, table_rows in rows.items():
                    if table_rows:
                        marks = ", ".join("?" * len(table_rows[0]))
                        # places are shared by articles: the first writer's row stays
                        verb = "INSERT OR IGNORE" if table == "places" else "INSERT"
                        cur.executemany(f"{verb} INTO {table} VALUES ({marks})", table_rows)
                _update_totals(cur, [row[0] for row in rows["articles"]])
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise

    def replace_auto_links(self, links: dict[str, str]) -> None:
        """Replace the automatic actor links; analysts' links (other origins) stay."""
        with self.cursor() as cur:
            cur.execute("BEGIN TRANSACTION")
            try:
                current = set(cur.execute(
                    "SELECT from_id, to_id FROM actor_links WHERE origin = 'auto'"
                ).fetchall())
                kept = {r[0] for r in cur.execute(
                    "SELECT from_id FROM actor_links WHERE origin <> 'auto'"
                ).fetchall()}
                rows = [(a, b, "auto") for a, b in links.items() if a not in kept and a != b]
                # the same links as before (most builds): the derived tables are current,
                # add_articles kept them so; recomputing them takes seconds at 100k articles
                if {(a, b) for a, b, _ in rows} != current:
                    cur.execute("DELETE FROM actor_links WHERE origin = 'auto'")
                    if rows:
                        cur.executemany("INSERT INTO actor_links VALUES (?, ?, ?)", rows)
                    refresh_totals(cur)
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise

    def person_actor_names(self) -> list[tuple[str, str, int]]:
        """(actor id, name, mentions) of every PERSON actor as extracted, before links."""
        with self.cursor() as cur:
            return cur.execute(
                "SELECT actor_id, arg_max(name, n_mentions), sum(n_mentions)::INTEGER "
                "FROM article_actors WHERE type = 'PERSON' GROUP BY actor_id"
            ).fetchall()


def refresh_totals(cur: duckdb.DuckDBPyConnection) -> None:
    """Recompute the derived tables from the articles and links (inside a transaction).

    Whatever changes actor_links must call this: the derived tables hold resolved ids."""
    # written in order: the rows of an actor (a place) together, so a scan for a few actors
    # skips the other row groups; the keys in order of publication
    for table, sql, order, params in (
        ("article_keys", ARTICLE_KEYS_SQL, "1", []),
        ("actor_articles", ACTOR_ARTICLES_SQL, "2, 1", []),
        ("place_articles", PLACE_ARTICLES_SQL, "2, 1", []), ("actors", ACTORS_SQL, "1", []),
        ("place_totals", PLACE_TOTALS_SQL, "1", []),
        ("place_coactors", PLACE_COACTORS_SQL, "1", [COACTOR_SAMPLE]),
        ("actor_bits", ACTOR_BITS_SQL, "1, 2", []),
        ("event_actors", EVENT_ACTORS_SQL, "5 DESC, 2, 3", []),
        ("quote_keys", QUOTE_KEYS_SQL, "5 DESC NULLS LAST, 3, 4", []),
    ):
        cur.execute(f"DELETE FROM {table}")
        cur.execute(f"INSERT INTO {table} {sql.format(where='TRUE')} ORDER BY {order}", params)


def _update_totals(cur: duckdb.DuckDBPyConnection, article_ids: list[str]) -> None:
    """Bring the derived tables up to date with new articles (inside their transaction):
    only the rows of the actors and places these articles name are recomputed."""
    if not article_ids:
        return
    cur.execute(f"INSERT INTO article_keys {ARTICLE_KEYS_SQL.format(where='id IN (SELECT unnest(?))')}",
                [article_ids])
    new_keys = "k IN (SELECT k FROM article_keys WHERE id IN (SELECT unnest(?)))"
    cur.execute(
        f"INSERT INTO actor_articles {ACTOR_ARTICLES_SQL.format(where='r.article_id IN (SELECT unnest(?))')}",
        [article_ids])
    cur.execute(
        f"INSERT INTO place_articles {PLACE_ARTICLES_SQL.format(where='m.article_id IN (SELECT unnest(?))')}",
        [article_ids])
    cur.execute(
        f"INSERT INTO event_actors {EVENT_ACTORS_SQL.format(where='d.article_id IN (SELECT unnest(?))')}",
        [article_ids])
    cur.execute(
        f"INSERT INTO quote_keys {QUOTE_KEYS_SQL.format(where='q.article_id IN (SELECT unnest(?))')}",
        [article_ids])
    actor_ids = [r[0] for r in cur.execute(
        f"SELECT DISTINCT actor_id FROM actor_articles WHERE {new_keys}", [article_ids]
    ).fetchall()]
    place_ids = [r[0] for r in cur.execute(
        f"SELECT DISTINCT place_id FROM place_articles WHERE {new_keys}", [article_ids]
    ).fetchall()]
    for table, key, sql, ids in (("actors", "id", ACTORS_SQL, actor_ids),
                                 ("place_totals", "place_id", PLACE_TOTALS_SQL, place_ids)):
        if ids:
            cur.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?))", [ids])
            column = "actor_id" if table == "actors" else "place_id"
            cur.execute(
                f"INSERT INTO {table} {sql.format(where=f'{column} IN (SELECT unnest(?))')}", [ids]
            )
    # a place's co-actor sample depends on its number of articles: recount the places named
    if place_ids:
        cur.execute("DELETE FROM place_coactors WHERE place_id IN (SELECT unnest(?))", [place_ids])
        cur.execute(f"INSERT INTO place_coactors "
                    f"{PLACE_COACTORS_SQL.format(where='s.place_id IN (SELECT unnest(?))')}",
                    [COACTOR_SAMPLE, place_ids])
    # the bitmaps of the actors named, in the chunks of the new keys (older keys keep their bits)
    if actor_ids:
        chunks = ("(SELECT DISTINCT (k // 8192)::INTEGER FROM article_keys "
                  "WHERE id IN (SELECT unnest(?)))")
        cur.execute(f"DELETE FROM actor_bits WHERE actor_id IN (SELECT unnest(?)) AND chunk IN {chunks}",
                    [actor_ids, article_ids])
        rows = f"actor_id IN (SELECT unnest(?)) AND (k // 8192)::INTEGER IN {chunks}"
        cur.execute(f"INSERT INTO actor_bits {ACTOR_BITS_SQL.format(where=rows)}",
                    [actor_ids, article_ids])


def _schema_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the file has this very schema: then opening it writes nothing.

    An open that writes (even `CREATE OR REPLACE VIEW`) changes the file, hence the store's
    version, hence every dashboard cache key: each reconnection after the idle close would
    empty the caches."""
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except duckdb.CatalogException:
        return False
    return row is not None and row[0] == SCHEMA_FINGERPRINT


def _migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Create or update the schema and views; refresh the totals tables."""
    con.execute("BEGIN TRANSACTION")
    try:
        # derived data is rebuilt from scratch (schema 1 had a view named actors)
        for name, kind in con.execute(
            "SELECT table_name, table_type FROM information_schema.tables "
            "WHERE table_name IN (SELECT unnest(?))", [list(DERIVED_TABLES + RETIRED_TABLES)]
        ).fetchall():
            con.execute(f"DROP {'VIEW' if kind == 'VIEW' else 'TABLE'} {name}")
        con.execute(SCHEMA)
        con.execute(VIEWS)
        refresh_totals(con)
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?), ('schema', ?)",
            [str(SCHEMA_VERSION), SCHEMA_FINGERPRINT],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _rows_for(items: Sequence[tuple[Article, str, ArticleRecord]]) -> dict[str, list[tuple]]:
    rows: dict[str, list[tuple]] = {
        "articles": [], "article_actors": [], "mentions": [], "places": [],
        "place_mentions": [], "quotes": [], "quote_subjects": [], "dates": [],
    }
    now = _now()
    for article, content_hash, record in items:
        published_from = (
            "metadata" if article.published else ("text" if record.published else None)
        )
        rows["articles"].append((
            article.id, content_hash, article.title, article.source, article.url, article.author,
            record.published, published_from, article.text, article.origin,
            "; ".join(record.notes) or None, now,
        ))
        for entity in record.entities:
            rows["article_actors"].append(
                (article.id, entity.id, entity.name, entity.type, len(entity.mentions))
            )
            rows["mentions"].extend(
                (article.id, entity.id, m.start, m.end, m.text) for m in entity.mentions
            )
        for place in record.places:
            key = place_key(place.name, place.country, place.geonameid)
            rows["places"].append(
                (key, place.name, place.country, place.kind, place.lat, place.lon, place.geonameid)
            )
            rows["place_mentions"].extend(
                (article.id, key, m.start, m.end, m.text, place.confidence, place.rule)
                for m in place.mentions
            )
        for number, quote in enumerate(record.quotes):
            quote_id = f"{article.id}#q{number}"
            mention = quote.speaker_mention
            rows["quotes"].append((
                quote_id, article.id, quote.start, quote.end, quote.text, quote.kind,
                quote.speaker, quote.speaker_id,
                mention.start if mention else None, mention.end if mention else None,
                quote.cue, quote.confidence,
            ))
            rows["quote_subjects"].extend((quote_id, actor) for actor in set(quote.subject_ids))
        for date in record.dates:
            low, high = sentence_bounds(article.text, date.start, date.end)
            rows["dates"].append((
                article.id, date.start, date.end, date.text, date.date, date.granularity,
                low, high, article.text[low:high],
            ))
    # places are shared across articles: one row per key, first one wins
    unique_places: dict[str, tuple] = {}
    for row in rows["places"]:
        unique_places.setdefault(row[0], row)
    rows["places"] = list(unique_places.values())
    return rows
