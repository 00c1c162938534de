"""Transliteration keys, spatial phrases, containment and precision codes."""
from __future__ import annotations

from geopy.distance import geodesic

from pipeline.geo import geoparse, geoparse_spans
from pipeline.geo.normalize import name_key, skeleton
from pipeline.geo.precision import precision_of
from pipeline.geo.relations import direction_between, offset_before


def test_transliteration_variants_share_a_skeleton():
    assert len({skeleton(name_key(n)) for n in ("Salhiya", "As Salihiyah", "Salahiyah")}) == 1
    assert len({skeleton(name_key(n)) for n in ("Deir Ezzor", "Deir ez-Zor", "Dayr az Zawr")}) == 1
    assert skeleton(name_key("Ramadi")) != skeleton(name_key("Mosul"))
    assert skeleton(name_key("Homs")) == ""  # too short to match by skeleton


def test_spatial_phrases():
    assert direction_between(" district east of ") == 90
    assert direction_between(" and ") is None
    km, bearing, _ = offset_before("an airstrike 8 km north of ")
    assert (km, bearing) == (8.0, 0)


def test_precision_scale():
    assert precision_of("P", "PPL") == 1
    assert precision_of("A", "ADM2") == 3
    assert precision_of("A", "ADM1") == 4
    assert precision_of("T", "VAL") == 5
    assert precision_of("A", "PCLI") == 6
    assert precision_of("H", "SEA") == 7


def test_offset_point_is_coarser(builtin_gazetteer):
    text = "An airstrike hit a convoy 8 km north of Raqqa in Syria on Monday."
    raqqa = [r for r in geoparse(text, builtin_gazetteer) if r["surface"] == "Raqqa"][0]
    assert raqqa["geo_precision"] == 2 and "8 km north" in raqqa["reason"]
    centre = builtin_gazetteer.lat[builtin_gazetteer.row_of(raqqa["geonameid"])], \
        builtin_gazetteer.lon[builtin_gazetteer.row_of(raqqa["geonameid"])]
    assert 7 < geodesic(centre, (raqqa["latitude"], raqqa["longitude"])).km < 9
    assert raqqa["latitude"] > centre[0]


def test_containment_picks_the_namesake_in_the_state(builtin_gazetteer):
    text = "Police in Alexandria, Louisiana, arrested two men."
    row = [r for r in geoparse(text, builtin_gazetteer) if r["surface"] == "Alexandria"][0]
    assert row["country_code"] == "US" and row["admin1"] == "Louisiana"


def test_gold_spans_unknown_names_fall_back_visibly(builtin_gazetteer):
    text = "He went from Paris to Xqzzyville."
    rows = geoparse_spans(text, [(13, 18), (22, 33)], builtin_gazetteer)
    assert rows[0]["country_code"] == "FR" and rows[0]["geo_precision"] == 1
    assert rows[1]["country_code"] == "FR" and rows[1]["geo_precision"] in (4, 6)
    assert "not in the gazetteer" in rows[1]["reason"] and rows[1]["score"] < 0.5
    alone = geoparse_spans("Xqzzyville.", [(0, 10)], builtin_gazetteer)[0]
    assert alone["geonameid"] is None and alone["reason"] == "no gazetteer entry"
