"""The full gazetteer (cities500 plus the shared GeoNames-format folder), loaded and timed."""
from __future__ import annotations

import time
from pathlib import Path

from pipeline import geo


def source_files(folder: str | Path) -> list[str]:
    """The gazetteer files of a folder: country zips, feature zips and admin code files."""
    folder = Path(folder)
    return sorted(str(p) for p in folder.iterdir()
                  if p.suffix in (".zip", ".txt") and not p.name.startswith("."))


def load_full(folder: str | Path | None, cache_dir: str | Path) -> tuple[object, dict]:
    """The gazetteer with `folder` as extra source, and how long loading took.

    The geo stage may accept the folder itself or its files: the folder is tried first, then the
    file list, so the bench keeps working whichever it settles on."""
    attempts = [[str(folder)], source_files(folder)] if folder else [None]
    errors = []
    before = _entries(cache_dir)
    for extra in attempts:
        start = time.perf_counter()
        try:
            gazetteer = geo.load_gazetteer(extra_sources=extra, cache_dir=str(cache_dir))
        except (TypeError, ValueError, OSError) as exc:
            errors.append(f"{'folder' if extra == attempts[0] else 'files'}: "
                          f"{type(exc).__name__}: {exc}")
            continue
        info = {"seconds": time.perf_counter() - start, "size": _size(gazetteer),
                "extra_sources": "none" if not extra else
                ("folder" if extra == attempts[0] else f"{len(extra)} files"),
                # A new cache entry means this call built the index (cold cache or changed inputs).
                "built": bool(_entries(cache_dir) - before)}
        if errors:
            info["errors"] = errors
        return gazetteer, info
    raise RuntimeError("load_gazetteer refused every form of extra_sources: " + "; ".join(errors))


def _entries(folder: str | Path) -> set[str]:
    folder = Path(folder)
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def _size(gazetteer) -> int | None:
    """Number of entries, when the index tells (len), else None (e.g. a placeholder)."""
    if gazetteer is None:
        return None
    try:
        return len(gazetteer)
    except TypeError:
        return None
