"""Ingest days: which day's batch each raw file belongs to, and a content digest per day.

A file belongs to the day named by the first folder of its path, under the raw folder, that is
a date (`data/raw/2026-12-01/wire.jsonl`), else to the day (UTC) it was last modified. The
digest of a day is a hash of its files' relative paths and contents (sidecars included), so
the same files give the same digest wherever and whenever they are read, and any added,
changed or removed file changes it."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from pathlib import Path

from pipeline.ingest.readers import SIDECAR_SUFFIX, scan_inputs

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def ingest_day(path: str | os.PathLike, root: str | os.PathLike) -> str:
    """The ingest day (YYYY-MM-DD) of a file or folder found under `root`."""
    path = Path(path)
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = ()
    for part in parts:
        if _DAY.match(part):
            try:
                return dt.date.fromisoformat(part).isoformat()
            except ValueError:  # 2026-13-45: not a date, a folder name
                continue
    try:
        mtime = os.lstat(path).st_mtime
    except OSError:
        mtime = 0.0
    return dt.datetime.fromtimestamp(mtime, dt.timezone.utc).date().isoformat()


def files_by_day(root: str | os.PathLike) -> dict[str, list[Path]]:
    """The candidate input files under `root`, grouped by ingest day, each list sorted."""
    days: dict[str, list[Path]] = {}
    if not os.path.isdir(root):
        return days
    for path, _ in scan_inputs([Path(root)])[0]:
        days.setdefault(ingest_day(path, root), []).append(path)
    return days


# Digests of files already hashed, by (path, size, mtime): a sensor re-reads only what changed.
_HASHES: dict[tuple[str, int, int], str] = {}


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes (remembered while its size and mtime stay the same)."""
    st = os.stat(path)
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _HASHES:
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        _HASHES[key] = digest.hexdigest()
    return _HASHES[key]


def day_digest(files: list[Path], root: str | os.PathLike) -> str:
    """A hash of the files' paths relative to `root` and their contents, sidecars included."""
    digest = hashlib.sha256()
    for path in sorted(files):
        for part in (path, path.with_name(path.stem + SIDECAR_SUFFIX)):
            if part is path or part.is_file():
                try:
                    content = file_hash(part)
                except OSError:  # vanished or unreadable: it will be a reject when read
                    content = "unreadable"
                digest.update(f"{part.relative_to(root)}\0{content}\n".encode())
    return digest.hexdigest()[:16]
