"""Filters -> DataFrames. Every view is a query keyed by actor ids, places, sources and dates.

`Filters` selects a set of articles (the scope); each query then reads what concerns the
selection inside that scope. All values reach SQL as parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from newslens.store import Store


@dataclass(frozen=True)
class Filters:
    actors: tuple[str, ...] = ()  # actor ids; an article is in scope if it mentions any of them
    types: tuple[str, ...] = ()  # actor types shown in actor lists and the network; () = all
    date_from: date | None = None
    date_to: date | None = None
    sources: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # place ids; an article is in scope if it mentions any

    @property
    def is_empty(self) -> bool:
        return self == Filters()


def scope_sql(filters: Filters) -> tuple[str, list]:
    """SQL selecting the ids of the articles in scope, and its parameters."""
    clauses: list[str] = []
    params: list = []
    if filters.date_from is not None:
        clauses.append("a.published >= ?")
        params.append(filters.date_from)
    if filters.date_to is not None:
        clauses.append("a.published <= ?")
        params.append(filters.date_to)
    if filters.sources:
        clauses.append("a.source IN (SELECT unnest(?))")
        params.append(list(filters.sources))
    if filters.actors:
        clauses.append(
            "a.id IN (SELECT article_id FROM actor_articles "
            "WHERE actor_id IN (SELECT unnest(?)))"
        )
        params.append(list(filters.actors))
    if filters.places:
        clauses.append(
            "a.id IN (SELECT article_id FROM place_articles WHERE place_id IN (SELECT unnest(?)))"
        )
        params.append(list(filters.places))
    where = " AND ".join(clauses) or "TRUE"
    return f"SELECT a.id FROM articles a WHERE {where}", params


def restricts_articles(filters: Filters) -> bool:
    """Whether the filters select fewer than all articles (actor types do not)."""
    return bool(
        filters.date_from is not None or filters.date_to is not None
        or filters.sources or filters.actors or filters.places
    )


def in_scope(column: str, filters: Filters) -> tuple[str, list]:
    """`column IN (scope)`, or TRUE when every article is in scope (no semi-join to pay)."""
    if not restricts_articles(filters):
        return "TRUE", []
    scope, params = scope_sql(filters)
    return f"{column} IN ({scope})", params


def _types_sql(filters: Filters, column: str) -> tuple[str, list]:
    if not filters.types:
        return "TRUE", []
    return f"{column} IN (SELECT unnest(?))", [list(filters.types)]


def _df(store: Store, sql: str, params: list | None = None) -> pd.DataFrame:
    with store.cursor() as cur:
        return cur.execute(sql, params or []).df()


# -- options for the sidebar ---------------------------------------------------------------
def actor_options(store: Store, *, min_mentions: int = 1) -> pd.DataFrame:
    return _df(
        store,
        "SELECT id, name, type, n_mentions, n_articles FROM actors "
        "WHERE n_mentions >= ? ORDER BY n_mentions DESC, name",
        [min_mentions],
    )


def place_options(store: Store) -> pd.DataFrame:
    return _df(
        store,
        "SELECT p.id, p.name, p.country, p.kind, t.n_mentions "
        "FROM place_totals t JOIN places p ON p.id = t.place_id "
        "ORDER BY n_mentions DESC, p.name",
    )


def source_options(store: Store) -> list[str]:
    frame = _df(
        store,
        "SELECT source, count(*) AS n FROM articles WHERE source IS NOT NULL "
        "GROUP BY source ORDER BY n DESC, source",
    )
    return frame["source"].tolist()


def date_bounds(store: Store) -> tuple[date | None, date | None]:
    with store.cursor() as cur:
        low, high = cur.execute("SELECT min(published), max(published) FROM articles").fetchone()
    return low, high


# -- overview ------------------------------------------------------------------------------
def key_numbers(store: Store, filters: Filters) -> dict[str, int]:
    if not restricts_articles(filters):
        sql = """
        SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM actors),
               (SELECT count(*) FROM place_totals), (SELECT count(*) FROM quotes),
               (SELECT count(*) FROM articles WHERE published IS NULL)
        """
        with store.cursor() as cur:
            row = cur.execute(sql).fetchone()
        return dict(zip(("articles", "actors", "places", "quotes", "undated"), (int(v) for v in row)))
    scope, params = scope_sql(filters)
    sql = f"""
        WITH scope AS ({scope})
        SELECT
          (SELECT count(*) FROM scope),
          (SELECT count(DISTINCT actor_id) FROM actor_articles
             WHERE article_id IN (SELECT id FROM scope)),
          (SELECT count(DISTINCT place_id) FROM place_articles
             WHERE article_id IN (SELECT id FROM scope)),
          (SELECT count(*) FROM quotes WHERE article_id IN (SELECT id FROM scope)),
          (SELECT count(*) FROM articles WHERE published IS NULL
             AND id IN (SELECT id FROM scope))
    """
    with store.cursor() as cur:
        row = cur.execute(sql, params).fetchone()
    keys = ("articles", "actors", "places", "quotes", "undated")
    return dict(zip(keys, (int(v) for v in row)))


def top_actors(store: Store, filters: Filters, *, limit: int = 15) -> pd.DataFrame:
    types, type_params = _types_sql(filters, "x.type")
    if not restricts_articles(filters):
        return _all_actors(store, types, type_params, limit)
    scope, params = scope_sql(filters)
    return _df(
        store,
        f"""
        WITH scope AS ({scope})
        SELECT r.actor_id AS id, x.name, x.type,
               sum(r.n_mentions)::INTEGER AS mentions,
               count(*)::INTEGER AS articles
        FROM actor_articles r JOIN actors x ON x.id = r.actor_id
        WHERE r.article_id IN (SELECT id FROM scope) AND {types}
        GROUP BY ALL ORDER BY mentions DESC, x.name LIMIT ?
        """,
        params + type_params + [limit],
    )


def _all_actors(store: Store, types: str, type_params: list, limit: int) -> pd.DataFrame:
    """The most mentioned actors of the whole store, from the actors table."""
    return _df(
        store,
        f"""
        SELECT x.id, x.name, x.type, x.n_mentions AS mentions, x.n_articles AS articles
        FROM actors x WHERE {types} ORDER BY mentions DESC, x.name LIMIT ?
        """,
        type_params + [limit],
    )


def top_places(store: Store, filters: Filters, *, limit: int = 15) -> pd.DataFrame:
    if not restricts_articles(filters):
        return _df(
            store,
            """
            SELECT p.id, p.name, p.country, p.kind, t.n_mentions AS mentions,
                   t.n_articles AS articles
            FROM place_totals t JOIN places p ON p.id = t.place_id
            ORDER BY mentions DESC, p.name LIMIT ?
            """,
            [limit],
        )
    scope, params = scope_sql(filters)
    return _df(
        store,
        f"""
        WITH scope AS ({scope})
        SELECT p.id, p.name, p.country, p.kind, sum(m.n_mentions)::INTEGER AS mentions,
               count(*)::INTEGER AS articles
        FROM place_articles m JOIN places p ON p.id = m.place_id
        WHERE m.article_id IN (SELECT id FROM scope)
        GROUP BY ALL ORDER BY mentions DESC, p.name LIMIT ?
        """,
        params + [limit],
    )


def articles_per_day(store: Store, filters: Filters) -> pd.DataFrame:
    scope, params = in_scope("id", filters)
    return _df(
        store,
        f"""
        SELECT published AS day, count(*)::INTEGER AS articles FROM articles
        WHERE {scope} AND published IS NOT NULL GROUP BY day ORDER BY day
        """,
        params,
    )


def latest_articles(store: Store, filters: Filters, *, limit: int = 10) -> pd.DataFrame:
    scope, params = in_scope("id", filters)
    return _df(
        store,
        f"""
        SELECT id, title, source, published, url FROM articles WHERE {scope}
        ORDER BY published DESC NULLS LAST, added DESC, id LIMIT ?
        """,
        params + [limit],
    )


# -- map -----------------------------------------------------------------------------------
def place_bubbles(
    store: Store, filters: Filters, *, top_actors_per_place: int = 3, sample_articles: int = 200
) -> pd.DataFrame:
    """One row per place in scope: where, how often, and the actors most often beside it.

    The actors beside a place are counted over every article of it in scope when there are
    at most `sample_articles`, else over a fixed sample of about that many: bounded work for
    the places named in tens of thousands of articles."""
    scope, params = in_scope("article_id", filters)
    return _df(
        store,
        f"""
        WITH pm AS (SELECT place_id, article_id, n_mentions FROM place_articles WHERE {scope}),
        totals AS (SELECT place_id, sum(n_mentions)::INTEGER AS mentions,
                          count(*)::INTEGER AS articles FROM pm GROUP BY place_id),
        -- every article of a place named in at most ? of them, else a sample of about that
        -- many (by a hash of the id: fixed, and no sort of millions of rows)
        sample AS (SELECT pm.place_id, pm.article_id FROM pm JOIN totals t USING (place_id)
                   WHERE (hash(pm.article_id) % 1024)::BIGINT * t.articles < ? * 1024),
        co AS (SELECT s.place_id, x.name, sum(r.n_mentions) AS n
               FROM sample s JOIN actor_articles r ON r.article_id = s.article_id
               JOIN actors x ON x.id = r.actor_id
               WHERE x.type IN ('PERSON', 'ORG', 'NORP')
               GROUP BY ALL),
        top AS (SELECT place_id, string_agg(name, ', ' ORDER BY n DESC, name) AS top_actors
                FROM (SELECT * FROM co
                      QUALIFY row_number() OVER (PARTITION BY place_id ORDER BY n DESC, name) <= ?)
                GROUP BY place_id)
        SELECT p.id, p.name, p.country, p.kind, p.lat, p.lon, t.mentions, t.articles,
               top.top_actors
        FROM totals t JOIN places p ON p.id = t.place_id LEFT JOIN top ON top.place_id = t.place_id
        ORDER BY t.mentions DESC, p.name
        """,
        params + [sample_articles, top_actors_per_place],
    )


def country_mentions(store: Store, filters: Filters) -> pd.DataFrame:
    """Mentions per country (ISO2) of every place in scope, the country's own and its cities'."""
    if not restricts_articles(filters):
        return _df(
            store,
            """
            SELECT p.country, sum(t.n_mentions)::INTEGER AS mentions
            FROM place_totals t JOIN places p ON p.id = t.place_id
            WHERE p.country IS NOT NULL GROUP BY p.country ORDER BY mentions DESC
            """,
        )
    scope, params = scope_sql(filters)
    return _df(
        store,
        f"""
        SELECT p.country, sum(m.n_mentions)::INTEGER AS mentions
        FROM place_articles m JOIN places p ON p.id = m.place_id
        WHERE m.article_id IN ({scope}) AND p.country IS NOT NULL
        GROUP BY p.country ORDER BY mentions DESC
        """,
        params,
    )


# -- timeline ------------------------------------------------------------------------------
def actor_mentions_per_day(
    store: Store, filters: Filters, actor_ids: list[str]
) -> pd.DataFrame:
    scope, params = scope_sql(filters)
    return _df(
        store,
        f"""
        SELECT a.published AS day, x.id AS actor_id, x.name, x.type,
               sum(r.n_mentions)::INTEGER AS mentions
        FROM actor_articles r JOIN articles a ON a.id = r.article_id
        JOIN actors x ON x.id = r.actor_id
        WHERE r.article_id IN ({scope}) AND a.published IS NOT NULL
          AND r.actor_id IN (SELECT unnest(?))
        GROUP BY ALL ORDER BY day, x.name
        """,
        params + [list(actor_ids)],
    )


def quotes_per_day(store: Store, filters: Filters) -> pd.DataFrame:
    quotes, params = _quotes_scope_sql(filters)
    return _df(
        store,
        f"""
        SELECT a.published AS day, count(*)::INTEGER AS quotes
        FROM ({quotes}) q JOIN articles a ON a.id = q.article_id
        WHERE a.published IS NOT NULL GROUP BY day ORDER BY day
        """,
        params,
    )


def dated_events(store: Store, filters: Filters, *, limit: int = 200) -> pd.DataFrame:
    """Sentences with a date normalised to a day, month or year, newest first."""
    scope, params = in_scope("d.article_id", filters)
    if not filters.actors:
        return _events(store, "", scope, params, [], [], limit)
    # With actors chosen, only the events whose sentence names one of them. Testing every
    # dated sentence of the scope costs seconds at 100,000 articles, so the newest
    # `candidates` dated sentences are tested first, and more only when too few pass.
    candidates = max(limit * 20, 2000)
    while True:
        events = _events(
            store, "ORDER BY d.date DESC, a.id, d.start LIMIT ?", scope, params, [candidates],
            [list(filters.actors)], limit,
        )
        if len(events) >= limit:
            return events
        with store.cursor() as cur:
            dated = cur.execute(
                f"SELECT count(*) FROM dates d WHERE d.date IS NOT NULL AND {scope}", params
            ).fetchone()[0]
        if dated <= candidates:
            return events
        candidates *= 8


# the extracted actor ids that resolve to one of the ids given (twice) through actor_links:
# lets a filter on resolved ids use the raw column (and its index) instead of the view
_RAW_IDS_SQL = """
SELECT from_id AS id FROM actor_links WHERE to_id IN (SELECT unnest(?))
UNION
SELECT id FROM (SELECT unnest(?) AS id) WHERE id NOT IN (SELECT from_id FROM actor_links)
"""


def _events(
    store: Store, candidates_sql: str, scope: str, params: list, candidate_params: list,
    actor_params: list, limit: int,
) -> pd.DataFrame:
    """dated_events over the (newest) candidate sentences; with actor_params, only those
    naming one of the actors."""
    actor_clause = chosen = ""
    if actor_params:
        chosen = f"chosen AS ({_RAW_IDS_SQL}),"
        actor_clause = """AND EXISTS (SELECT 1 FROM mentions m
            WHERE m.article_id = d.article_id AND m.start >= d.sentence_start
              AND m."end" <= d.sentence_end AND m.actor_id IN (SELECT id FROM chosen))"""
    # the newest `limit` events first, then the actors of those sentences only
    return _df(
        store,
        f"""
        WITH {chosen}
        candidates AS (
            SELECT d.*, a.title, a.published FROM dates d JOIN articles a ON a.id = d.article_id
            WHERE d.date IS NOT NULL AND {scope} {candidates_sql}),
        events AS (
            SELECT d.date, d.granularity, d.text AS date_text, d.sentence, d.title,
                   d.article_id, d.published, d.start, d.sentence_start, d.sentence_end
            FROM candidates d WHERE TRUE {actor_clause}
            ORDER BY d.date DESC, d.article_id, d.start LIMIT ?),
        named AS (
            SELECT e.article_id, e.start,
                   string_agg(DISTINCT x.name, ', ' ORDER BY x.name) AS actors
            FROM events e JOIN mentions m ON m.article_id = e.article_id
                 AND m.start >= e.sentence_start AND m."end" <= e.sentence_end
            LEFT JOIN actor_links l ON l.from_id = m.actor_id
            JOIN actors x ON x.id = COALESCE(l.to_id, m.actor_id)
            GROUP BY e.article_id, e.start)
        SELECT e.date, e.granularity, e.date_text, e.sentence, e.title, e.article_id, e.published,
               n.actors
        FROM events e LEFT JOIN named n ON n.article_id = e.article_id AND n.start = e.start
        ORDER BY e.date DESC, e.article_id, e.start
        """,
        actor_params * 2 + params + candidate_params + [limit],
    )


# -- quotes --------------------------------------------------------------------------------
def _quotes_scope_sql(filters: Filters) -> tuple[str, list]:
    """Quotes in scope; with actors chosen, those spoken by or about them."""
    scope, params = in_scope("article_id", filters)
    sql = f"SELECT * FROM resolved_quotes WHERE {scope}"
    if filters.actors:
        sql += """ AND (speaker_actor IN (SELECT unnest(?)) OR id IN (
            SELECT s.quote_id FROM quote_subjects s LEFT JOIN actor_links l ON l.from_id = s.actor_id
            WHERE COALESCE(l.to_id, s.actor_id) IN (SELECT unnest(?))))"""
        params = params + [list(filters.actors), list(filters.actors)]
    return sql, params


def quotes_table(
    store: Store,
    filters: Filters,
    *,
    search: str = "",
    speakers: tuple[str, ...] = (),
    limit: int = 5000,
) -> pd.DataFrame:
    quotes, params = _quotes_scope_sql(filters)
    clauses = ["TRUE"]
    if search.strip():
        clauses.append("(q.text ILIKE ? OR x.name ILIKE ? OR q.speaker ILIKE ?)")
        pattern = "%" + _escape_like(search.strip()) + "%"
        params = params + [pattern, pattern, pattern]
    if speakers:
        clauses.append("q.speaker_actor IN (SELECT unnest(?))")
        params = params + [list(speakers)]
    return _df(
        store,
        f"""
        SELECT q.id, q.text AS quote, COALESCE(x.name, q.speaker) AS speaker,
               q.speaker_actor AS speaker_id, q.kind, q.cue, q.confidence,
               a.title AS article, a.id AS article_id, a.published AS date, a.source
        FROM ({quotes}) q JOIN articles a ON a.id = q.article_id
        LEFT JOIN actors x ON x.id = q.speaker_actor
        WHERE {" AND ".join(clauses)}
        ORDER BY a.published DESC NULLS LAST, a.id, q.start LIMIT ?
        """,
        params + [limit],
    )


def speaker_options(store: Store, filters: Filters) -> pd.DataFrame:
    quotes, params = _quotes_scope_sql(filters)
    return _df(
        store,
        f"""
        SELECT x.id, x.name, count(*)::INTEGER AS quotes FROM ({quotes}) q
        JOIN actors x ON x.id = q.speaker_actor GROUP BY ALL ORDER BY quotes DESC, x.name
        """,
        params,
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# -- actor network -------------------------------------------------------------------------
def cooccurrence(
    store: Store, filters: Filters, *, max_nodes: int = 40, min_articles: int = 1
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes (the most mentioned actors in scope) and edges (articles they share)."""
    scope, params = scope_sql(filters)
    types, type_params = _types_sql(filters, "x.type")
    if not restricts_articles(filters):
        nodes = _all_actors(store, types, type_params, max_nodes)
    else:
        nodes = _df(
            store,
            f"""
            WITH scope AS ({scope})
            SELECT r.actor_id AS id, x.name, x.type, sum(r.n_mentions)::INTEGER AS mentions,
                   count(*)::INTEGER AS articles
            FROM actor_articles r JOIN actors x ON x.id = r.actor_id
            WHERE r.article_id IN (SELECT id FROM scope) AND {types}
            GROUP BY ALL ORDER BY mentions DESC, x.name LIMIT ?
            """,
            params + type_params + [max_nodes],
        )
    if nodes.empty:
        return nodes, pd.DataFrame(columns=["source", "target", "articles"])
    # the chosen actors always stay in the network, even when they are not among the top
    ids = list(dict.fromkeys(nodes["id"].tolist() + list(filters.actors)))
    scope, params = in_scope("r.article_id", filters)
    # shared articles per pair as the AND of two bitmaps over the articles' row ids: a join
    # of every article's actor pairs is millions of rows at 100,000 articles
    with store.cursor() as cur:
        high = cur.execute("SELECT max(rowid) FROM articles").fetchone()[0]
        edges = cur.execute(
            f"""
            WITH bits AS (
                SELECT r.actor_id, bitstring_agg(a.rowid, 0, ?) AS b
                FROM actor_articles r JOIN articles a ON a.id = r.article_id
                WHERE {scope} AND r.actor_id IN (SELECT unnest(?)) AND a.rowid <= ?
                GROUP BY r.actor_id)
            SELECT x.actor_id AS source, y.actor_id AS target,
                   bit_count(x.b & y.b)::INTEGER AS articles
            FROM bits x JOIN bits y ON x.actor_id < y.actor_id
            WHERE bit_count(x.b & y.b) >= ? ORDER BY articles DESC, source, target
            """,
            [high] + params + [ids, high, max(min_articles, 1)],
        ).df()
    return nodes, edges


