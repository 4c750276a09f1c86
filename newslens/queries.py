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
            "a.id IN (SELECT article_id FROM resolved_article_actors "
            "WHERE actor_id IN (SELECT unnest(?)))"
        )
        params.append(list(filters.actors))
    if filters.places:
        clauses.append(
            "a.id IN (SELECT article_id FROM place_mentions WHERE place_id IN (SELECT unnest(?)))"
        )
        params.append(list(filters.places))
    where = " AND ".join(clauses) or "TRUE"
    return f"SELECT a.id FROM articles a WHERE {where}", params


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
        "SELECT p.id, p.name, p.country, p.kind, count(*) AS n_mentions "
        "FROM place_mentions m JOIN places p ON p.id = m.place_id "
        "GROUP BY ALL ORDER BY n_mentions DESC, p.name",
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
    scope, params = scope_sql(filters)
    sql = f"""
        WITH scope AS ({scope})
        SELECT
          (SELECT count(*) FROM scope),
          (SELECT count(DISTINCT actor_id) FROM resolved_article_actors
             WHERE article_id IN (SELECT id FROM scope)),
          (SELECT count(DISTINCT place_id) FROM place_mentions
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
    scope, params = scope_sql(filters)
    types, type_params = _types_sql(filters, "x.type")
    return _df(
        store,
        f"""
        WITH scope AS ({scope})
        SELECT r.actor_id AS id, x.name, x.type,
               sum(r.n_mentions)::INTEGER AS mentions,
               count(DISTINCT r.article_id)::INTEGER AS articles
        FROM resolved_article_actors r JOIN actors x ON x.id = r.actor_id
        WHERE r.article_id IN (SELECT id FROM scope) AND {types}
        GROUP BY ALL ORDER BY mentions DESC, x.name LIMIT ?
        """,
        params + type_params + [limit],
    )


def top_places(store: Store, filters: Filters, *, limit: int = 15) -> pd.DataFrame:
    scope, params = scope_sql(filters)
    return _df(
        store,
        f"""
        WITH scope AS ({scope})
        SELECT p.id, p.name, p.country, p.kind, count(*)::INTEGER AS mentions,
               count(DISTINCT m.article_id)::INTEGER AS articles
        FROM place_mentions m JOIN places p ON p.id = m.place_id
        WHERE m.article_id IN (SELECT id FROM scope)
        GROUP BY ALL ORDER BY mentions DESC, p.name LIMIT ?
        """,
        params + [limit],
    )


def articles_per_day(store: Store, filters: Filters) -> pd.DataFrame:
    scope, params = scope_sql(filters)
    return _df(
        store,
        f"""
        SELECT published AS day, count(*)::INTEGER AS articles FROM articles
        WHERE id IN ({scope}) AND published IS NOT NULL GROUP BY day ORDER BY day
        """,
        params,
    )


def latest_articles(store: Store, filters: Filters, *, limit: int = 10) -> pd.DataFrame:
    scope, params = scope_sql(filters)
    return _df(
        store,
        f"""
        SELECT id, title, source, published, url FROM articles WHERE id IN ({scope})
        ORDER BY published DESC NULLS LAST, added DESC, id LIMIT ?
        """,
        params + [limit],
    )


# -- map -----------------------------------------------------------------------------------
def place_bubbles(store: Store, filters: Filters, *, top_actors_per_place: int = 3) -> pd.DataFrame:
    """One row per place in scope: where, how often, and the actors most often beside it."""
    scope, params = scope_sql(filters)
    return _df(
        store,
        f"""
        WITH scope AS ({scope}),
        pm AS (SELECT place_id, article_id, count(*) AS n FROM place_mentions
               WHERE article_id IN (SELECT id FROM scope) GROUP BY ALL),
        co AS (SELECT pm.place_id, x.name, sum(r.n_mentions) AS n
               FROM pm JOIN resolved_article_actors r ON r.article_id = pm.article_id
               JOIN actors x ON x.id = r.actor_id
               WHERE x.type IN ('PERSON', 'ORG', 'NORP')
               GROUP BY ALL),
        ranked AS (SELECT place_id, name,
                   row_number() OVER (PARTITION BY place_id ORDER BY n DESC, name) AS k FROM co)
        SELECT p.id, p.name, p.country, p.kind, p.lat, p.lon,
               sum(pm.n)::INTEGER AS mentions, count(DISTINCT pm.article_id)::INTEGER AS articles,
               (SELECT string_agg(name, ', ' ORDER BY k) FROM ranked
                 WHERE ranked.place_id = p.id AND k <= ?) AS top_actors
        FROM pm JOIN places p ON p.id = pm.place_id
        GROUP BY ALL ORDER BY mentions DESC, p.name
        """,
        params + [top_actors_per_place],
    )


def country_mentions(store: Store, filters: Filters) -> pd.DataFrame:
    """Mentions per country (ISO2) of every place in scope, the country's own and its cities'."""
    scope, params = scope_sql(filters)
    return _df(
        store,
        f"""
        SELECT p.country, count(*)::INTEGER AS mentions
        FROM place_mentions m JOIN places p ON p.id = m.place_id
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
        FROM resolved_article_actors r JOIN articles a ON a.id = r.article_id
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
    scope, params = scope_sql(filters)
    actor_clause = ""
    actor_params: list = []
    if filters.actors:
        # with an actor chosen, only the events whose sentence names one of them
        actor_clause = """AND EXISTS (SELECT 1 FROM resolved_mentions m
            WHERE m.article_id = d.article_id AND m.start >= d.sentence_start
              AND m."end" <= d.sentence_end AND m.actor_id IN (SELECT unnest(?)))"""
        actor_params = [list(filters.actors)]
    return _df(
        store,
        f"""
        SELECT d.date, d.granularity, d.text AS date_text, d.sentence, a.title, a.id AS article_id,
               a.published,
               (SELECT string_agg(DISTINCT x.name, ', ') FROM resolved_mentions m
                  JOIN actors x ON x.id = m.actor_id
                 WHERE m.article_id = d.article_id AND m.start >= d.sentence_start
                   AND m."end" <= d.sentence_end) AS actors
        FROM dates d JOIN articles a ON a.id = d.article_id
        WHERE d.date IS NOT NULL AND d.article_id IN ({scope}) {actor_clause}
        ORDER BY d.date DESC, a.id, d.start LIMIT ?
        """,
        params + actor_params + [limit],
    )


