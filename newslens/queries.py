"""Filters -> DataFrames. Every view is a query keyed by actor ids, places, sources and dates.

`Filters` selects a set of articles (the scope); each query then reads what concerns the
selection inside that scope. With no filter the queries read the store's derived tables; with
one, the counts and lists come from the article index in memory (newslens.article_index) and
the texts from the store. All values reach SQL as parameters.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from newslens import article_index
from newslens.store import BITS_CHUNK, COACTOR_SAMPLE, Store


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
    """SQL selecting the ids of the articles in scope from the base tables, and its
    parameters: the definition the queries' scopes (article_scope) follow."""
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


def restricts_articles(filters: Filters) -> bool:
    """Whether the filters select fewer than all articles (actor types do not)."""
    return bool(
        filters.date_from is not None or filters.date_to is not None
        or filters.sources or filters.actors or filters.places
    )


# -- the scope as article keys ------------------------------------------------------------
@dataclass(frozen=True, eq=False)  # compared by identity: it holds an array
class Scope:
    """The articles in scope as integer article keys (article_keys.k): `all` of them; only
    the `keys` (mode "in"); or all but the `keys` (mode "out", when the filter selects more
    than half of the store: a near-ubiquitous actor). Queries then count over the smaller
    side, and over the complement subtract from the totals."""

    mode: str  # "all" | "in" | "out"
    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    # per actor and per place (article_index.Counts): mentions and articles in scope; the
    # quotes in scope (a mask); each computed once for every query of the page that needs it
    # (see _with_counts, _quotes_picked)
    counts: dict = field(default_factory=dict, compare=False)

    def frame(self) -> pd.DataFrame:
        """The keys as the table `scope_keys` the SQL of _keys_sql reads (see _df): a list
        parameter of thousands of keys costs more to bind than the query takes."""
        return pd.DataFrame({"k": self.keys})


_ALL = Scope("all")
_SCOPES: OrderedDict = OrderedDict()
_SCOPES_LOCK = threading.Lock()
_SCOPES_KEPT = 16
_KEY_BOUNDS: dict = {}  # (store path, version) -> (largest article key, number of articles)


def article_scope(store: Store, filters: Filters) -> Scope:
    """The scope of `filters`, computed once per store version and filters (the queries of a
    page share it) and kept for the last few filters."""
    if not restricts_articles(filters):
        return _ALL
    key = (str(store.path), store.version(), filters.actors, filters.date_from, filters.date_to,
           filters.sources, filters.places)
    with _SCOPES_LOCK:
        if key in _SCOPES:
            _SCOPES.move_to_end(key)
            return _SCOPES[key]
    with store.cursor() as cur:
        # the keys' range is the same for every filter of a store version: one round trip less
        bounds_key = (str(store.path), store.version())
        with _SCOPES_LOCK:
            bounds = _KEY_BOUNDS.get(bounds_key)
        if bounds is None:
            bounds = cur.execute("SELECT max(k), count(*) FROM article_keys").fetchone()
            with _SCOPES_LOCK:
                _KEY_BOUNDS.clear()
                _KEY_BOUNDS[bounds_key] = bounds
        high, total = bounds
        if not total:
            return Scope("in")
        # one bitmap over the keys per condition, ANDed here: no join of the conditions
        parts, params = _scope_bits_sql(filters, high)
        row = cur.execute(f"SELECT {', '.join(parts)}", params).fetchone()
    inside = np.ones(high, dtype=bool)
    for bits in row:
        inside &= (np.frombuffer(bits.encode("ascii"), dtype=np.uint8) == ord("1")
                   if bits is not None else False)
    n_inside = int(inside.sum())
    if n_inside * 2 <= total:
        scope = Scope("in", (np.flatnonzero(inside) + 1).astype(np.int32))
    elif n_inside == total:
        scope = _ALL
    else:
        scope = Scope("out", (np.flatnonzero(~inside) + 1).astype(np.int32))
    with _SCOPES_LOCK:
        _SCOPES[key] = scope
        while len(_SCOPES) > _SCOPES_KEPT:
            _SCOPES.popitem(last=False)
    return scope


def clear_scopes() -> None:
    """Forget the scopes computed (benchmarks: time a page's queries as a new filter's; the
    keys' range, the same for every filter of a store version, is kept)."""
    with _SCOPES_LOCK:
        _SCOPES.clear()


