"""Command line: thin commands over the core; the only module that prints."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
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
    from newslens.extract import Extractor, load_nlp

    settings = load_settings()
    extractor = Extractor(load_nlp(args.model or settings.model), max_chars=settings.max_article_chars)
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m newslens", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="contract JSONL in -> extraction records out")
    extract.add_argument("input", help="input JSONL, one article per line ('-' for stdin)")
    extract.add_argument("-o", "--output", default="-", help="output JSONL ('-' for stdout)")
    extract.add_argument("--model", help="spaCy pipeline (default: NEWSLENS_MODEL or en_core_web_md)")
    extract.add_argument("--processes", type=int, default=1, help="spaCy worker processes")
    extract.set_defaults(func=cmd_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
