"""Extraction: spaCy Doc -> contract records (actors, places, quotes, dates)."""

from newslens.extract.pipeline import Extractor, load_nlp

__all__ = ["Extractor", "load_nlp"]
