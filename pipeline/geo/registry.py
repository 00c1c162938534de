"""Gazetteer sources registered by `conflict-events gazetteer add` (a small JSON list)."""
from __future__ import annotations

import json
import os
from pathlib import Path


def registry_path() -> Path:
    """The registry file, in the config folder (CONFLICT_EVENTS_CONFIG or ~/.config/conflict-events)."""
    root = os.environ.get("CONFLICT_EVENTS_CONFIG") or Path.home() / ".config" / "conflict-events"
    return Path(root) / "gazetteer_sources.json"


def registered_sources() -> list[str]:
    """Sources added so far (paths to files or folders)."""
    path = registry_path()
    return json.loads(path.read_text()) if path.exists() else []


def register_source(source: str) -> list[str]:
    """Add a source path once; returns the new list."""
    current = registered_sources()
    if source not in current:
        current.append(source)
        path = registry_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(current, indent=1))
    return current