def _scope_bits_sql(filters: Filters, high: int) -> tuple[list[str], list]:
    """Per condition of the filters (as scope_sql), SQL of the bitmap over the article keys
    1..high of the articles meeting it, and the parameters of them all."""
    parts: list[str] = []
    params: list = []
    if filters.date_from is not None or filters.date_to is not None:
        parts.append("(SELECT bitstring_agg(k, 1, ?) FROM article_keys "
                     "WHERE published >= COALESCE(?, published) AND published <= COALESCE(?, published))")
        params += [high, filters.date_from, filters.date_to]
    if filters.sources:
        parts.append("(SELECT bitstring_agg(k, 1, ?) FROM article_keys "
                     "WHERE source IN (SELECT unnest(?)))")
        params += [high, list(filters.sources)]
    if filters.actors:
        parts.append("(SELECT bitstring_agg(k, 1, ?) FROM actor_articles "
                     "WHERE actor_id IN (SELECT unnest(?)))")
        params += [high, list(filters.actors)]
    if filters.places:
        parts.append("(SELECT bitstring_agg(k, 1, ?) FROM place_articles "
                     "WHERE place_id IN (SELECT unnest(?)))")
        params += [high, list(filters.places)]
    return parts, params


def _keys_sql(column: str, scope: Scope) -> tuple[str, list]:
    """A condition: the article key `column` is in scope."""
    if scope.mode == "all":
        return "TRUE", []
    negate = "NOT " if scope.mode == "out" else ""
    return f"{negate}({column} IN (SELECT k FROM scope_keys))", []


def _ids_sql(column: str, scope: Scope) -> tuple[str, list]:
    """A condition: the article id `column` is in scope."""
    if scope.mode == "all":
        return "TRUE", []
    negate = "NOT " if scope.mode == "out" else ""
    return (f"{negate}({column} IN (SELECT id FROM article_keys "
            "WHERE k IN (SELECT k FROM scope_keys)))", [])


def _place_counts_all_sql() -> str:
    """place_id, mentions, articles of every place of the store."""
    return "SELECT place_id, n_mentions AS mentions, n_articles AS articles FROM place_totals"


def _types_sql(filters: Filters, column: str) -> tuple[str, list]:
    if not filters.types:
        return "TRUE", []
    return f"{column} IN (SELECT unnest(?))", [list(filters.types)]


def _with_counts(store: Store, scope: Scope, *names: str) -> Scope:
    """The scope with its counts `names` ("actor_counts", "place_counts") computed: once per
    scope, then read by every query of the page that needs them."""
    if scope.mode == "all":
        return scope
    for name in names:
        if name not in scope.counts:
            count = (article_index.actor_counts if name == "actor_counts"
                     else article_index.place_counts)
            scope.counts[name] = count(article_index.index_of(store), scope.mode, scope.keys)
    return scope


def _df(store: Store, sql: str, params: list | None = None, scope: Scope = _ALL) -> pd.DataFrame:
    with store.cursor() as cur:
        _register(cur, scope)
        return cur.execute(sql, params or []).df()


def _register(cur, scope: Scope) -> None:
    """Make the scope's keys readable as the table `scope_keys` on this cursor."""
    if scope.mode != "all":
        cur.register("scope_keys", scope.frame())


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
    keys = ("articles", "actors", "places", "quotes", "undated")
    if not restricts_articles(filters):
        sql = """
        SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM actors),
               (SELECT count(*) FROM place_totals), (SELECT count(*) FROM quotes),
               (SELECT count(*) FROM articles WHERE published IS NULL)
        """
        with store.cursor() as cur:
            row = cur.execute(sql).fetchone()
        return dict(zip(keys, (int(v) for v in row)))
    scope = _with_counts(store, article_scope(store, filters), "actor_counts", "place_counts")
    if scope.mode == "all":  # a filter that every article meets
        return key_numbers(store, Filters())
    numbers = article_index.article_numbers(article_index.index_of(store), scope.mode, scope.keys)
    return {"articles": numbers["articles"],
            "actors": len(scope.counts["actor_counts"].named()),
            "places": len(scope.counts["place_counts"].named()),
            "quotes": numbers["quotes"], "undated": numbers["undated"]}