# -- articles ------------------------------------------------------------------------------
def article_list(
    store: Store, filters: Filters, *, search: str = "", limit: int = 500
) -> pd.DataFrame:
    scope, params = in_scope("id", filters)
    clause = "TRUE"
    if search.strip():
        clause = "(title ILIKE ? OR text ILIKE ?)"
        pattern = "%" + _escape_like(search.strip()) + "%"
        params = params + [pattern, pattern]
    # the texts' lengths only for the rows listed: reading every text costs seconds at 100k
    return _df(
        store,
        f"""
        WITH listed AS (
            SELECT id, title, source, published, published_from, url, added FROM articles
            WHERE {scope} AND {clause}
            ORDER BY published DESC NULLS LAST, added DESC, id LIMIT ?)
        SELECT l.id, l.title, l.source, l.published,
               strftime(l.published, '%Y-%m-%d') AS published_day,
               l.published_from, l.url, length(a.text) AS characters
        FROM listed l JOIN articles a ON a.id = l.id
        ORDER BY l.published DESC NULLS LAST, l.added DESC, l.id
        """,
        params + [limit],
    )


@dataclass(frozen=True)
class ArticleDetail:
    article: dict
    mentions: pd.DataFrame  # start, end, text, actor_id, name, type
    places: pd.DataFrame  # start, end, text, place_id, name, country, kind
    quotes: pd.DataFrame  # start, end, text, kind, speaker, speaker_id

    def actor_summary(self) -> pd.DataFrame:
        """Actors of the article by mentions: name, type, mentions."""
        frame = self.mentions.groupby(["name", "type"]).size().reset_index(name="mentions")
        return frame.sort_values(["mentions", "name"], ascending=[False, True])

    def place_summary(self) -> pd.DataFrame:
        frame = (self.places.groupby(["name", "country"], dropna=False).size()
                 .reset_index(name="mentions"))
        return frame.sort_values(["mentions", "name"], ascending=[False, True])


