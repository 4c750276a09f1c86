"""Command line: thin commands over the core; the only module that prints."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from newslens.config import load_settings
from newslens.models import Article


def _open_in(path: str) -> TextIO:
    return sys.stdin if path == "-" else open(path, encoding="utf-8")


def _open_out(path: str) -> TextIO:
    return sys.stdout if path == "-" else open(path, "w", encoding="utf-8")


def read_contract_input(lines: TextIO) -> Iterator[Article | str]:
    """Articles from contract input lines; a string (the problem) for a line that is not one."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            yield Article(
                id=str(data["id"]),
                text=str(data["text"]),
                title=data.get("title"),
                published=data.get("published"),
                source=data.get("source"),
                url=data.get("url"),
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            yield f"line {number}: not an article ({type(error).__name__}: {error})"


def cmd_extract(args: argparse.Namespace) -> int:
    from newslens.extract import Extractor

    settings = load_settings()
    extractor = Extractor.from_settings(settings, model=args.model)
    problems: list[str] = []

    def articles() -> Iterator[Article]:
        with _open_in(args.input) as lines:
            for item in read_contract_input(lines):
                if isinstance(item, str):
                    problems.append(item)
                else:
                    yield item

    with _open_out(args.output) as out:
        for record in extractor.extract_many(articles(), n_process=args.processes):
            out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    for problem in problems:
        print(f"skipped {problem}", file=sys.stderr)
    return 0


class _ProgressBar:
    """A one-line text progress bar on stderr."""

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.width = width

    def __call__(self, progress) -> None:
        if progress.stage == "extracting" and progress.total:
            filled = int(self.width * progress.done / progress.total)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\rextracting [{bar}] {progress.done}/{progress.total} articles")
            if progress.done == progress.total:
                self.stream.write("\n")
        elif progress.stage == "reading":
            self.stream.write("reading files...\n")
        elif progress.stage == "linking":
            self.stream.write("linking actors across articles...\n")
        self.stream.flush()


def cmd_build(args: argparse.Namespace) -> int:
    from newslens.build import build_from_paths
    from newslens.extract import Extractor
    from newslens.store import Store, StoreBusy

    settings = load_settings()
    store = Store(args.db or settings.db_path, idle_close_seconds=0)
    if args.if_missing and store.exists():
        print(f"store {store.path} exists; nothing to build")
        return 0
    paths = args.paths or [settings.corpus_dir]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        print("no such file or folder: " + ", ".join(map(str, missing)), file=sys.stderr)
        return 2
    print(f"building {store.path} from {', '.join(map(str, paths))}", file=sys.stderr)
    extractor = Extractor.from_settings(settings, model=args.model)
    try:
        report = build_from_paths(
            paths, store, extractor, n_process=args.processes or settings.n_process,
            on_progress=_ProgressBar(),
        )
    except StoreBusy as error:
        print(f"error: {error}", file=sys.stderr)
        return 3
    print(f"added {report.added} articles, skipped {report.duplicates} already in the store, "
          f"{len(report.problems)} problems")
    for problem in report.problems:
        print(f"  problem: {problem.source}: {problem.reason}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m newslens", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="contract JSONL in -> extraction records out")
    extract.add_argument("input", help="input JSONL, one article per line ('-' for stdin)")
    extract.add_argument("-o", "--output", default="-", help="output JSONL ('-' for stdout)")
    extract.add_argument("--model", help="spaCy pipeline (default: NEWSLENS_MODEL or en_core_web_md)")
    extract.add_argument("--processes", type=int, default=1, help="spaCy worker processes")
    extract.set_defaults(func=cmd_extract)

    build = commands.add_parser("build", help="add files and folders to the store")
    build.add_argument("paths", nargs="*", type=Path,
                       help="files or folders (default: the embedded corpus in data/corpus)")
    build.add_argument("--db", type=Path, help="store file (default: NEWSLENS_DB or data/newslens.duckdb)")
    build.add_argument("--model", help="spaCy pipeline (default: NEWSLENS_MODEL or en_core_web_md)")
    build.add_argument("--processes", type=int, help="spaCy worker processes (default 1)")
    build.add_argument("--if-missing", action="store_true",
                       help="do nothing when the store file exists already")
    build.set_defaults(func=cmd_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
