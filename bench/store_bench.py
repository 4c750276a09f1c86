"""Query times, page reruns and cold start of the dashboard on one (large) store.

    python bench/store_bench.py --db /tmp/nlbench/store_100000.duckdb [--repeat 20]
        [--no-pages] [--no-cold]

For three filter scenarios — no filter; the most mentioned actor; the three most mentioned
actors plus a one-year date range — it times, `--repeat` times each:
  * the newslens.queries calls each page makes (the sidebar's included), summed per page,
    median and p95, and the slowest single query of the page;
  * a full page rerun with Streamlit's AppTest with the query cache cleared (every query of
    the entry script and the page runs against the store), median and p95.
Cold start: a fresh Python process opens the store and runs the dashboard's first page
(AppTest's first run: store closed, caches empty); printed with the process's import time.
Store size: the file plus its WAL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ["overview", "map", "timeline", "quotes", "actors", "articles", "add_articles"]


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def scenarios(store) -> dict:
    from newslens import queries
    from newslens.queries import Filters

    top = queries.actor_options(store)["id"].head(3).tolist()
    low, high = queries.date_bounds(store)
    start = low + (high - low) / 3
    return {
        "no filter": Filters(),
        "1 actor": Filters(actors=(top[0],)),
        "3 actors + 1 year": Filters(actors=tuple(top), date_from=start,
                                     date_to=start + timedelta(days=365)),
    }


def page_calls(store, page: str, filters) -> list[tuple[str, object]]:
    """(name, thunk) of every newslens.queries call the sidebar and `page` make."""
    from newslens import queries
    from newslens.queries import Filters

    calls = [
        ("actor_options", lambda: queries.actor_options(store)),
        ("place_options", lambda: queries.place_options(store)),
        ("source_options", lambda: queries.source_options(store)),
        ("date_bounds", lambda: queries.date_bounds(store)),
        ("key_numbers(all)", lambda: queries.key_numbers(store, Filters())),
    ]
    if page == "overview":
        calls += [
            ("key_numbers", lambda: queries.key_numbers(store, filters)),
            ("top_actors", lambda: queries.top_actors(store, filters, limit=15)),
            ("top_places", lambda: queries.top_places(store, filters, limit=15)),
            ("articles_per_day", lambda: queries.articles_per_day(store, filters)),
            ("latest_articles", lambda: queries.latest_articles(store, filters, limit=10)),
        ]
    elif page == "map":
        calls += [
            ("place_bubbles", lambda: queries.place_bubbles(store, filters)),
            ("country_mentions", lambda: queries.country_mentions(store, filters)),
        ]
    elif page == "timeline":
        def mentions_per_day():
            ids = list(filters.actors) or queries.top_actors(store, filters, limit=5)["id"].tolist()
            return queries.actor_mentions_per_day(store, filters, ids)
        calls += [
            ("top_actors+actor_mentions_per_day", mentions_per_day),
            ("quotes_per_day", lambda: queries.quotes_per_day(store, filters)),
            ("dated_events", lambda: queries.dated_events(store, filters, limit=300)),
        ]
    elif page == "quotes":
        calls += [
            ("speaker_options", lambda: queries.speaker_options(store, filters)),
            ("quotes_table", lambda: queries.quotes_table(store, filters, search="", speakers=())),
        ]
    elif page == "actors":
        calls += [("cooccurrence", lambda: queries.cooccurrence(store, filters, max_nodes=40))]
    elif page == "articles":
        def listing_and_detail():
            listing = queries.article_list(store, filters, search="")
            if not listing.empty:
                queries.article_detail(store, listing["id"].iloc[0])
        calls += [("article_list+article_detail", listing_and_detail)]
    elif page == "add_articles":
        calls += [("ingest_problems", lambda: queries.ingest_problems(store))]
    return calls


def time_queries(store, cases: dict, repeat: int, detail: bool = False) -> None:
    from newslens.queries import clear_scopes

    every: dict[str, dict[str, list[float]]] = {}
    print(f"\nqueries per page (sidebar's included), {repeat} runs: total median / p95 ms; "
          "slowest query p95")
    print(f"{'page':<14}" + "".join(f"{name:>34}" for name in cases))
    for page in PAGES:
        cells = []
        for scenario, filters in cases.items():
            calls = page_calls(store, page, filters)
            totals: list[float] = []
            each: dict[str, list[float]] = {name: [] for name, _ in calls}
            for _ in range(repeat):
                # a page's queries share the filters' scope (queries.article_scope): each run
                # computes it anew, as the first page shown with a new filter does
                clear_scopes()
                total = 0.0
                for name, call in calls:
                    start = time.perf_counter()
                    call()
                    elapsed = time.perf_counter() - start
                    each[name].append(elapsed)
                    total += elapsed
                totals.append(total)
            for name, values in each.items():
                every.setdefault(name, {}).setdefault(scenario, values)
            slow_name, slow = max(((n, p95(v)) for n, v in each.items()), key=lambda x: x[1])
            cells.append(f"{statistics.median(totals) * 1000:6.0f} /{p95(totals) * 1000:6.0f}; "
                         f"{slow_name[:12]} {slow * 1000:5.0f}")
        print(f"{page:<14}" + "".join(f"{c:>34}" for c in cells))
    if detail:
        print("\neach query: median / p95 ms")
        print(f"{'query':<36}" + "".join(f"{name:>20}" for name in cases))
        for name, by_case in every.items():
            print(f"{name:<36}" + "".join(
                f"{statistics.median(v) * 1000:10.0f} /{p95(v) * 1000:6.0f}" if (v := by_case.get(c))
                else f"{'':>20}" for c in cases))


def time_pages(cases: dict, repeat: int) -> None:
    from streamlit import logger as streamlit_logger
    from streamlit.testing.v1 import AppTest

    import ui.data
    from newslens.queries import clear_scopes
    from ui.apptest import run_as_server

    run_as_server()
    streamlit_logger.set_log_level("error")
    print(f"\npage reruns with every query run (cache cleared), {repeat} runs: median / p95 s")
    print(f"{'page':<14}" + "".join(f"{name:>22}" for name in cases))
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        at.run()
        at.switch_page(f"pages/{page}.py").run()
        cells = []
        for filters in cases.values():
            at.multiselect(key="actor").set_value(list(filters.actors))
            if filters.date_from is not None:
                at.date_input(key="dates").set_value((filters.date_from, filters.date_to))
            at.run()
            runs = []
            for _ in range(repeat):
                ui.data._cached.clear()
                clear_scopes()
                start = time.perf_counter()
                at.run()
                runs.append(time.perf_counter() - start)
                if at.exception:
                    raise SystemExit(f"{page} raised {at.exception[0].message}")
            cells.append(f"{statistics.median(runs):8.3f} /{p95(runs):6.3f}")
            if filters.date_from is not None:
                at.date_input(key="dates").set_value(None)
        print(f"{page:<14}" + "".join(f"{c:>22}" for c in cells))


def _size_mb(value) -> float:
    """Memory held by the article index's arrays, sparse matrices and tables (strings
    included), MB."""
    import numpy as np
    import pandas as pd

    if isinstance(value, np.ndarray):
        strings = sum(sys.getsizeof(v) for v in value) if value.dtype == object else 0
        return (value.nbytes + strings) / 2**20
    if isinstance(value, pd.DataFrame):
        return value.memory_usage(deep=True).sum() / 2**20
    if isinstance(value, tuple):
        return sum(_size_mb(v) for v in value)
    if hasattr(value, "indptr"):  # a scipy sparse matrix
        return _size_mb((value.data, value.indices, value.indptr))
    if hasattr(value, "__dataclass_fields__"):
        return sum(_size_mb(getattr(value, name)) for name in value.__dataclass_fields__)
    return 0.0


def cold_start_child() -> None:
    """In a fresh process: import, then the dashboard's first run (store closed, no cache)."""
    begin = time.perf_counter()
    from streamlit import logger as streamlit_logger
    from streamlit.testing.v1 import AppTest

    from ui.apptest import run_as_server

    run_as_server()
    streamlit_logger.set_log_level("error")
    imported = time.perf_counter()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    at.run()
    done = time.perf_counter()
    if at.exception:
        raise SystemExit(at.exception[0].message)
    print(f"{imported - begin:.3f} {done - imported:.3f}")


