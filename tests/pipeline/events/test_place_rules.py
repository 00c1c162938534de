"""Place and actor rules that matter for deduplication: sentences written for these tests."""
from __future__ import annotations

from pipeline.events import extract_mentions


def _row(text: str, surface: str, gid: int, precision: int = 1, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return {"char_start": start, "char_end": start + len(surface), "surface": surface, "name": surface,
            "geonameid": gid, "geo_precision": precision, "admin1": "A1", "country_code": "XX",
            "latitude": 10.0 + gid % 7, "longitude": 20.0, "reason": "test"}


def _run(text: str, places: list[dict]) -> list[dict]:
    article = {"article_id": "t", "text": text, "published": None}
    return extract_mentions(article, [(0, len(text))], places)


def test_place_named_as_object_of_attack_verb():
    text = "Government helicopters bombed Tell Amar overnight."
    [m] = _run(text, [_row(text, "Tell Amar", 101)])
    assert m["event_type"] == "air_strike" and m["place_name"] == "Tell Amar" and m["geonameid"] == 101


def test_place_a_few_words_after_the_trigger():
    text = "Air strikes also pounded nearby Kafr Lata, residents said."
    [m] = _run(text, [_row(text, "Kafr Lata", 102)])
    assert m["geonameid"] == 102


def test_place_inside_a_trigger_that_spans_its_object():
    text = "Three guards died in the assault on the Dunmore army barracks, officials said."
    [m] = _run(text, [_row(text, "Dunmore", 103)])
    assert m["geonameid"] == 103


def test_object_rule_does_not_apply_to_other_types():
    # A capitalised name after a non-attack verb is no place without a locative cue.
    text = "Police arrested Bellamy after the protest."
    assert all(m.get("geonameid") is None for m in _run(text, [_row(text, "Bellamy", 104)]))


def test_finer_of_two_places_joined_by_noun_of():
    text = "The ministers met in the Aral coast resort of Port Veyla on Tuesday."
    places = [_row(text, "Aral", 200, precision=7), _row(text, "Port Veyla", 201, precision=1)]
    [m] = _run(text, places)
    assert m["event_type"] == "meeting" and m["geonameid"] == 201


def test_capital_after_locative_preposition_is_a_place_not_the_state():
    text = "A car bomb exploded outside a hotel in Mogadishu, killing six people."
    [m] = _run(text, [_row(text, "Mogadishu", 300)])
    assert m["geonameid"] == 300 and m["actor1"] != "Somalia" and m["actor2"] != "Somalia"


def test_capital_as_subject_still_stands_for_the_state():
    from pipeline.events.actors import find_actors
    assert find_actors("Mogadishu accused the rebels of the attack.")[0]["name"] == "Somalia"


def test_possessive_generic_actor_belongs_to_named_actor_before():
    text = "Al-Shabaab said its fighters attacked a police station on Monday."
    [m] = _run(text, [])
    assert m["actor1"] == "al-Shabaab"


def test_generic_back_reference_takes_the_type_of_the_event_told_before():
    text = "Jets bombed the grain market of the town on Sunday. The raid on the market killed four."
    s1 = text.index("The raid")
    article = {"article_id": "t", "text": text, "published": None}
    found = extract_mentions(article, [(0, s1 - 1), (s1, len(text))], [])
    assert [m["event_type"] for m in found] == ["air_strike", "air_strike"]


def test_generic_type_without_an_earlier_specific_event_stays_generic():
    text = "The raid on the village killed four farmers."
    assert [m["event_type"] for m in _run(text, [])] == ["attack"]
