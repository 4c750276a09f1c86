"""newslens: who, where, what was said and when, extracted from news articles."""

__version__ = "0.1.0"
