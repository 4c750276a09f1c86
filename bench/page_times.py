"""Time every dashboard page's rerun on a built store (default: the configured one).

    python bench/page_times.py [--db PATH] [--repeat 5]

For each page: a cold run with a new actor filter (every query runs; nothing cached) and a
warm rerun (same filters). Prints median and max seconds. Uses Streamlit's AppTest, so this
times the server side of a rerun, not the browser's drawing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["overview", "map", "timeline", "quotes", "actors", "articles", "add_articles"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="store file (default: NEWSLENS_DB or data/newslens.duckdb)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.db:
        os.environ["NEWSLENS_DB"] = args.db
    sys.path.insert(0, str(ROOT))
    from streamlit import logger as streamlit_logger
    from streamlit.testing.v1 import AppTest

    from ui.apptest import run_as_server

    run_as_server()

    # AppTest warns on every run that it has no browser session; that is what it is for
    streamlit_logger.set_log_level("error")

    from newslens import queries
    from newslens.config import load_settings
    from newslens.store import Store

    store = Store(load_settings().db_path, idle_close_seconds=0)
    if not store.exists() or store.article_count() == 0:
        print(f"no articles in {store.path}: build it first (python -m newslens build)")
        return 1
    actor_ids = queries.actor_options(store)["id"].head(args.repeat).tolist()
    print(f"store {store.path}: {store.article_count()} articles")
    store.close()

    print(f"{'page':<14}{'cold median':>12}{'cold max':>10}{'warm median':>13}{'warm max':>10}")
    for page in PAGES:
        cold, warm = [], []
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.run()
        at.switch_page(f"pages/{page}.py").run()
        for number in range(args.repeat):
            # a filter not seen before: every query of the page runs against the store
            start = time.perf_counter()
            at.multiselect(key="actor").set_value([actor_ids[number]]).run()
            cold.append(time.perf_counter() - start)
            start = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - start)
            if at.exception:
                print(page, "raised", at.exception[0].message)
                return 1
        print(f"{page:<14}{statistics.median(cold):>12.3f}{max(cold):>10.3f}"
              f"{statistics.median(warm):>13.3f}{max(warm):>10.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
