"""Coordinates for divisions that have none: derived from the populated places inside them.

The median latitude and longitude of a division's places (not population-weighted: a weighted
mean is pulled towards the largest city, while the median of all places sits near the middle of
the settled area). Typical error against GeoNames' own division points: see docs/GEO.md."""
from __future__ import annotations

from collections import defaultdict

import numpy as np


def fill_centroids(records: list[dict]) -> int:
    """Give coordinates to records without any; returns how many could not be placed (dropped)."""
    by_admin1: dict[tuple, list] = defaultdict(list)
    by_admin2: dict[tuple, list] = defaultdict(list)
    by_country: dict[str, list] = defaultdict(list)
    for r in records:
        if r["latitude"] is None or r["feature_class"] != "P":
            continue
        point = (r["latitude"], r["longitude"])
        by_country[r["country_code"]].append(point)
        by_admin1[(r["country_code"], r["admin1"])].append(point)
        if r["admin2"]:
            by_admin2[(r["country_code"], r["admin1"], r["admin2"])].append(point)
    named = _places_by_name(records)
    missing = 0
    for r in records:
        if r["latitude"] is not None:
            continue
        points = None
        if r["feature_code"] == "ADM2":
            points = by_admin2.get((r["country_code"], r["admin1"], r["admin2"]))
            r["centroid"] = "admin2 places"
            if not points:  # e.g. US counties: cities500 has no admin2 codes
                points = named.get((r["country_code"], r["admin1"], _base_name(r["name"])))
                r["centroid"] = "namesake town in the same admin1"
            if not points:
                points = by_admin1.get((r["country_code"], r["admin1"]))
                r["centroid"] = "admin1 places (division's own places unknown)"
        elif r["feature_code"] == "ADM1":
            points = by_admin1.get((r["country_code"], r["admin1"]))
            r["centroid"] = "admin1 places"
        elif r["feature_code"].startswith("PCL"):
            points = by_country.get(r["country_code"])
            r["centroid"] = "country places"
        if points:
            arr = np.asarray(points)
            r["latitude"], r["longitude"] = (float(v) for v in np.median(arr, axis=0))
        else:
            missing += 1
    return missing


_DIVISION_WORDS = (" county", " parish", " district", " governorate", " province", " borough",
                   " municipality", " city")


def _base_name(name: str) -> str:
    """A division's name without its type word ("Dallas County" -> "dallas")."""
    low = name.lower()
    for word in _DIVISION_WORDS:
        if low.endswith(word):
            return low[: -len(word)].strip()
    return low


def _places_by_name(records: list[dict]) -> dict[tuple, list]:
    """The most populous place of each (country, admin1, lower-case name)."""
    best: dict[tuple, dict] = {}
    for r in records:
        if r["feature_class"] == "P" and r["latitude"] is not None:
            key = (r["country_code"], r["admin1"], r["name"].lower())
            if key not in best or r["population"] > best[key]["population"]:
                best[key] = r
    return {k: [(r["latitude"], r["longitude"])] for k, r in best.items()}