def top_actors(store: Store, filters: Filters, *, limit: int = 15) -> pd.DataFrame:
    types, type_params = _types_sql(filters, "x.type")
    scope = _with_counts(store, article_scope(store, filters), "actor_counts")
    if scope.mode == "all":
        return _all_actors(store, types, type_params, limit)
    index = article_index.index_of(store)
    counts = scope.counts["actor_counts"]
    codes = counts.named()
    if filters.types:
        codes = codes[np.isin(index.actors["type"].to_numpy(dtype=object)[codes], filters.types)]
    codes = article_index.most_mentioned(counts.mentions, index.actor_name_rank, codes)[:limit]
    return article_index.with_counts(index.actors, counts, codes)


def _all_actors(store: Store, types: str, type_params: list, limit: int) -> pd.DataFrame:
    """The most mentioned actors of the whole store, from the actors table."""
    return _df(
        store,
        f"""
        SELECT x.id, x.name, x.type, x.n_mentions AS mentions, x.n_articles AS articles
        FROM actors x WHERE {types} ORDER BY mentions DESC, x.name, x.id LIMIT ?
        """,
        type_params + [limit],
    )


def top_places(store: Store, filters: Filters, *, limit: int = 15) -> pd.DataFrame:
    scope = _with_counts(store, article_scope(store, filters), "place_counts")
    if scope.mode == "all":
        return _df(
            store,
            f"""
            SELECT p.id, p.name, p.country, p.kind, c.mentions, c.articles
            FROM ({_place_counts_all_sql()}) c JOIN places p ON p.id = c.place_id
            ORDER BY c.mentions DESC, p.name, p.id LIMIT ?
            """,
            [limit],
        )
    index = article_index.index_of(store)
    counts = scope.counts["place_counts"]
    codes = article_index.most_mentioned(counts.mentions, index.place_name_rank, counts.named())[:limit]
    frame = article_index.with_counts(index.places, counts, codes)
    return frame[["id", "name", "country", "kind", "mentions", "articles"]]


def articles_per_day(store: Store, filters: Filters) -> pd.DataFrame:
    selected = article_scope(store, filters)
    if selected.mode != "all":
        return article_index.articles_per_day(
            article_index.index_of(store), selected.mode, selected.keys)
    return _df(
        store,
        """
        SELECT published AS day, count(*)::INTEGER AS articles FROM article_keys
        WHERE published IS NOT NULL GROUP BY day ORDER BY day
        """,
    )


def latest_articles(store: Store, filters: Filters, *, limit: int = 10) -> pd.DataFrame:
    selected = article_scope(store, filters)
    if selected.mode != "all":
        index = article_index.index_of(store)
        keys = article_index.newest(index, selected.mode, selected.keys, limit)
        return _articles_in_order(store, index.ids[keys].tolist(),
                                  "id, title, source, published, url")
    return _df(
        store,
        """
        SELECT id, title, source, published, url FROM articles
        ORDER BY published DESC NULLS LAST, added DESC, id LIMIT ?
        """,
        [limit],
    )


def _articles_in_order(store: Store, ids: list[str], columns: str) -> pd.DataFrame:
    """`columns` of the articles `ids`, in the order of the ids."""
    frame = _df(store, f"SELECT {columns} FROM articles WHERE id IN (SELECT unnest(?))", [ids])
    order = pd.Index(frame["id"]).get_indexer(ids)
    return frame.iloc[order].reset_index(drop=True)


# -- map -----------------------------------------------------------------------------------
def place_bubbles(
    store: Store, filters: Filters, *, top_actors_per_place: int = 3,
    sample_articles: int = COACTOR_SAMPLE,
) -> pd.DataFrame:
    """One row per place in scope: where, how often, and the actors most often beside it.

    The actors beside a place are counted over every article of it in scope when there are
    at most `sample_articles`, else over a fixed sample of about that many: bounded work for
    the places named in tens of thousands of articles. With no filter the counts come from
    the store's place_coactors table (the same sample, kept by the writes); with a filter,
    from the article index (a sparse product of the sample and the articles' actors)."""
    scope = _with_counts(store, article_scope(store, filters), "place_counts")
    if scope.mode == "all" and sample_articles == COACTOR_SAMPLE:
        return _df(
            store,
            f"""
            WITH co AS (
                SELECT c.place_id, x.name, sum(c.n) AS n
                FROM place_coactors c JOIN actors x ON x.id = c.actor_id
                WHERE x.type IN ('PERSON', 'ORG', 'NORP') GROUP BY ALL),
            top AS (SELECT place_id, string_agg(name, ', ' ORDER BY n DESC, name) AS top_actors
                    FROM (SELECT * FROM co QUALIFY row_number() OVER (
                              PARTITION BY place_id ORDER BY n DESC, name) <= ?)
                    GROUP BY place_id)
            SELECT p.id, p.name, p.country, p.kind, p.lat, p.lon, t.mentions, t.articles,
                   top.top_actors
            FROM ({_place_counts_all_sql()}) t JOIN places p ON p.id = t.place_id
            LEFT JOIN top ON top.place_id = t.place_id
            ORDER BY t.mentions DESC, p.name, p.id
            """,
            [top_actors_per_place],
        )
    index = article_index.index_of(store)
    if scope.mode == "all":  # another sample size than the stored one: counted live
        scope = _with_counts(store, Scope("out"), "place_counts")
    counts = scope.counts["place_counts"]
    top = article_index.top_coactors(index, scope.mode, scope.keys, counts, sample_articles,
                                     top_actors_per_place)
    codes = article_index.most_mentioned(counts.mentions, index.place_name_rank, counts.named())
    frame = article_index.with_counts(index.places, counts, codes)
    frame["top_actors"] = top[codes]
    return frame


