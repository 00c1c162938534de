"""Resources: where the data lives and the gazetteer the geocoder resolves against."""
from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline import geo


class DataDirs(dg.ConfigurableResource):
    """Where the raw articles are read from. Where the tables go is the IO manager's one
    setting (`ParquetIOManager.base_dir`), read by every asset through it."""

    raw_dir: str = "data/raw"

    def raw_path(self) -> Path:
        return Path(self.raw_dir)


class GazetteerResource(dg.ConfigurableResource):
    """The offline gazetteer: built-in places plus any GeoNames dumps named in `extra_sources`."""

    extra_sources: list[str] = []
    cache_dir: str | None = None
    workers: int = 1

    def load(self):
        return geo.load_gazetteer(extra_sources=self.extra_sources or None, cache_dir=self.cache_dir)
