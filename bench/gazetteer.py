"""The full gazetteer (cities500 plus the shared GeoNames-format folder), loaded and timed."""
from __future__ import annotations

import time
from pathlib import Path

from pipeline import geo


def load_full(folder: str | Path | None, cache_dir: str | Path) -> tuple[object, dict]:
    """The gazetteer with `folder` as extra source, and how long loading took."""
    extra = [str(folder)] if folder else None
    before = _entries(cache_dir)
    start = time.perf_counter()
    gazetteer = geo.load_gazetteer(extra_sources=extra, cache_dir=str(cache_dir))
    return gazetteer, {
        "seconds": time.perf_counter() - start,
        "size": len(gazetteer.ids),
        "extra_sources": "folder" if extra else "none",
        # A new cache entry means this call built the index (cold cache or changed inputs).
        "built": bool(_entries(cache_dir) - before),
    }


def _entries(folder: str | Path) -> set[str]:
    folder = Path(folder)
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()