def country_mentions(store: Store, filters: Filters) -> pd.DataFrame:
    """Mentions per country (ISO2) of every place in scope, the country's own and its cities'."""
    scope = _with_counts(store, article_scope(store, filters), "place_counts")
    if scope.mode == "all":
        return _df(
            store,
            f"""
            SELECT p.country, sum(c.mentions)::INTEGER AS mentions
            FROM ({_place_counts_all_sql()}) c JOIN places p ON p.id = c.place_id
            WHERE p.country IS NOT NULL GROUP BY p.country ORDER BY mentions DESC, p.country
            """,
        )
    index = article_index.index_of(store)
    counts = scope.counts["place_counts"]
    frame = article_index.with_counts(index.places, counts, counts.named())
    frame = (frame[frame["country"].notna()].groupby("country", as_index=False)["mentions"].sum()
             .sort_values(["mentions", "country"], ascending=[False, True]))
    return frame.astype({"mentions": np.int32}).reset_index(drop=True)


# -- timeline ------------------------------------------------------------------------------
def actor_mentions_per_day(
    store: Store, filters: Filters, actor_ids: list[str]
) -> pd.DataFrame:
    selected = article_scope(store, filters)
    if selected.mode != "all":
        return article_index.mentions_per_day(
            article_index.index_of(store), selected.mode, selected.keys, actor_ids)
    scope, params = _keys_sql("r.k", selected)
    return _df(
        store,
        f"""
        SELECT a.published AS day, x.id AS actor_id, x.name, x.type,
               sum(r.n_mentions)::INTEGER AS mentions
        FROM actor_articles r JOIN article_keys a ON a.k = r.k
        JOIN actors x ON x.id = r.actor_id
        WHERE r.actor_id IN (SELECT unnest(?)) AND {scope} AND a.published IS NOT NULL
        GROUP BY ALL ORDER BY day, x.name
        """,
        [list(actor_ids)] + params,
        scope=selected,
    )


def quotes_per_day(store: Store, filters: Filters) -> pd.DataFrame:
    selected = article_scope(store, filters)
    if selected.mode != "all":
        every = article_index.index_of(store).quotes_newest_first
        picked = _quotes_picked(store, selected, filters)
        return article_index.by_day(every.day[picked & every.dated], "quotes")
    quotes, params = _quotes_scope_sql(selected, filters)
    return _df(
        store,
        f"""
        SELECT published AS day, count(*)::INTEGER AS quotes FROM ({quotes})
        WHERE published IS NOT NULL GROUP BY day ORDER BY day
        """,
        params,
        scope=selected,
    )


def dated_events(store: Store, filters: Filters, *, limit: int = 200) -> pd.DataFrame:
    """Sentences with a date normalised to a day, month or year, newest first; with actors
    chosen, only those naming one of them. The store keeps each dated sentence's actors
    (event_actors), so neither the choice nor the names need a pass over the mentions."""
    selected = article_scope(store, filters)
    scope, params = _keys_sql("e.k", selected)
    named = "TRUE"
    if filters.actors:
        named = "list_has_any(e.actor_ids, ?::VARCHAR[])"
        params = params + [list(filters.actors)]
    return _df(
        store,
        f"""
        WITH events AS (
            SELECT e.* FROM event_actors e WHERE {scope} AND {named}
            ORDER BY e.date DESC, e.article_id, e.start LIMIT ?),
        named AS (
            SELECT e.article_id, e.start, e."end",
                   string_agg(DISTINCT x.name, ', ' ORDER BY x.name) AS actors
            FROM (SELECT article_id, start, "end", unnest(actor_ids) AS actor_id FROM events) e
            JOIN actors x ON x.id = e.actor_id
            GROUP BY e.article_id, e.start, e."end")
        SELECT e.date, e.granularity, e.date_text, e.sentence, a.title, e.article_id,
               a.published, n.actors
        FROM events e JOIN articles a ON a.id = e.article_id
        LEFT JOIN named n ON n.article_id = e.article_id AND n.start = e.start AND n."end" = e."end"
        ORDER BY e.date DESC, e.article_id, e.start
        """,
        params + [limit],
        scope=selected,
    )


