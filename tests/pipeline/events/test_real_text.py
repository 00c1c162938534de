"""Error classes seen on real news (extractor 1.1): sentences written for these tests."""
from __future__ import annotations

import pytest

from pipeline.events import extract_mentions


@pytest.fixture(autouse=True)
def rules_alone(monkeypatch):
    """These tests pin the rules' own behaviour; the learned typer on top of them is tested in
    test_model.py, on the corpus (`conflict-events eval events`) and by the seed tests."""
    monkeypatch.setenv("CONFLICT_EVENTS_MODEL", "off")


def _run(text: str, places: list[dict] | None = None) -> list[dict]:
    article = {"article_id": "r", "text": text, "published": None}
    return extract_mentions(article, [(0, len(text))], places or [])


def _types(text: str, places: list[dict] | None = None) -> dict[str, dict]:
    return {m["event_type"]: m for m in _run(text, places)}


def _row(text: str, surface: str, geonameid: int, precision: int = 1) -> dict:
    start = text.index(surface)
    return {"char_start": start, "char_end": start + len(surface), "surface": surface,
            "geonameid": geonameid, "name": surface, "latitude": 1.0, "longitude": 2.0,
            "country_code": "SY", "admin1": None, "geo_precision": precision, "reason": "test"}


def test_organisation_after_according_to_is_not_the_place():
    text = ("Regime helicopters dropped barrel bombs on the town of Tal Rifaat, according to "
            "the Aleppo Media Center.")
    assert _types(text)["air_strike"]["place_name"] == "Tal Rifaat"
    text = "Mortar rounds fell on a market, according to the Observatory for Civil Rights."
    assert _types(text)["shelling"]["place_name"] is None


def test_resolved_place_in_the_trigger_clause_wins():
    text = ("Artillery shelled the villages of Qasr Jadid and Tell Hamra in western Raqqa, "
            "a monitor based in London said.")
    places = [_row(text, "Tell Hamra", 11), _row(text, "Raqqa", 12), _row(text, "London", 13)]
    m = _types(text, places)["shelling"]
    assert (m["place_name"], m["geonameid"]) == ("Raqqa", 12)
    # With no gazetteer rows the nearest phrase after the trigger stays.
    assert _types(text)["shelling"]["place_name"] == "Qasr Jadid"


def test_unresolved_place_east_of_a_resolved_one_is_geocoded_near_it():
    text = "Gunmen ambushed a convoy in Abu Kamal village east of Mayadin."
    m = _types(text, [_row(text, "Mayadin", 21)])["armed_clash"]
    assert (m["place_name"], m["geonameid"], m["geo_precision"]) == ("Abu Kamal", 21, 2)
    assert m["geo_reason"].startswith("near Mayadin")


def test_gazetteer_row_of_a_person_name_is_not_a_place():
    text = "Police arrested two men on Friday, Mayor Hill said."
    m = _types(text, [_row(text, "Hill", 31)])["arrest"]
    assert m["place_name"] is None and m.get("geonameid") is None


def test_subject_of_the_trigger_clause_is_actor1():
    text = "Soldiers fired tear gas into the square after several protesters threw rocks, police said."
    assert _types(text)["violent_demonstration"]["actor1"] == "Protesters"


def test_weapons_inside_a_charge_phrase_are_no_event():
    found = _types("Police detained a teacher suspected of making car bombs for the group.")
    assert set(found) == {"arrest"}
    found = _types("Two brothers were jailed for their role in the 2019 bombing of a bus depot.")
    assert set(found) == {"arrest"}
    # A past verb after the phrase is the clause's main verb, so the event stays.
    assert "armed_clash" in _types("Fighters suspected of links to ISIS attacked an army post.")


def test_recipient_is_actor2_and_captor_in_relative_clause_is_not():
    text = "The deal may include handing over the dam that was seized by ISIS to Turkish forces."
    m = _types(text)["territory_transfer"]
    assert (m["actor1"], m["actor2"], m["modality"]) == (None, "Turkey", "speculative")


def test_capitalised_trigger_words_in_names_are_no_event():
    assert _run("The memoir was written by Rachel Flood, who lives in Ohio.") == []
    assert _run("Tickets for the Storm Water Park and Tornado Alley rides went on sale.") == []
    assert _run("Her car hit a parked Honda Accord on Main Street.") == []
    assert "natural_disaster" in _types("Residents fled as Hurricane Ida made landfall.")
    assert "arrest" in _types("Police Arrest Three After Downtown Shooting.")


def test_figurative_and_non_event_senses():
    for text in ("The city council will have to deal with the budget gap.",
                 "The envoy hopes to defuse the tensions between the two parties.",
                 "Farmers planted drought resistant maize and bought flood insurance.",
                 "The ministry released a report on the economy.",
                 "Anyone with information is urged to contact detectives.",
                 "The chef demonstrated three recipes for the crowd.",
                 "The senator is locked in bitter battles with his rivals.",
                 "The air force bought six attack helicopters."):
        assert _run(text) == [], text


def test_passive_met_with_and_cancelled_meeting():
    assert "meeting" not in _types("The convoy was met with heavy resistance near the bridge.")
    assert "meeting" not in _types("The patrol was met with Hezbollah fire near the border.")
    m = _types("The ministry cancelled a planned meeting with the Houthis in Muscat.")["meeting"]
    assert m["modality"] == "negated"


def test_weapon_seizure_list_is_not_a_grenade_attack():
    found = _types("Troops seized rifles, two grenade launchers and ten hand grenades in a raid.")
    assert "grenade" not in found and "disrupted_weapons_use" in found


def test_news_label_files_use_known_types_and_modalities():
    from pipeline.evaluation import event_sets as datasets
    from pipeline.events.taxonomy import event_types

    modalities = {"asserted", "reported", "announced", "planned", "intended", "speculative", "negated"}
    for split in ("news", "news_tune", "news_blind2"):
        units = datasets.own_units(split)
        assert units
        for unit in units:
            assert set(unit["gold"][0]) <= set(event_types()), unit["id"]
            assert set(unit["gold"][0].values()) <= modalities, unit["id"]


def test_cli_scores_the_second_blind_set_and_skips_its_missing_tune_split(tmp_path, capsys):
    import json

    from pipeline.cli import main

    assert main(["eval", "events", "--dataset", "news2", "--out", str(tmp_path)]) == 0
    assert json.loads((tmp_path / "events.json").read_text())["news2"]["sentences"] == 63
    assert main(["eval", "events", "--dataset", "news2", "--split", "tune", "--out", str(tmp_path)]) == 0
    assert "report split only" in capsys.readouterr().out