def cold_start(db: str, runs: int) -> None:
    firsts, imports = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, __file__, "--cold-child"], capture_output=True, text=True,
            env={**os.environ, "NEWSLENS_DB": db}, cwd=ROOT, check=True,
        ).stdout.split()
        imports.append(float(out[0]))
        firsts.append(float(out[1]))
    print(f"\ncold start, {runs} fresh processes: store opened to first page ready "
          f"median {statistics.median(firsts):.2f} s, max {max(firsts):.2f} s "
          f"(imports before it: median {statistics.median(imports):.2f} s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--page-repeat", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--no-pages", action="store_true")
    parser.add_argument("--no-queries", action="store_true")
    parser.add_argument("--no-cold", action="store_true")
    parser.add_argument("--detail", action="store_true", help="also each query's times")
    parser.add_argument("--cold-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_child:
        cold_start_child()
        return 0
    os.environ["NEWSLENS_DB"] = args.db
    from newslens.store import Store

    path = Path(args.db)
    wal = path.with_name(path.name + ".wal")
    size = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    load = os.getloadavg()
    print(f"store {path}: {size / 1e6:,.1f} MB; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if not args.no_cold:
        cold_start(args.db, args.cold_runs)
    store = Store(path)
    start = time.perf_counter()
    count = store.article_count()
    print(f"{count:,} articles; opening the store and counting: "
          f"{(time.perf_counter() - start) * 1000:.0f} ms")
    # the article index is read once per store version and server (newslens.article_index);
    # the dashboard reads it in the background when it opens the store
    from newslens.article_index import index_of
    start = time.perf_counter()
    index = index_of(store)
    print(f"reading the article index: {(time.perf_counter() - start) * 1000:.0f} ms, "
          f"{_size_mb(index):.0f} MB of arrays and tables")
    cases = scenarios(store)
    for name, filters in cases.items():
        shown = replace(filters)
        print(f"  {name}: actors {list(shown.actors)} dates {shown.date_from}..{shown.date_to}")
    if not args.no_queries:
        time_queries(store, cases, args.repeat, args.detail)
    store.close()
    if not args.no_pages:
        time_pages(cases, args.page_repeat)
    load = os.getloadavg()
    print(f"\nload average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
