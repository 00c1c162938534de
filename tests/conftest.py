"""Shared fixtures: the read-only ../shared folder, skipped with a reason where it is absent."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONFLICT_EVENTS_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seeds" / "000_c0329c36d16ddf46.txt"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when a user's clone does not have it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: ../shared (development data) is not beside this clone")
    return path


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A raw folder holding the project's copy of the seed article with its sidecar."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("000_c0329c36d16ddf46.txt", "000_c0329c36d16ddf46.meta.json"):
        (raw / name).write_bytes((ROOT / "data" / "raw" / name).read_bytes())
    return raw
