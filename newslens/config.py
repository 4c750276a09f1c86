"""Defaults and their NEWSLENS_* environment overrides; nothing else reads os.environ."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_CORPUS_DIR = DATA_DIR / "corpus"


@dataclass(frozen=True)
class Settings:
    model: str = "en_core_web_md"  # any installed spaCy pipeline name or path
    db_path: Path = DATA_DIR / "newslens.duckdb"
    corpus_dir: Path = DEFAULT_CORPUS_DIR
    aliases_path: Path = DATA_DIR / "aliases.csv"  # user-editable actor aliases
    # longer texts are cut, with a note on the article; parsing cost grows faster than length
    # (200,000 characters: about 40 s and 0.7 GB; 1,000,000: minutes and 3.7 GB)
    max_article_chars: int = 200_000
    max_upload_mb: int = 50
    n_process: int = 1


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    defaults = Settings()
    return Settings(
        model=env.get("NEWSLENS_MODEL", defaults.model),
        db_path=Path(env.get("NEWSLENS_DB", defaults.db_path)),
        corpus_dir=Path(env.get("NEWSLENS_CORPUS", defaults.corpus_dir)),
        aliases_path=Path(env.get("NEWSLENS_ALIASES", defaults.aliases_path)),
        max_article_chars=int(env.get("NEWSLENS_MAX_ARTICLE_CHARS", defaults.max_article_chars)),
        max_upload_mb=int(env.get("NEWSLENS_MAX_UPLOAD_MB", defaults.max_upload_mb)),
        n_process=int(env.get("NEWSLENS_PROCESSES", defaults.n_process)),
    )
