"""Words per second of the full newslens extraction against bare `nlp.pipe`, same texts.

    python bench/extraction_speed.py [--limit 120] [--rounds 2] [--processes 1 2]

Texts: the embedded corpus (data/corpus). Bare and full passes alternate, so both see the
same machine load; the ratio of their medians is the figure. The model loads once. With
several process counts, each is measured in turn and the speed-up of each over the first
is printed too. With n > 1 spaCy's workers each load the model (counted in the time, as in
a build); newslens' rules run in the main process on the parsed Docs. Each pass also
reports the CPU seconds of the main process and of the workers, which do not depend on what
else the machine runs.

What a second process can give depends on the machine at that moment (a virtual machine's
two cores may not be two free cores): before and after the measurements the script times a
pure-Python CPU loop in 1 and in n processes, and prints that speed-up as the ceiling.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newslens.config import load_settings  # noqa: E402
from newslens.extract import Extractor  # noqa: E402
from newslens.ingest import read_paths  # noqa: E402


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_speedup(processes: int, n: int = 20_000_000) -> float:
    """Speed-up of `processes` processes over one on a CPU loop: what the machine gives now."""
    start = time.perf_counter()
    for _ in range(processes):
        _burn(n)
    serial = time.perf_counter() - start
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pool.map(_burn, [n] * processes)
    return serial / (time.perf_counter() - start)


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def timed(run) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds of this process and of its finished worker processes."""
    wall, main, workers = (time.perf_counter(), _cpu_seconds(resource.RUSAGE_SELF),
                           _cpu_seconds(resource.RUSAGE_CHILDREN))
    run()
    return (time.perf_counter() - wall, _cpu_seconds(resource.RUSAGE_SELF) - main,
            _cpu_seconds(resource.RUSAGE_CHILDREN) - workers)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=120, help="articles to use")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--processes", type=int, nargs="+", default=[1])
    args = parser.parse_args()
    settings = load_settings()
    articles = read_paths([settings.corpus_dir]).articles[: args.limit]
    words = sum(len(a.text.split()) for a in articles)
    extractor = Extractor.from_settings(settings)
    nlp = extractor.nlp
    extractor.extract(articles[0])  # warm up: gazetteer, caches
    load = os.getloadavg()
    print(f"model {settings.model}, {len(articles)} articles, {words:,} words, {args.rounds} rounds; "
          f"{os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    most = max(args.processes)
    ceilings = [machine_speedup(most)] if most > 1 else []
    results = {}
    for processes in args.processes:
        bare, full, cpu = [], [], {}

        def bare_pass(n=processes):
            for _doc in nlp.pipe((a.text for a in articles), batch_size=8, n_process=n):
                pass

        def full_pass(n=processes):
            for _record in extractor.extract_many(articles, n_process=n, batch_size=8):
                pass

        for _ in range(args.rounds):
            for name, run, speeds in (("bare nlp.pipe", bare_pass, bare),
                                      ("newslens extract", full_pass, full)):
                wall, main_cpu, workers_cpu = timed(run)
                speeds.append(words / wall)
                cpu[name] = (main_cpu, workers_cpu, words / wall)
        bare_wps, full_wps = statistics.median(bare), statistics.median(full)
        results[processes] = (bare_wps, full_wps)
        load = os.getloadavg()
        print(f"{processes} process(es): bare nlp.pipe {bare_wps:9,.0f} words/s, newslens extract "
              f"{full_wps:9,.0f} words/s, ratio {full_wps / bare_wps:.2f} (load {load[0]:.2f})")
        # CPU seconds do not depend on what else the machine runs: the busiest process bounds
        # the speed on free cores (main alone, or the workers' share each)
        for name, (main_cpu, workers_cpu, wps) in cpu.items():
            print(f"    last round, {name}: {wps:,.0f} words/s; CPU s: main process {main_cpu:.1f}, "
                  f"workers {workers_cpu:.1f} (busiest process {max(main_cpu, workers_cpu / processes):.1f})")
    if most > 1:
        ceilings.append(machine_speedup(most))
        print(f"the machine itself: {most} processes over 1 on a CPU loop x{ceilings[0]:.2f} before, "
              f"x{ceilings[1]:.2f} after")
    first = args.processes[0]
    for processes in args.processes[1:]:
        print(f"{processes} processes over {first}: bare x{results[processes][0] / results[first][0]:.2f}, "
              f"newslens x{results[processes][1] / results[first][1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
