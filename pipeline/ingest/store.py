"""The replayable raw store of fetched responses: `<raw>/feeds/YYYY-MM-DD/`.

Every response (feed, article page) and every refusal is one JSON sidecar, `<name>.json`, with
the URL asked, the hops, status, headers, fetch time, the feed entry it belongs to and, when a
body was received, the body beside it as `<name>.body` (decoded bytes, exactly as parsed). A
feed entry read from the feed's summary (no page fetched) is a sidecar of kind `entry`. Names
come from a hash of the URL; a second fetch of one URL on one day gets `-2`, `-3`...

The store is read back by the raw readers: each sidecar of the store is one input "file" of
the ingest stage (a page or entry gives one raw record, a refusal one reject, a feed answer
nothing), so stored pages become articles exactly once, whether the store was just written
or is replayed offline months later. The folder is recognised by its marker file, so the file
readers never read a body or sidecar as if it were an article file of their own.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path

MARKER = "feed-store.json"
STORE_FORMAT = {"format": "conflict-events feed store", "version": 1,
                "layout": "YYYY-MM-DD/<name>.json (response sidecar) + <name>.body (decoded body)"}
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
SIDECAR = ".json"
BODY = ".body"


def is_store(folder: str | os.PathLike) -> bool:
    """True when `folder` is the root of a feed store (holds the marker)."""
    return os.path.isfile(os.path.join(folder, MARKER))


def is_stored_response(path: Path) -> bool:
    """True when `path` is a response sidecar of a store: `<store>/<day>/<name>.json`."""
    return (path.suffix == SIDECAR and DAY.fullmatch(path.parent.name) is not None
            and is_store(path.parent.parent))


class Store:
    """One store folder; writes are atomic (a temporary file, then a rename), body first, so a
    sidecar never points to a body that is not there."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self._seq: int | None = None  # the last sequence number given to a sidecar

    def ensure(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if not is_store(self.root):
            _write_atomic(self.root / MARKER, json.dumps(STORE_FORMAT, indent=1).encode())

    def day_dir(self, day: dt.date) -> Path:
        return self.root / day.isoformat()

    def write(self, day: dt.date, sidecar: dict, body: bytes | None = None) -> str:
        """Store one response; its sidecar's name relative to the store (`DAY/NAME.json`)."""
        self.ensure()
        folder = self.day_dir(day)
        folder.mkdir(exist_ok=True)
        base = hashlib.sha256(f"{sidecar['kind']} {sidecar['url']}".encode()).hexdigest()[:20]
        name, n = base, 1
        while (folder / (name + SIDECAR)).exists():
            n += 1
            name = f"{base}-{n}"
        if self._seq is None:
            self._seq = max((side.get("seq") or 0 for _, side in self.sidecars()), default=0)
        self._seq += 1
        # Fetch order is the sequence number, not the clock (which may stand still or step back).
        record = {**sidecar, "seq": self._seq}
        if body is not None:
            _write_atomic(folder / (name + BODY), body)
            record.update(body=name + BODY, body_bytes=len(body),
                          body_sha256=hashlib.sha256(body).hexdigest())
        else:
            record.update(body=None, body_bytes=None, body_sha256=None)
        _write_atomic(folder / (name + SIDECAR),
                      json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8"))
        return f"{day.isoformat()}/{name}{SIDECAR}"

    def days(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and DAY.fullmatch(p.name))

    def sidecars(self, day: str | None = None) -> list[tuple[Path, dict]]:
        """(path, sidecar) of one day or of every day, in fetch order; unreadable ones skipped
        (the ingest stage reports them)."""
        found = []
        for d in ([day] if day else self.days()):
            folder = self.root / d
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*" + SIDECAR)):
                try:
                    found.append((path, json.loads(path.read_text("utf-8"))))
                except (OSError, ValueError):
                    continue
        found.sort(key=lambda item: (_seq(item[1]), item[0].parent.name, item[0].name))
        return found


def _seq(side: dict) -> int:
    seq = side.get("seq")
    return seq if isinstance(seq, int) else 0


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
