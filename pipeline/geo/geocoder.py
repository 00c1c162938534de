"""A geopy Geocoder over the local gazetteer, so it can stand in for Nominatim or GeoNames."""
from __future__ import annotations

import numpy as np
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from pipeline.geo.normalize import name_key
from pipeline.geo.resolve import distances_km


class LocalGazetteer(Geocoder):
    """geocode()/reverse() from the offline index; `raw` holds the GeoNames id, feature code,
    admin names and runner-up candidates."""

    def __init__(self, gazetteer=None, extra_sources=None, cache_dir=None, **kwargs):
        super().__init__(**kwargs)
        if gazetteer is None:
            from pipeline.geo import load_gazetteer
            gazetteer = load_gazetteer(extra_sources, cache_dir)
        self.gazetteer = gazetteer

    def _location(self, row: int, runners_up: list[int]) -> Location:
        g = self.gazetteer
        cc, a1 = g.get(row, "country_code"), g.get(row, "admin1")
        raw = {"geonameid": int(g.ids[row]), "name": g.names[row],
               "feature_class": g.get(row, "feature_class"), "feature_code": g.get(row, "feature_code"),
               "country_code": cc, "admin1": g.admin1_names.get((cc, a1), a1),
               "population": int(g.population[row]),
               "runners_up": [{"geonameid": int(g.ids[r]), "name": g.names[r],
                               "country_code": g.get(r, "country_code"),
                               "latitude": float(g.lat[r]), "longitude": float(g.lon[r])} for r in runners_up]}
        address = ", ".join(x for x in (g.names[row], raw["admin1"], cc) if x)
        return Location(address, (float(g.lat[row]), float(g.lon[row])), raw)

    def geocode(self, query: str, *, exactly_one: bool = True, country_codes=None, limit: int = 5):
        """Places named `query` ("Name" or "Name, Qualifier"), the most prominent first."""
        g = self.gazetteer
        parts = [p.strip() for p in query.split(",") if p.strip()]
        if not parts:
            return None
        rows = g.lookup(name_key(parts[0]))
        if not len(rows):
            rows = g.lookup_skeleton(name_key(parts[0]))
        if country_codes:
            wanted = {c.upper() for c in ([country_codes] if isinstance(country_codes, str) else country_codes)}
            rows = np.asarray([r for r in rows if g.get(r, "country_code") in wanted], dtype=np.int64)
        if not len(rows):
            return None
        score = g.prior[rows].astype(float)
        for qualifier in parts[1:]:  # "Alexandria, Louisiana": favour places inside the qualifier
            inside = g.lookup(name_key(qualifier))
            for q in inside[:5]:
                same = g.codes["country_code"][rows] == g.codes["country_code"][q]
                if g.get(q, "feature_code").startswith("ADM"):
                    same &= g.codes["admin1"][rows] == g.codes["admin1"][q]
                score += same
        order = [int(rows[i]) for i in np.argsort(-score)]
        locations = [self._location(r, order[i + 1:i + 4]) for i, r in enumerate(order[:limit])]
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one: bool = True, limit: int = 5):
        """The nearest populated places to a (lat, lon) point."""
        g = self.gazetteer
        lat, lon = (float(v) for v in (query if isinstance(query, (tuple, list)) else
                                       (query.latitude, query.longitude)))
        near = np.flatnonzero((np.abs(g.lat - lat) < 1.0) & (np.abs(g.lon - lon) < 1.5))
        if not len(near):
            return None
        d = distances_km(lat, lon, g.lat[near], g.lon[near])
        order = [int(near[i]) for i in np.argsort(d)[:limit]]
        locations = [self._location(r, order[i + 1:i + 4]) for i, r in enumerate(order)]
        return locations[0] if exactly_one else locations
