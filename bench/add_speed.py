"""Time adding 10 new articles to a large store (a copy of it; the original is not touched).

    python bench/add_speed.py --db /tmp/nlbench/store_100000.duckdb [--n 10]

Two figures: a real build of n articles (newslens.build.add_articles: de-duplication against
the store, spaCy extraction, the write, actor linking), and the store's part alone
(Store.add_articles with records extracted beforehand, then the linking a build ends with).
The articles are corpus texts with a line appended, so they are new to the store.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newslens.build import add_articles, new_articles  # noqa: E402
from newslens.config import load_settings  # noqa: E402
from newslens.extract import Extractor  # noqa: E402
from newslens.ingest import read_paths  # noqa: E402
from newslens.resolve import link_partial_names  # noqa: E402
from newslens.store import Store  # noqa: E402


def fresh_articles(settings, n: int, tag: str):
    articles = read_paths([settings.corpus_dir]).articles[:n]
    return [replace(a, id=f"{a.id}-{tag}", text=a.text + f"\n\nBenchmark copy {tag}.")
            for a in articles]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--n", type=int, default=10)
    args = parser.parse_args()
    settings = load_settings()
    copy = Path(args.db).with_name("add_speed_copy.duckdb")
    shutil.copy(args.db, copy)
    extractor = Extractor.from_settings(settings)
    extractor.extract(fresh_articles(settings, 1, "warm")[0])  # load the gazetteer and caches
    store = Store(copy)
    before = store.article_count()
    load = os.getloadavg()

    start = time.perf_counter()
    report = add_articles(fresh_articles(settings, args.n, "build"), store, extractor)
    build_seconds = time.perf_counter() - start

    articles = fresh_articles(settings, args.n, "store")
    fresh, _ = new_articles(articles, store)
    records = list(extractor.extract_many([a for a, _ in fresh]))
    start = time.perf_counter()
    store.add_articles([(a, digest, r) for (a, digest), r in zip(fresh, records)])
    write_seconds = time.perf_counter() - start
    store.replace_auto_links(link_partial_names(store.person_actor_names()))
    store_seconds = time.perf_counter() - start
    after = store.article_count()
    store.close()
    copy.unlink()
    copy.with_name(copy.name + ".wal").unlink(missing_ok=True)
    print(f"store of {before:,} articles (load average {load[0]:.2f}):")
    print(f"  build of {report.added} new articles (extract + write + link): {build_seconds:.1f} s")
    print(f"  {len(fresh)} pre-extracted articles: write {write_seconds:.2f} s, "
          f"with linking {store_seconds:.2f} s; now {after:,} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
