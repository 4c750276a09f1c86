"""Building the store: files -> ingest -> extract -> store, in batches, with progress."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from newslens.extract import Extractor
from newslens.ingest import content_hash, read_paths
from newslens.models import Article, IngestProblem
from newslens.resolve import link_partial_names
from newslens.store import Store


@dataclass(frozen=True)
class Progress:
    stage: str  # "reading" | "extracting" | "linking" | "done"
    done: int
    total: int


@dataclass
class BuildReport:
    added: int = 0
    duplicates: int = 0
    problems: list[IngestProblem] = field(default_factory=list)


ProgressCallback = Callable[[Progress], None]


def _unique_id(article: Article, digest: str, taken: set[str]) -> Article:
    """Keep the article's id unless another article already uses it."""
    if article.id not in taken:
        return article
    suffix = hashlib.sha256(digest.encode()).hexdigest()[:8]
    return replace(article, id=f"{article.id}-{suffix}")


def new_articles(
    articles: Iterable[Article], store: Store
) -> tuple[list[tuple[Article, str]], int]:
    """The articles whose content the store does not hold yet (content de-duplication)."""
    seen = store.known_hashes()
    taken = store.known_ids()
    fresh: list[tuple[Article, str]] = []
    duplicates = 0
    for article in articles:
        digest = content_hash(article.text)
        if digest in seen:
            duplicates += 1
            continue
        seen.add(digest)
        article = _unique_id(article, digest, taken)
        taken.add(article.id)
        fresh.append((article, digest))
    return fresh, duplicates


def add_articles(
    articles: Sequence[Article],
    store: Store,
    extractor: Extractor,
    *,
    problems: Sequence[IngestProblem] = (),
    n_process: int = 1,
    batch_size: int = 32,
    on_progress: ProgressCallback | None = None,
) -> BuildReport:
    """Extract and store the new ones among `articles`; each batch is one transaction."""
    report = BuildReport(problems=list(problems))
    store.add_problems(problems)
    fresh, report.duplicates = new_articles(articles, store)
    total = len(fresh)
    notify = on_progress or (lambda progress: None)
    notify(Progress("extracting", 0, total))
    batch: list = []
    records = extractor.extract_many(
        (article for article, _ in fresh), n_process=n_process, batch_size=8
    )
    for (article, digest), record in zip(fresh, records):
        batch.append((article, digest, record))
        if len(batch) >= batch_size:
            store.add_articles(batch)
            report.added += len(batch)
            batch = []
        notify(Progress("extracting", report.added + len(batch), total))
    if batch:
        store.add_articles(batch)
        report.added += len(batch)
    notify(Progress("linking", 0, 1))
    store.replace_auto_links(link_partial_names(store.person_actor_names()))
    notify(Progress("done", report.added, total))
    return report


def build_from_paths(
    paths: Iterable[str | Path],
    store: Store,
    extractor: Extractor,
    *,
    n_process: int = 1,
    on_progress: ProgressCallback | None = None,
) -> BuildReport:
    notify = on_progress or (lambda progress: None)
    notify(Progress("reading", 0, 0))
    result = read_paths(paths)
    return add_articles(
        result.articles, store, extractor,
        problems=result.problems, n_process=n_process, on_progress=on_progress,
    )