def article_detail(store: Store, article_id: str) -> ArticleDetail | None:
    with store.cursor() as cur:
        frame = cur.execute(
            "SELECT *, strftime(published, '%Y-%m-%d') AS published_day FROM articles WHERE id = ?",
            [article_id],
        ).df()
        if frame.empty:
            return None
        mentions = cur.execute(
            """SELECT m.start, m."end", m.text, m.actor_id, x.name, x.type
               FROM resolved_mentions m JOIN actors x ON x.id = m.actor_id
               WHERE m.article_id = ? ORDER BY m.start""",
            [article_id],
        ).df()
        places = cur.execute(
            """SELECT m.start, m."end", m.text, m.place_id, p.name, p.country, p.kind
               FROM place_mentions m JOIN places p ON p.id = m.place_id
               WHERE m.article_id = ? ORDER BY m.start""",
            [article_id],
        ).df()
        quotes = cur.execute(
            """SELECT q.start, q."end", q.text, q.kind, COALESCE(x.name, q.speaker) AS speaker,
                      q.speaker_actor AS speaker_id, q.cue
               FROM resolved_quotes q LEFT JOIN actors x ON x.id = q.speaker_actor
               WHERE q.article_id = ? ORDER BY q.start""",
            [article_id],
        ).df()
    return ArticleDetail(frame.iloc[0].to_dict(), mentions, places, quotes)


def ingest_problems(store: Store, *, limit: int = 1000) -> pd.DataFrame:
    return _df(
        store,
        "SELECT noted_at AS \"when\", source, reason FROM ingest_problems ORDER BY noted_at DESC LIMIT ?",
        [limit],
    )
