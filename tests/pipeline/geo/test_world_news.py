"""World news: countries, oceans and regions over small namesakes; parts of natural names."""
from __future__ import annotations

from pipeline.geo import geoparse, geoparse_spans


def _spans(text, *names):
    return [(text.index(n), text.index(n) + len(n)) for n in names]


def test_a_repeated_country_name_stays_the_country_in_a_us_story(builtin_gazetteer):
    # the context of a name counts once, however often the name is repeated
    text = ("Officials in the US said Russia had hacked the servers. Russia denied it. The US "
            "accused Russia again, and Russia's role in the US vote was debated in Ohio, where "
            "Russia was named by every speaker. Russia said nothing more.")
    rows = geoparse_spans(text, _spans(text, "Russia"), builtin_gazetteer)
    assert rows[0]["country_code"] == "RU" and rows[0]["feature_code"] == "PCLI"
    found = [r for r in geoparse(text, builtin_gazetteer) if r["surface"] == "Russia"]
    assert found and all(r["country_code"] == "RU" for r in found)


def test_oceans_and_world_regions_beat_small_towns_of_their_name(builtin_gazetteer):
    text = ("Trade across the Pacific slowed, ministers from the Middle East met in Geneva, and "
            "tensions on the Korean Peninsula rose while storms crossed the Atlantic.")
    rows = {r["surface"]: r for r in geoparse(text, builtin_gazetteer)}
    for name in ("Pacific", "Middle East", "Korean Peninsula", "Atlantic"):
        assert rows[name]["country_code"] is None, (name, rows[name]["name"])
        assert rows[name]["geo_precision"] in (5, 7), name
    assert rows["Geneva"]["country_code"] == "CH"


def test_a_small_town_named_like_an_ocean_still_wins_with_local_evidence(builtin_gazetteer):
    text = "The fire spread from Pacific, Missouri to Eureka before crews from St. Louis stopped it."
    row = [r for r in geoparse(text, builtin_gazetteer) if r["surface"] == "Pacific"][0]
    assert row["country_code"] == "US" and row["feature_code"].startswith("PPL")
    assert row["admin1"] == "Missouri"


def test_a_natural_feature_is_never_resolved_by_one_of_its_words(builtin_gazetteer):
    # gold-span mode: unknown names with an ocean, bay or basin word are not the town in them
    text = "Boats left Springfield Basin for the Dayton Bay shoals; Springfield and Dayton are in Ohio."
    rows = geoparse_spans(text, _spans(text, "Springfield Basin", "Dayton Bay"), builtin_gazetteer)
    for r in rows:
        assert r["geonameid"] is None or r["feature_code"] in ("ADM1", "PCLI"), r["name"]
    indian = "Navies patrol the Indian Ocean."
    row = geoparse_spans(indian, _spans(indian, "Indian Ocean"), builtin_gazetteer)[0]
    assert row["name"] == "Indian Ocean" and row["geo_precision"] == 7


def test_capitals_and_big_cities_beat_small_namesakes(builtin_gazetteer):
    text = "Flights from Heathrow to London were cancelled."
    rows = geoparse_spans(text, _spans(text, "Heathrow", "London"), builtin_gazetteer)
    assert rows[1]["country_code"] == "GB"
    text = "Pilgrims reached Mecca, and envoys flew between Paris and Moscow."
    rows = {r["surface"]: r for r in geoparse(text, builtin_gazetteer)}
    assert (rows["Mecca"]["country_code"], rows["Paris"]["country_code"],
            rows["Moscow"]["country_code"]) == ("SA", "FR", "RU")


def test_abbreviations_of_provinces_and_states_abroad(builtin_gazetteer):
    text = "Fires spread from Kelowna, B.C. to Alberta while floods hit NSW."
    rows = geoparse_spans(text, _spans(text, "B.C.", "NSW"), builtin_gazetteer)
    assert [(r["name"], r["feature_code"]) for r in rows] == \
        [("British Columbia", "ADM1"), ("New South Wales", "ADM1")]


def test_a_name_in_a_list_of_divisions_is_a_division(builtin_gazetteer, monkeypatch):
    from pipeline.geo import resolve
    text = "Infections rose in Oregon, Utah, Ohio, Manitoba and Ontario this week."
    rows = {r["surface"]: r for r in geoparse(text, builtin_gazetteer)}
    assert (rows["Ontario"]["feature_code"], rows["Ontario"]["country_code"]) == ("ADM1", "CA")
    monkeypatch.setattr(resolve, "KIND_WEIGHT", 0.0)  # without the rule: Ontario, California
    builtin_gazetteer.memo.clear()
    rows = {r["surface"]: r for r in geoparse(text, builtin_gazetteer)}
    builtin_gazetteer.memo.clear()
    assert rows["Ontario"]["country_code"] == "US"
