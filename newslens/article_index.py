"""The store's article-to-actor and article-to-place rows in memory, by integer article key.

A filter's counts (mentions and articles per actor and per place in scope, the map's actors
beside each place) are sums over the rows of the articles in scope. DuckDB answers them with a
semi-join of the scope's keys against millions of rows, 10-60 ms each at 100,000 articles;
over arrays ordered by article key (compressed sparse rows) they are a gather and a bincount,
and the map's co-actor counts a sparse matrix product. The newest articles and the quotes by
or about chosen actors are masks over arrays in newest-first order. The arrays are read once
per store version (0.7-1.3 s and about 100 MB at 100,000 articles) and shared by every
session of the server.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from newslens.store import SHOWN_TYPES, Store


@dataclass(frozen=True, eq=False)  # compared by identity: it holds arrays
class Counts:
    """Mentions and articles in a scope, by actor (or place) code."""

    mentions: np.ndarray
    articles: np.ndarray

    def named(self) -> np.ndarray:
        """The codes named in the scope."""
        return np.flatnonzero(self.articles > 0)


@dataclass(frozen=True, eq=False)
class Quotes:
    """Every quote, newest first (published, article, position: the quote table's order)."""

    ids: np.ndarray
    key: np.ndarray  # the article's key
    dated: np.ndarray
    day: np.ndarray
    speaker: np.ndarray  # actor code, -1: none
    subjects: tuple[np.ndarray, np.ndarray]  # (quote number, actor code) of every subject


@dataclass(frozen=True, eq=False)
class ArticleIndex:
    total: int  # articles in the store
    high: int  # the largest article key; arrays by key have high + 1 entries (key 0 unused)
    dated: np.ndarray  # bool by key: the article has a publication date
    day: np.ndarray  # int32 by key: publication date as days since 1970-01-01 (0 if none)
    quotes: np.ndarray  # int32 by key: quotes in the article
    ids: np.ndarray  # by key: the article's id
    characters: np.ndarray  # int32 by key: length of the text
    newest_first: np.ndarray  # every key, newest article first (published, added, id)
    actors: pd.DataFrame  # id, name, type; row number = actor code, in order of id
    actor_rows: tuple[np.ndarray, np.ndarray, np.ndarray]  # ptr by key, code, mentions
    actor_columns: tuple[np.ndarray, np.ndarray, np.ndarray]  # ptr by code, key, mentions
    actor_totals: Counts
    actor_name_rank: np.ndarray  # by actor code: rank of its name in name order
    places: pd.DataFrame  # id, name, country, kind, lat, lon; row number = place code
    place_rows: tuple[np.ndarray, np.ndarray, np.ndarray]  # ptr by key, code, mentions
    place_totals: Counts
    place_name_rank: np.ndarray
    place_pairs: tuple[np.ndarray, np.ndarray, np.ndarray]  # key, code, h of every row
    quotes_newest_first: Quotes
    shown_names: np.ndarray  # the names of the actors the map lists, in name order
    shown: sparse.csr_matrix  # key x shown name: mentions of the actors of that name


_INDEXES: dict[str, tuple[object, ArticleIndex]] = {}  # store path -> (version, index)
_LOCK = threading.Lock()
_LOADING: dict[str, threading.Lock] = {}


def index_of(store: Store) -> ArticleIndex:
    """The index of the store's current version: read once, then shared (older versions are
    dropped). Concurrent callers wait for one read."""
    path = str(store.path)
    with _LOCK:
        loading = _LOADING.setdefault(path, threading.Lock())
    with loading:
        version = store.version()
        with _LOCK:
            kept = _INDEXES.get(path)
        if kept is not None and kept[0] == version:
            return kept[1]
        index = _read(store)
        with _LOCK:
            _INDEXES[path] = (version, index)
        return index


def warm(store: Store) -> threading.Thread | None:
    """Read the index in the background unless the current one is read (or being read): the
    thread, or None. A failure here is left to the query that needs the index, which raises
    it where it shows."""
    path = str(store.path)
    with _LOCK:
        kept = _INDEXES.get(path)
        loading = _LOADING.get(path)
    if kept is not None and kept[0] == store.version() or loading is not None and loading.locked():
        return None

    def read() -> None:
        try:
            index_of(store)
        except Exception:  # noqa: BLE001 (reported by the next query, not by a thread)
            pass

    # not a daemon: a process that ends meanwhile waits for the read (a second at most)
    # instead of stopping the interpreter under DuckDB's feet
    thread = threading.Thread(target=read, name="article-index", daemon=False)
    thread.start()
    return thread


# an actor's (a place's) code: its row number in order of id, as in ArticleIndex.actors
_ACTOR_CODES = "(SELECT id, (row_number() OVER (ORDER BY id) - 1)::INTEGER AS code FROM actors)"
_PLACE_CODES = ("(SELECT place_id AS id, (row_number() OVER (ORDER BY place_id) - 1)::INTEGER AS code "
                "FROM place_totals)")


def _read(store: Store) -> ArticleIndex:
    with store.cursor() as cur:
        # one snapshot for every read: a write meanwhile (the Add articles page) is not half in
        cur.execute("BEGIN TRANSACTION")
        try:
            high, total, keys, quotes, actors, actor_rows, quotes_rows, subject_rows, places, \
                place_rows = _read_rows(cur)
        finally:
            cur.execute("ROLLBACK")
    size = int(high) + 1
    dated = np.zeros(size, dtype=bool)
    day = np.zeros(size, dtype=np.int32)
    dated[keys["k"]] = np.asarray(keys["dated"], dtype=bool)
    day[keys["k"]] = keys["day"]
    ids = np.full(size, None, dtype=object)
    ids[keys["k"]] = keys["id"]
    characters = np.zeros(size, dtype=np.int32)
    characters[keys["k"]] = keys["characters"]
    quotes_by_key = np.zeros(size, dtype=np.int32)
    quotes_by_key[quotes["k"]] = quotes["n"]
    actor_csr = _by_key(actor_rows, size)
    place_csr = _by_key(place_rows, size)
    # the map lists actors by name (two actors of one name count as one): columns by name
    shown_actor = actors["type"].isin(SHOWN_TYPES).to_numpy()
    shown_names, name_of_actor = np.unique(actors["name"].to_numpy(dtype=object)[shown_actor],
                                           return_inverse=True)
    shown_column = np.full(len(actors), -1, dtype=np.int64)
    shown_column[shown_actor] = name_of_actor
    ptr, code, mentions = actor_csr
    rows = np.repeat(np.arange(size, dtype=np.int32), np.diff(ptr))
    by_actor = np.argsort(code, kind="stable")
    actor_columns = (np.concatenate(([0], np.cumsum(np.bincount(code, minlength=len(actors))))),
                     rows[by_actor], mentions[by_actor])
    listed = shown_column[code] >= 0
    shown = sparse.csr_matrix(
        (mentions[listed], (rows[listed], shown_column[code][listed])),
        shape=(size, len(shown_names)))  # duplicates (actors of one name) are summed
    return ArticleIndex(
        total=int(total), high=int(high), dated=dated, day=day, quotes=quotes_by_key,
        ids=ids, characters=characters, newest_first=np.asarray(keys["k"], dtype=np.int64),
        actors=actors, actor_rows=actor_csr, actor_columns=actor_columns, actor_totals=_sums(actor_csr, len(actors)),
        actor_name_rank=_name_rank(actors["name"]),
        places=places, place_rows=place_csr, place_totals=_sums(place_csr, len(places)),
        place_name_rank=_name_rank(places["name"]),
        place_pairs=(np.asarray(place_rows["k"], dtype=np.int32),
                     np.asarray(place_rows["code"], dtype=np.int32),
                     np.asarray(place_rows["h"], dtype=np.int16)),
        shown_names=shown_names, shown=shown,
        quotes_newest_first=Quotes(
            ids=np.asarray(quotes_rows["id"], dtype=object),
            key=np.asarray(quotes_rows["k"], dtype=np.int32),
            dated=np.asarray(quotes_rows["dated"], dtype=bool),
            day=np.asarray(quotes_rows["day"], dtype=np.int32),
            speaker=np.asarray(quotes_rows["speaker"], dtype=np.int32),
            subjects=(np.repeat(np.arange(len(quotes_rows["k"]), dtype=np.int32),
                                quotes_rows["subjects"]),
                      np.asarray(subject_rows["code"], dtype=np.int32))),
    )


def _read_rows(cur) -> tuple:
    """Everything the index holds, as read from the store (see _read)."""
    high, total = cur.execute("SELECT coalesce(max(k), 0), count(*) FROM article_keys").fetchone()
    keys = cur.execute(
        """SELECT k.k, k.id, k.characters, k.published IS NOT NULL AS dated,
                  coalesce(k.published - DATE '1970-01-01', 0)::INTEGER AS day
           FROM article_keys k JOIN articles a ON a.id = k.id
           ORDER BY a.published DESC NULLS LAST, a.added DESC, a.id""").fetchnumpy()
    quotes = cur.execute("SELECT k, count(*)::INTEGER AS n FROM quote_keys GROUP BY k").fetchnumpy()
    actors = cur.execute("SELECT id, name, type FROM actors ORDER BY id").df()
    actor_rows = cur.execute(
        f"""SELECT r.k, c.code, r.n_mentions FROM actor_articles r
            JOIN {_ACTOR_CODES} c ON c.id = r.actor_id""").fetchnumpy()
    quotes_rows = cur.execute(
        f"""SELECT q.id, q.k, q.published IS NOT NULL AS dated,
                  coalesce(q.published - DATE '1970-01-01', 0)::INTEGER AS day,
                  coalesce(c.code, -1) AS speaker, len(q.subjects)::INTEGER AS subjects
           FROM quote_keys q LEFT JOIN {_ACTOR_CODES} c ON c.id = q.speaker_actor
           ORDER BY q.published DESC NULLS LAST, q.article_id, q.start, q.id""").fetchnumpy()
    subject_rows = cur.execute(
        f"""SELECT coalesce(c.code, -1) AS code FROM (
               SELECT q.published, q.article_id, q.start, q.id, s.subject, s.n
               FROM quote_keys q, unnest(q.subjects) WITH ORDINALITY AS s(subject, n)) s
           LEFT JOIN {_ACTOR_CODES} c ON c.id = s.subject
           ORDER BY s.published DESC NULLS LAST, s.article_id, s.start, s.id, s.n""").fetchnumpy()
    places = cur.execute(
        """SELECT p.id, p.name, p.country, p.kind, p.lat, p.lon FROM place_totals t
           JOIN places p ON p.id = t.place_id ORDER BY p.id""").df()
    place_rows = cur.execute(
        f"""SELECT r.k, c.code, r.n_mentions, r.h FROM place_articles r
           JOIN {_PLACE_CODES} c ON c.id = r.place_id""").fetchnumpy()
    return high, total, keys, quotes, actors, actor_rows, quotes_rows, subject_rows, places, place_rows


def _name_rank(names: pd.Series) -> np.ndarray:
    """By code: the rank of the name in name order (equal names, equal ranks)."""
    _, rank = np.unique(names.to_numpy(dtype=object), return_inverse=True)
    return rank.astype(np.int64)


def _by_key(rows: dict, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ptr, code, mentions) with the rows of key k at ptr[k]:ptr[k + 1]."""
    keys = np.asarray(rows["k"])
    order = np.argsort(keys, kind="stable")
    ptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=size), out=ptr[1:])
    return (ptr, np.asarray(rows["code"], dtype=np.int32)[order],
            np.asarray(rows["n_mentions"], dtype=np.int32)[order])


def _sums(csr: tuple[np.ndarray, np.ndarray, np.ndarray], codes: int) -> Counts:
    _, code, mentions = csr
    return Counts(np.bincount(code, weights=mentions, minlength=codes).astype(np.int64),
                  np.bincount(code, minlength=codes).astype(np.int64))


# -- a scope's figures ----------------------------------------------------------------------
# A scope (queries.Scope) is given as its mode ("in": only the keys; "out": all but them) and
# its keys; the sums run over the smaller side, and "out" subtracts from the totals.
def inside(index: ArticleIndex, mode: str, keys: np.ndarray) -> np.ndarray:
    """bool by key: the article is in scope."""
    mask = np.zeros(index.high + 1, dtype=bool)
    if mode == "out":
        mask[1:] = True
    mask[keys] = mode == "in"
    mask[0] = False
    return mask


def _rows_of(ptr: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Row numbers of the keys' rows (a gather of ranges, no loop)."""
    starts, lengths = ptr[keys], ptr[keys + 1] - ptr[keys]
    ends = np.cumsum(lengths)
    return np.repeat(starts - (ends - lengths), lengths) + np.arange(ends[-1] if len(ends) else 0)


def _counts(csr, totals: Counts, codes: int, mode: str, keys: np.ndarray) -> Counts:
    ptr, code, mentions = csr
    rows = _rows_of(ptr, keys.astype(np.int64))
    picked = code[rows]
    counts = Counts(np.bincount(picked, weights=mentions[rows], minlength=codes).astype(np.int64),
                    np.bincount(picked, minlength=codes).astype(np.int64))
    if mode == "out":
        return Counts(totals.mentions - counts.mentions, totals.articles - counts.articles)
    return counts


def actor_counts(index: ArticleIndex, mode: str, keys: np.ndarray) -> Counts:
    """Mentions and articles of every actor in the scope."""
    return _counts(index.actor_rows, index.actor_totals, len(index.actors), mode, keys)


def place_counts(index: ArticleIndex, mode: str, keys: np.ndarray) -> Counts:
    """Mentions and articles of every place in the scope."""
    return _counts(index.place_rows, index.place_totals, len(index.places), mode, keys)


def most_mentioned(values: np.ndarray, name_rank: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """The codes by `values` (mentions, quotes) by code, most first, then by name and id (the
    order of the SQL)."""
    return codes[np.lexsort((codes, name_rank[codes], -values[codes]))]


def with_counts(table: pd.DataFrame, counts: Counts, codes: np.ndarray) -> pd.DataFrame:
    """The rows `codes` of an index table with their mentions and articles."""
    frame = table.iloc[codes].reset_index(drop=True)
    frame["mentions"] = counts.mentions[codes].astype(np.int32)
    frame["articles"] = counts.articles[codes].astype(np.int32)
    return frame


def article_numbers(index: ArticleIndex, mode: str, keys: np.ndarray) -> dict[str, int]:
    """Articles, undated articles and quotes in the scope."""
    articles = len(keys)
    undated = int((~index.dated[keys]).sum())
    quotes = int(index.quotes[keys].sum())
    if mode == "out":
        articles = index.total - articles
        undated = int((~index.dated[1:]).sum()) - undated
        quotes = int(index.quotes.sum()) - quotes
    return {"articles": articles, "undated": undated, "quotes": quotes}


def articles_per_day(index: ArticleIndex, mode: str, keys: np.ndarray) -> pd.DataFrame:
    """day, articles of the dated articles in scope, by day."""
    return by_day(index.day[inside(index, mode, keys) & index.dated], "articles")


def newest(index: ArticleIndex, mode: str, keys: np.ndarray, limit: int) -> np.ndarray:
    """The keys of the `limit` newest articles in scope, newest first."""
    order = index.newest_first
    return order[inside(index, mode, keys)[order]][:limit]


def mentions_per_day(index: ArticleIndex, mode: str, keys: np.ndarray,
                     actor_ids: list[str]) -> pd.DataFrame:
    """day, actor_id, name, type, mentions of the actors `actor_ids` in the dated articles in
    scope, by day and name."""
    codes = _codes(index, actor_ids)
    ptr, key, mentions = index.actor_columns
    rows = _rows_of(ptr, codes.astype(np.int64))
    code = np.repeat(codes, ptr[codes + 1] - ptr[codes])
    kept = (inside(index, mode, keys) & index.dated)[key[rows]]
    rows, code = rows[kept], code[kept]
    frame = pd.DataFrame({"day": index.day[key[rows]], "code": code, "mentions": mentions[rows]})
    frame = frame.groupby(["day", "code"], as_index=False)["mentions"].sum()
    frame = frame.iloc[np.lexsort((frame["code"].to_numpy(),
                                   index.actor_name_rank[frame["code"].to_numpy()],
                                   frame["day"].to_numpy()))]
    named = index.actors.iloc[frame["code"].to_numpy()].reset_index(drop=True)
    return pd.DataFrame({
        "day": _as_dates(frame["day"].to_numpy()), "actor_id": named["id"], "name": named["name"], "type": named["type"],
        "mentions": frame["mentions"].to_numpy().astype(np.int32)})


def quotes_in_scope(index: ArticleIndex, mode: str, keys: np.ndarray,
                    actor_ids: tuple[str, ...] = ()) -> np.ndarray:
    """bool by quote (newest first): in scope; with `actor_ids`, spoken by or about one of them."""
    quotes = index.quotes_newest_first
    picked = inside(index, mode, keys)[quotes.key]
    if actor_ids:
        chosen = _chosen(index, actor_ids)
        quote, subject = quotes.subjects
        about = np.bincount(quote[chosen[subject]], minlength=len(quotes.key)) > 0
        picked &= chosen[quotes.speaker] | about
    return picked


def spoken_by(index: ArticleIndex, speakers: tuple[str, ...]) -> np.ndarray:
    """bool by quote (newest first): spoken by one of `speakers`."""
    return _chosen(index, speakers)[index.quotes_newest_first.speaker]


def _codes(index: ArticleIndex, actor_ids) -> np.ndarray:
    """The codes of the actors `actor_ids` the store knows."""
    codes = pd.Index(index.actors["id"]).get_indexer(list(actor_ids))
    return codes[codes >= 0]


def _chosen(index: ArticleIndex, actor_ids: tuple[str, ...]) -> np.ndarray:
    """bool by actor code, and False at the end for code -1 (no actor)."""
    chosen = np.zeros(len(index.actors) + 1, dtype=bool)
    chosen[_codes(index, actor_ids)] = True
    return chosen


def by_day(days: np.ndarray, column: str) -> pd.DataFrame:
    """day, `column`: how many of `days` (days since 1970) fall on each day."""
    found, counts = np.unique(days, return_counts=True)
    return pd.DataFrame({"day": _as_dates(found), column: counts.astype(np.int32)})


def _as_dates(days: np.ndarray) -> np.ndarray:
    """Days since 1970 as the dates DuckDB gives for a DATE column (datetime64[us])."""
    return pd.to_datetime(days.astype("int64"), unit="D").astype("datetime64[us]")


def top_coactors(index: ArticleIndex, mode: str, keys: np.ndarray, places: Counts,
                 sample: int, top: int) -> np.ndarray:
    """By place code, the `top` names most mentioned in the articles in scope of the place, or
    in its fixed sample of about `sample` of them (h * its articles in scope < sample * 1024:
    the rule of the store's place_coactors), joined by ", " (None: no listed actor)."""
    key, code, h = index.place_pairs
    # h * articles in int64: up to 1023 * the articles of the most named place
    picked = inside(index, mode, keys)[key] & (h * places.articles[code] < sample * 1024)
    chosen = sparse.csr_matrix(
        (np.ones(int(picked.sum()), dtype=np.int32), (code[picked], key[picked])),
        shape=(len(index.places), index.high + 1))
    pairs = (chosen @ index.shown).tocoo()  # place x name: mentions
    # by place, then mentions (most first), then name; the first `top` of each place
    order = np.lexsort((pairs.col, -pairs.data, pairs.row))
    place, name = pairs.row[order], pairs.col[order]
    first = np.searchsorted(place, place)  # where each place's run starts
    kept = np.arange(len(place)) - first < top
    joined = np.full(len(index.places), None, dtype=object)
    for number, names in zip(*_runs(place[kept], index.shown_names[name[kept]])):
        joined[number] = ", ".join(names)
    return joined


def _runs(values: np.ndarray, items: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """The distinct sorted `values` and the `items` of each run."""
    distinct, starts = np.unique(values, return_index=True)
    return distinct, np.split(items, starts[1:])
