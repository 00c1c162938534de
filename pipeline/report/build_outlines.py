"""Rebuild `countries_110m.json.xz`, the country outlines the report's map draws, from Natural
Earth's 1:110m admin-0 countries (public domain) as shipped in the geopandas 0.14.4 wheel
(`geopandas/datasets/naturalearth_lowres/`, removed from geopandas 1.0).

A one-off maintenance step, not run by the pipeline:

    pip download --no-deps geopandas==0.14.4 -d /tmp/gpd && unzip /tmp/gpd/*.whl 'geopandas/datasets/*' -d /tmp/gpd
    pip install pyshp
    python -m pipeline.report.build_outlines /tmp/gpd/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

Coordinates are rounded to 0.01 degree (about 1 km, finer than the 1:110m source's own detail)
to keep the file small."""
from __future__ import annotations

import json
import lzma
import sys
from pathlib import Path

OUTLINES = Path(__file__).with_name("countries_110m.json.xz")
DIGITS = 2


def build(shp: Path) -> dict:
    import shapefile  # pyshp: only this maintenance step needs it

    countries = []
    with shapefile.Reader(str(shp)) as reader:
        for record in reader.iterShapeRecords():
            shape = record.shape
            bounds = list(shape.parts) + [len(shape.points)]
            rings = []
            for a, b in zip(bounds, bounds[1:]):
                ring = []
                for lon, lat in shape.points[a:b]:
                    point = [round(lon, DIGITS), round(lat, DIGITS)]
                    if not ring or ring[-1] != point:  # rounding merges neighbours
                        ring.append(point)
                if len(ring) >= 3:
                    rings.append(ring)
            countries.append({"iso_a3": record.record["iso_a3"], "name": record.record["name"], "rings": rings})
    countries.sort(key=lambda c: (c["iso_a3"], c["name"]))
    return {"source": "Natural Earth 1:110m admin-0 countries (public domain), via geopandas 0.14.4 "
                      "naturalearth_lowres; coordinates rounded to 0.01 degree",
            "countries": countries}


def main(argv: list[str]) -> int:
    data = build(Path(argv[0]))
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    # xz with a fixed preset: the same input always gives the same bytes
    OUTLINES.write_bytes(lzma.compress(text, preset=9 | lzma.PRESET_EXTREME))
    rings = sum(len(c["rings"]) for c in data["countries"])
    points = sum(len(r) for c in data["countries"] for r in c["rings"])
    print(f"{len(data['countries'])} countries, {rings} rings, {points} points, "
          f"{len(text)} bytes JSON, {OUTLINES.stat().st_size} bytes xz -> {OUTLINES}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