# -- quotes --------------------------------------------------------------------------------
def _quotes_scope_sql(selected: Scope, filters: Filters) -> tuple[str, list]:
    """Quotes in scope (rows of quote_keys); with actors chosen, those spoken by or about them."""
    scope, params = _keys_sql("k", selected)
    sql = f"SELECT * FROM quote_keys WHERE {scope}"
    if filters.actors:
        sql += """ AND (speaker_actor IN (SELECT unnest(?))
                        OR list_has_any(subjects, ?::VARCHAR[]))"""
        params = params + [list(filters.actors), list(filters.actors)]
    return sql, params


def _quotes_picked(store: Store, selected: Scope, filters: Filters) -> np.ndarray:
    """bool by quote of the article index (newest first): in a filtered scope and, with actors
    chosen, by or about them; computed once per scope for the page's quote queries."""
    if "quotes" not in selected.counts:
        selected.counts["quotes"] = article_index.quotes_in_scope(
            article_index.index_of(store), selected.mode, selected.keys, filters.actors)
    return selected.counts["quotes"]


def quotes_table(
    store: Store,
    filters: Filters,
    *,
    search: str = "",
    speakers: tuple[str, ...] = (),
    limit: int = 5000,
) -> pd.DataFrame:
    selected = article_scope(store, filters)
    clause, newest, search_params = "TRUE", "", []
    if selected.mode != "all" and not search.strip():
        # the newest quotes in scope chosen in the article index, then their text read
        index = article_index.index_of(store)
        picked = _quotes_picked(store, selected, filters)
        if speakers:
            picked = picked & article_index.spoken_by(index, speakers)
        ids = index.quotes_newest_first.ids[np.flatnonzero(picked)[:limit]].tolist()
        quotes, params = "SELECT * FROM quote_keys WHERE id IN (SELECT unnest(?))", [ids]
    else:
        quotes, params = _quotes_scope_sql(selected, filters)
        if speakers:
            quotes += " AND speaker_actor IN (SELECT unnest(?))"
            params = params + [list(speakers)]
        if search.strip():
            clause = "(t.text ILIKE ? OR x.name ILIKE ? OR t.speaker ILIKE ?)"
            pattern = "%" + _escape_like(search.strip()) + "%"
            search_params = [pattern, pattern, pattern]
        else:
            # no search: the newest quotes are chosen on the narrow rows, then their text read
            newest = "ORDER BY published DESC NULLS LAST, article_id, start, id LIMIT ?"
            params = params + [limit]
    return _df(
        store,
        f"""
        SELECT q.id, t.text AS quote, COALESCE(x.name, t.speaker) AS speaker,
               q.speaker_actor AS speaker_id, t.kind, t.cue, t.confidence,
               a.title AS article, a.id AS article_id, a.published AS date, a.source
        FROM ({quotes} {newest}) q JOIN quotes t ON t.id = q.id
        JOIN articles a ON a.id = q.article_id
        LEFT JOIN actors x ON x.id = q.speaker_actor
        WHERE {clause}
        ORDER BY a.published DESC NULLS LAST, a.id, t.start, q.id LIMIT ?
        """,
        params + search_params + [limit],
        scope=selected,
    )


