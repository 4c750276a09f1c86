"""Words per second of the full newslens extraction against bare `nlp.pipe`, same texts.

    python bench/extraction_speed.py [--limit 120] [--rounds 2] [--processes 1]

Texts: the embedded corpus (data/corpus). Bare and full passes alternate, so both see the
same machine load; the ratio of their medians is the figure. The model loads once.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newslens.config import load_settings  # noqa: E402
from newslens.extract import Extractor  # noqa: E402
from newslens.ingest import read_paths  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=120, help="articles to use")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    settings = load_settings()
    articles = read_paths([settings.corpus_dir]).articles[: args.limit]
    words = sum(len(a.text.split()) for a in articles)
    extractor = Extractor.from_settings(settings)
    nlp = extractor.nlp
    extractor.extract(articles[0])  # warm up: gazetteer, caches
    bare, full = [], []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for _doc in nlp.pipe((a.text for a in articles), batch_size=8, n_process=args.processes):
            pass
        bare.append(words / (time.perf_counter() - start))
        start = time.perf_counter()
        for _record in extractor.extract_many(articles, n_process=args.processes):
            pass
        full.append(words / (time.perf_counter() - start))
    bare_wps, full_wps = statistics.median(bare), statistics.median(full)
    print(f"model {settings.model}, {len(articles)} articles, {words:,} words, "
          f"{args.processes} process(es), {args.rounds} rounds")
    print(f"bare nlp.pipe      {bare_wps:10,.0f} words/s")
    print(f"newslens extract   {full_wps:10,.0f} words/s")
    print(f"ratio              {full_wps / bare_wps:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
