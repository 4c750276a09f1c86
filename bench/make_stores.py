"""Make large stores by replicating a built one: new ids, hashes and dates; no spaCy per copy.

    python bench/make_stores.py --base BASE.duckdb --sizes 1000 10000 100000 --out /tmp/nlbench

BASE is a store built once from the default corpus (`NEWSLENS_DB=BASE python -m newslens
build data/corpus`). Copy k of an article gets the id `<id>~k`, the content hash `<hash>~k`,
and its publication date (and every date it mentions) moved by k * (5 years / copies), so
the copies spread over five years. Every table is written by one INSERT … SELECT inside
DuckDB: 100,000 articles take minutes. Actor ids stay those of the base store (the same
actors keep appearing, as in a real archive of one beat). The automatic actor links are
recomputed at the end as a build does, and the derived tables (actors, totals) filled. Writes `store_<size>.duckdb` under --out.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newslens.resolve import link_partial_names  # noqa: E402
from newslens.store import Store, refresh_totals  # noqa: E402

SPREAD_DAYS = 5 * 365


def make_store(base: Path, size: int, target: Path) -> dict[str, float]:
    for path in (target, target.with_name(target.name + ".wal")):
        path.unlink(missing_ok=True)
    store = Store(target, idle_close_seconds=0)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    with store.cursor() as cur:
        cur.execute(f"ATTACH '{base}' AS src (READ_ONLY)")
        n_base = cur.execute("SELECT count(*) FROM src.articles").fetchone()[0]
        copies = -(-size // n_base)
        # the first `size` (article, copy) pairs; copy 0 keeps the original ids
        cur.execute(
            """
            CREATE TEMP TABLE copy_map AS
            SELECT id AS old_id, k,
                   CASE WHEN k = 0 THEN id ELSE id || '~' || k END AS new_id,
                   CASE WHEN k = 0 THEN '' ELSE '~' || k END AS suffix,
                   (k * ? // ?)::INTEGER AS shift
            FROM (SELECT a.id, c.k FROM src.articles a, range(?) c(k) ORDER BY c.k, a.id LIMIT ?)
            """,
            [SPREAD_DAYS, copies, copies, size],
        )
        inserts = {
            "articles": """SELECT m.new_id, a.content_hash || m.suffix, a.title, a.source, a.url,
                a.author, a.published + m.shift, a.published_from, a.text, a.origin, a.notes, a.added
                FROM src.articles a JOIN copy_map m ON m.old_id = a.id""",
            "article_actors": """SELECT m.new_id, x.actor_id, x.name, x.type, x.n_mentions
                FROM src.article_actors x JOIN copy_map m ON m.old_id = x.article_id""",
            "mentions": """SELECT m.new_id, x.actor_id, x.start, x."end", x.text
                FROM src.mentions x JOIN copy_map m ON m.old_id = x.article_id""",
            "places": "SELECT * FROM src.places",
            "place_mentions": """SELECT m.new_id, x.place_id, x.start, x."end", x.text,
                x.confidence, x.rule FROM src.place_mentions x JOIN copy_map m ON m.old_id = x.article_id""",
            "quotes": """SELECT m.new_id || '#' || split_part(x.id, '#', -1), m.new_id, x.start,
                x."end", x.text, x.kind, x.speaker, x.speaker_id, x.speaker_start, x.speaker_end,
                x.cue, x.confidence FROM src.quotes x JOIN copy_map m ON m.old_id = x.article_id""",
            "quote_subjects": """SELECT m.new_id || '#' || split_part(s.quote_id, '#', -1), s.actor_id
                FROM src.quote_subjects s JOIN src.quotes q ON q.id = s.quote_id
                JOIN copy_map m ON m.old_id = q.article_id""",
            "dates": """SELECT m.new_id, x.start, x."end", x.text, x.date + m.shift, x.granularity,
                x.sentence_start, x.sentence_end, x.sentence
                FROM src.dates x JOIN copy_map m ON m.old_id = x.article_id""",
        }
        cur.execute("BEGIN TRANSACTION")
        for table, select in inserts.items():
            step = time.perf_counter()
            cur.execute(f"INSERT INTO {table} {select}")
            timings[table] = time.perf_counter() - step
        # the derived tables (store.refresh_totals), as a build keeps them
        step = time.perf_counter()
        refresh_totals(cur)
        timings["totals"] = time.perf_counter() - step
        step = time.perf_counter()
        cur.execute("COMMIT")
        timings["commit"] = time.perf_counter() - step
        cur.execute("DETACH src")
    step = time.perf_counter()
    store.replace_auto_links(link_partial_names(store.person_actor_names()))
    timings["links"] = time.perf_counter() - step
    step = time.perf_counter()
    with store.cursor() as cur:
        cur.execute("CHECKPOINT")
    timings["checkpoint"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - start
    store.close()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="a store built from the default corpus")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--out", default="/tmp/nlbench")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        target = out / f"store_{size}.duckdb"
        timings = make_store(Path(args.base), size, target)
        store = Store(target, idle_close_seconds=0)
        count = store.article_count()
        store.close()
        print(f"{target}: {count:,} articles, {target.stat().st_size / 1e6:,.1f} MB, "
              f"made in {timings['total']:.1f} s "
              f"({', '.join(f'{t} {s:.1f}' for t, s in timings.items() if t != 'total')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