def speaker_options(store: Store, filters: Filters) -> pd.DataFrame:
    selected = article_scope(store, filters)
    if selected.mode != "all":
        index = article_index.index_of(store)
        speaker = index.quotes_newest_first.speaker[_quotes_picked(store, selected, filters)]
        spoken = np.bincount(speaker[speaker >= 0], minlength=len(index.actors))
        codes = article_index.most_mentioned(spoken, index.actor_name_rank, np.flatnonzero(spoken))
        frame = index.actors.iloc[codes][["id", "name"]].reset_index(drop=True)
        frame["quotes"] = spoken[codes].astype(np.int32)
        return frame
    quotes, params = _quotes_scope_sql(selected, filters)
    return _df(
        store,
        f"""
        SELECT x.id, x.name, count(*)::INTEGER AS quotes FROM ({quotes}) q
        JOIN actors x ON x.id = q.speaker_actor GROUP BY ALL ORDER BY quotes DESC, x.name, x.id
        """,
        params,
        scope=selected,
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# -- actor network -------------------------------------------------------------------------
def cooccurrence(
    store: Store, filters: Filters, *, max_nodes: int = 40, min_articles: int = 1
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes (the most mentioned actors in scope) and edges (articles they share)."""
    nodes = top_actors(store, filters, limit=max_nodes)
    if nodes.empty:
        return nodes, pd.DataFrame(columns=["source", "target", "articles"])
    # the chosen actors always stay in the network, even when they are not among the top
    ids = sorted(set(nodes["id"].tolist()) | set(filters.actors))
    scope = article_scope(store, filters)
    # shared articles per pair: bit counts of the AND of the two actors' stored bitmaps (and of
    # the scope's); a join of every article's actor pairs is millions of rows
    with store.cursor() as cur:
        rows = cur.execute(
            "SELECT actor_id, chunk, bits FROM actor_bits WHERE actor_id IN (SELECT unnest(?))",
            [ids]).fetchall()
    width = BITS_CHUNK // 8
    chunks = max((chunk for _, chunk, _ in rows), default=-1) + 1
    bits = np.zeros((len(ids), chunks * width), dtype=np.uint8)
    row_of = {actor: number for number, actor in enumerate(ids)}
    for actor, chunk, blob in rows:
        bits[row_of[actor], chunk * width:(chunk + 1) * width] = np.frombuffer(blob, dtype=np.uint8)
    if scope.mode != "all":
        inside = np.full(chunks * BITS_CHUNK, scope.mode == "out")
        keys = scope.keys[scope.keys < len(inside)]
        inside[keys] = scope.mode == "in"
        bits &= np.packbits(inside)
    words = bits.view(np.uint64)
    sources, targets, shared = [], [], []
    for number in range(len(ids) - 1):
        # np.bitwise_count: numpy >= 2, which pandas 3 requires
        counts = np.bitwise_count(words[number] & words[number + 1:]).sum(axis=1)
        sources += [ids[number]] * len(counts)
        targets += ids[number + 1:]
        shared.append(counts)
    edges = pd.DataFrame({
        "source": sources, "target": targets,
        "articles": np.concatenate(shared).astype(np.int32) if shared else np.zeros(0, np.int32),
    })
    edges = edges[edges["articles"] >= max(min_articles, 1)]
    edges = edges.sort_values(["articles", "source", "target"], ascending=[False, True, True])
    return nodes, edges.reset_index(drop=True)


# -- articles ------------------------------------------------------------------------------
def article_list(
    store: Store, filters: Filters, *, search: str = "", limit: int = 500
) -> pd.DataFrame:
    selected = article_scope(store, filters)
    if selected.mode != "all" and not search.strip():
        index = article_index.index_of(store)
        keys = article_index.newest(index, selected.mode, selected.keys, limit)
        frame = _articles_in_order(
            store, index.ids[keys].tolist(),
            "id, title, source, published, strftime(published, '%Y-%m-%d') AS published_day, "
            "published_from, url")
        frame["characters"] = index.characters[keys]
        return frame
    scope, params = _ids_sql("id", selected)
    clause = "TRUE"
    if search.strip():
        clause = "(title ILIKE ? OR text ILIKE ?)"
        pattern = "%" + _escape_like(search.strip()) + "%"
        params = params + [pattern, pattern]
    # the texts' lengths from article_keys: no text is read unless searched
    return _df(
        store,
        f"""
        WITH listed AS (
            SELECT id, title, source, published, published_from, url, added FROM articles
            WHERE {scope} AND {clause}
            ORDER BY published DESC NULLS LAST, added DESC, id LIMIT ?)
        SELECT l.id, l.title, l.source, l.published,
               strftime(l.published, '%Y-%m-%d') AS published_day,
               l.published_from, l.url, a.characters
        FROM listed l JOIN article_keys a ON a.id = l.id
        ORDER BY l.published DESC NULLS LAST, l.added DESC, l.id
        """,
        params + [limit],
        scope=selected,
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
