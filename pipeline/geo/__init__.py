"""Places: toponyms recognised in text and resolved against an offline gazetteer.

Placeholder interface (the geocoding issue fills it in)."""
from __future__ import annotations


def load_gazetteer(extra_sources: list[str] | None = None, cache_dir: str | None = None):
    """The gazetteer index (built once, cached on disk)."""
    return None


def geoparse(text: str, gazetteer, article_id: str | None = None) -> list[dict]:
    """Toponym mentions of `text` as rows of the `places` table (see pipeline.tables.PLACES)."""
    return []