# -- quotes --------------------------------------------------------------------------------
def _quotes_scope_sql(filters: Filters) -> tuple[str, list]:
    """Quotes in scope; with actors chosen, those spoken by or about them."""
    scope, params = scope_sql(filters)
    sql = f"SELECT * FROM resolved_quotes WHERE article_id IN ({scope})"
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
    nodes = _df(
        store,
        f"""
        WITH scope AS ({scope})
        SELECT r.actor_id AS id, x.name, x.type, sum(r.n_mentions)::INTEGER AS mentions,
               count(DISTINCT r.article_id)::INTEGER AS articles
        FROM resolved_article_actors r JOIN actors x ON x.id = r.actor_id
        WHERE r.article_id IN (SELECT id FROM scope) AND {types}
        GROUP BY ALL ORDER BY mentions DESC, x.name LIMIT ?
        """,
        params + type_params + [max_nodes],
    )
    if nodes.empty:
        return nodes, pd.DataFrame(columns=["source", "target", "articles"])
    # the chosen actors always stay in the network, even when they are not among the top
    ids = list(dict.fromkeys(nodes["id"].tolist() + list(filters.actors)))
    edges = _df(
        store,
        f"""
        WITH scope AS ({scope}),
        aa AS (SELECT DISTINCT article_id, actor_id FROM resolved_article_actors
               WHERE article_id IN (SELECT id FROM scope) AND actor_id IN (SELECT unnest(?)))
        SELECT a.actor_id AS source, b.actor_id AS target, count(*)::INTEGER AS articles
        FROM aa a JOIN aa b ON a.article_id = b.article_id AND a.actor_id < b.actor_id
        GROUP BY ALL HAVING count(*) >= ? ORDER BY articles DESC
        """,
        params + [ids, min_articles],
    )
    return nodes, edges


# -- articles ------------------------------------------------------------------------------
def article_list(
    store: Store, filters: Filters, *, search: str = "", limit: int = 500
) -> pd.DataFrame:
    scope, params = scope_sql(filters)
    clause = "TRUE"
    if search.strip():
        clause = "(title ILIKE ? OR text ILIKE ?)"
        pattern = "%" + _escape_like(search.strip()) + "%"
        params = params + [pattern, pattern]
    return _df(
        store,
        f"""
        SELECT id, title, source, published, strftime(published, '%Y-%m-%d') AS published_day,
               published_from, url, length(text) AS characters
        FROM articles WHERE id IN ({scope}) AND {clause}
        ORDER BY published DESC NULLS LAST, added DESC, id LIMIT ?
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
