"""Resources: where the data lives and the gazetteer the geocoder resolves against."""
from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline import geo


class DataDirs(dg.ConfigurableResource):
    """Folders of the user's layout: raw articles in, processed tables out."""

    raw_dir: str = "data/raw"
    processed_dir: str = "data/processed"

    def raw_path(self) -> Path:
        return Path(self.raw_dir)

    def processed_path(self) -> Path:
        return Path(self.processed_dir)


class GazetteerResource(dg.ConfigurableResource):
    """The offline gazetteer: built-in places plus any GeoNames dumps named in `extra_sources`."""

    extra_sources: list[str] = []
    cache_dir: str | None = None
    workers: int = 1

    def load(self):
        return geo.load_gazetteer(extra_sources=self.extra_sources or None, cache_dir=self.cache_dir)
