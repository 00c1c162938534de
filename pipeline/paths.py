"""Where development data lives: evaluation and benchmark commands default to it."""
from __future__ import annotations

import os
from pathlib import Path


def shared_dir() -> Path:
    """The read-only development folder: $CONFLICT_EVENTS_SHARED, else ../shared from the working folder."""
    return Path(os.environ.get("CONFLICT_EVENTS_SHARED", Path.cwd().parent / "shared"))
