"""The seed article: the right Salhiya, Deir Ezzor, the Euphrates River Valley, no actors."""
from __future__ import annotations

from geopy.distance import geodesic

from pipeline.geo import geoparse
from tests.conftest import shared_path


def _seed_text() -> str:
    return shared_path("seeds", "000_c0329c36d16ddf46.txt").read_text(encoding="utf-8")


def _by_surface(rows):
    out = {}
    for r in rows:
        out.setdefault(r["surface"], r)
    return out


def test_seed_with_shared_gazetteer(full_gazetteer):
    rows = geoparse(_seed_text(), full_gazetteer, "seed")
    places = _by_surface(rows)
    salhiya = places["Salhiya"]
    assert geodesic((salhiya["latitude"], salhiya["longitude"]), (35.35, 40.17)).km < 5
    deir = places["Deir Ezzor"]
    assert geodesic((deir["latitude"], deir["longitude"]), (35.34, 40.14)).km < 5
    assert deir["geo_precision"] == 1
    assert places["Euphrates River Valley"]["geo_precision"] == 5
    assert places["Hmeimim"]["feature_code"] in ("AIRB", "AIRP")
    assert places["Syria"]["geo_precision"] == 6 and "country" in places["Syria"]["reason"]
    for actor in ("Russian", "Syrian Kurds", "YPG", "Kurdish", "Sîpan Hemo", "Hemo", "Silo",
                  "Tala Silo", "Eugeny", "Duran", "ISIS", "SDF", "ANHA"):
        assert actor not in places, actor
    for r in rows:
        assert r["reason"] and 0 <= r["score"] <= 1
        assert r["char_end"] > r["char_start"]
        assert _seed_text()[r["char_start"]:r["char_end"]] == r["surface"]


def test_seed_with_builtin_gazetteer(builtin_gazetteer):
    places = _by_surface(geoparse(_seed_text(), builtin_gazetteer, "seed"))
    deir = places["Deir Ezzor"]
    assert geodesic((deir["latitude"], deir["longitude"]), (35.34, 40.14)).km < 10
    hmeimim = places["Hmeimim"]
    assert geodesic((hmeimim["latitude"], hmeimim["longitude"]), (35.40, 35.95)).km < 5
