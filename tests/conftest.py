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


@pytest.fixture(scope="session", autouse=True)
def isolated_environment(tmp_path_factory):
    """Tests build the gazetteer cache and keep registered sources in temporary folders,
    never in the user's home, and ignore the user's CONFLICT_EVENTS_GEONAMES."""
    names = ("CONFLICT_EVENTS_CACHE", "CONFLICT_EVENTS_CONFIG", "CONFLICT_EVENTS_GEONAMES")
    saved = {k: os.environ.get(k) for k in names}
    os.environ["CONFLICT_EVENTS_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    os.environ["CONFLICT_EVENTS_CONFIG"] = str(tmp_path_factory.mktemp("config"))
    os.environ.pop("CONFLICT_EVENTS_GEONAMES", None)
    yield
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A raw folder holding the project's copy of the seed article with its sidecar."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("000_c0329c36d16ddf46.txt", "000_c0329c36d16ddf46.meta.json"):
        (raw / name).write_bytes((ROOT / "data" / "raw" / name).read_bytes())
    return raw


@pytest.fixture(scope="session")
def full_gazetteer(isolated_environment):
    """The gazetteer with every file of ../shared/gazetteer, built once per session."""
    from pipeline.geo import load_gazetteer

    return load_gazetteer([str(shared_path("gazetteer"))])


# The ingest day the Dagster tests put the project's raw files under (data/raw/<day>/...).
DAY = "2026-11-01"


def raw_day(raw: Path, day: str = DAY) -> Path:
    """A copy of the project's raw files as the batch of `day` under the raw folder `raw`."""
    import shutil

    shutil.copytree(ROOT / "data" / "raw", raw / day, dirs_exist_ok=True)
    return raw


def read_output(out, name: str):
    """A table as pandas reads it: a partitioned folder (`<name>/ingest_date=.../`, without the
    partition column) or a single file (`<name>.parquet`)."""
    import pandas as pd

    folder = Path(out) / name
    if folder.is_dir():
        return pd.read_parquet(folder).drop(columns=["ingest_date"])
    return pd.read_parquet(Path(out) / f"{name}.parquet")
