"""Behaviour of the extractor on single sentences: typing, modality, roles, slots, ids."""
from __future__ import annotations

import pytest

from pipeline.events import extract_mentions


@pytest.fixture(autouse=True)
def rules_alone(monkeypatch):
    """These tests pin the rules' own behaviour; the learned typer on top of them is tested in
    test_model.py, on the corpus (`conflict-events eval events`) and by the seed tests."""
    monkeypatch.setenv("CONFLICT_EVENTS_MODEL", "off")


def _run(sentence: str, places: list[dict] | None = None, article_id: str = "t") -> list[dict]:
    article = {"article_id": article_id, "text": sentence, "published": None}
    return extract_mentions(article, [(0, len(sentence))], places or [])


def _types(sentence: str) -> dict[str, dict]:
    return {m["event_type"]: m for m in _run(sentence)}


def test_event_free_sentence_yields_nothing():
    assert _run("The museum reopened after renovations and prices of bread doubled.") == []


def test_two_events_in_one_sentence():
    found = _types("The two presidents met in Addis Ababa and signed a border agreement.")
    assert {"meeting", "agreement"} <= set(found)


def test_specific_type_suppresses_generic_killing():
    found = _types("Russian warplanes bombed a market in Idlib, killing at least 15 people.")
    assert set(found) == {"air_strike"}
    strike = found["air_strike"]
    assert strike["actor1"] == "Russia" and strike["place_name"] == "Idlib"
    assert strike["fatalities_best"] == 15
    assert strike["acled_event_type"] == "Explosions/Remote violence"


def test_negation_and_speculation_are_never_asserted():
    assert _types("The ministry denied that its aircraft had bombed the hospital.")["air_strike"]["modality"] == "negated"
    assert _types("Analysts warned that the Houthis may capture Marib.")[
        "non_state_overtakes_territory"]["modality"] == "speculative"


def test_reported_claim_has_claimant_but_news_outlet_does_not_make_it_reported():
    m = _types("Ukrainian forces shelled Donetsk overnight, separatist officials claimed.")["shelling"]
    assert (m["modality"], m["claimant"]) == ("reported", "separatist officials")
    m = _types("Turkish police detained dozens of suspects, state media reported.")["arrest"]
    assert m["modality"] == "asserted" and m["claimant"] == "state media"


def test_passive_voice_swaps_roles():
    m = _types("The oil fields were handed over to the Russian Army by the SDF.")["territory_transfer"]
    assert (m["actor1"], m["actor2"]) == ("SDF", "Russia")
    assert m["objects"] == ["oil fields"]


def test_capture_typed_by_actor():
    assert "government_regains_territory" in _types("Syrian government forces seized the town of Saraqib.")
    assert "non_state_overtakes_territory" in _types("ISIS fighters seized the town of Saraqib.")


def test_quantities_with_number_words_and_vague_amounts():
    m = _types("Gunmen killed twelve villagers and wounded dozens of people in Borno.")["attack"]
    assert {(q["value"], q["unit"]) for q in m["quantities"]} == {(12, "killed"), (12, "wounded")}
    assert m["fatalities_best"] == 12


def test_places_row_overlapping_the_phrase_is_copied():
    sentence = "Clashes broke out between the army and rebels near Hama."
    start = sentence.index("Hama")
    row = {"char_start": start, "char_end": start + 4, "surface": "Hama", "geonameid": 170017,
           "name": "Hama", "latitude": 35.13, "longitude": 36.75, "feature_code": "PPLA",
           "country_code": "SY", "admin1": "Hama", "geo_precision": 2, "score": 0.9,
           "reason": "test"}
    m = _run(sentence, [row])[0]
    assert (m["place_name"], m["geonameid"], m["country_code"], m["geo_reason"]) == (
        "Hama", 170017, "SY", "test")


def test_mention_ids_are_stable_and_distinct():
    sentence = "Police arrested two men after gunmen killed a shopkeeper."
    first, second = _run(sentence), _run(sentence)
    assert [m["mention_id"] for m in first] == [m["mention_id"] for m in second]
    assert len({m["mention_id"] for m in first}) == len(first) == 2
    assert _run(sentence, article_id="other")[0]["mention_id"] != first[0]["mention_id"]


def test_trigger_offsets_are_article_offsets():
    text = "Nothing happened here. Militants abducted two engineers in Niger."
    article = {"article_id": "x", "text": text, "published": None}
    m = extract_mentions(article, [(0, 22), (23, len(text))], [])[0]
    assert text[m["char_start"]:m["char_end"]] == m["trigger"] == "abducted"
    assert m["sentence_index"] == 1 and m["evidence"] == text[23:]


def test_monitor_and_observatory_attribution_is_reported():
    m = _types("Regime helicopters dropped barrel bombs on Daraya, the Observatory reported.")["air_strike"]
    assert m["modality"] == "reported" and m["claimant"]
    m = _types("Shelling killed four people in Douma on Friday, a monitor said.")["shelling"]
    assert m["modality"] == "reported"


def test_victims_and_the_arrested_are_actor2():
    # Record-level audit classes: victims named by plain words, passives without agent, the
    # agent of a noun trigger, and the side that acts standing before the victims.
    m = _types("Fresh air strikes by the US-led coalition killed eleven civilians in Raqqa.")["air_strike"]
    assert (m["actor1"], m["actor2"]) == ("United States", "Civilians")
    # the arrested are actor2; no one named arrests them, so actor1 is ACLED's conventional
    # arresting force (`unnamed_actor1` in taxonomy.yaml)
    m = _types("Two men were arrested on Friday after a robbery in the town.")["arrest"]
    assert (m["actor1"], m["actor2"]) == ("Police Forces", "Civilians")
    m = _types("Police arrested a local man on charges of arson.")["arrest"]
    assert (m["actor1"], m["actor2"]) == ("Police Forces", "Civilians")
    m = _types("Gunmen killed three people in an ambush near the village.")
    assert [(x["actor1"], x["actor2"]) for x in m.values()] == [("Unidentified Armed Group", "Civilians")]
    m = _types("The soldier was killed by a roadside bomb on the highway.")["remote_explosive"]
    # an unclaimed bombing: ACLED's unidentified perpetrator, never the victims' side
    assert (m["actor1"], m["actor2"]) == ("Unidentified Armed Group", "Military Forces")


def test_progressive_keeps_its_subject_as_actor1():
    m = _types("Thousands of people were protesting outside the parliament in Kyiv.")["peaceful_protest"]
    assert m["actor1"] == "Protesters"  # the crowd of a protest is its protesters, not victims


def test_capital_before_a_local_noun_is_no_state_actor():
    m = _types("A Paris woman was arrested at her residence on Friday night.")["arrest"]
    assert "France" not in (m["actor1"], m["actor2"])
    from pipeline.events.actors import find_actors

    assert [a["name"] for a in find_actors("Paris condemned the strikes.")] == ["France"]  # still the state
    assert [a["name"] for a in find_actors("The Paris court jailed him.")] == []
    # a city's own police is local police, not the state named like the city
    assert [a["name"] for a in find_actors("He was arrested by Paris Police Department Sgt. Ricky Watson.")] \
        == ["Police Forces"]


def test_town_after_an_age_is_where_the_person_lives_not_a_state():
    from pipeline.events.actors import find_actors

    assert find_actors("Terry Lee Jolly, 60, Lebanon, was arrested Thursday.") == []
    assert [a["name"] for a in find_actors("Lebanon, 10 years on, is still rebuilding.")] == ["Lebanon"]


def test_fighting_a_fire_is_no_clash():
    assert "armed_clash" not in _types("No firefighters were injured fighting the fire at the warehouse.")
    assert "armed_clash" in _types("Heavy fighting between the army and rebels killed ten people.")


def test_war_toll_and_origin_boilerplate_are_no_events():
    assert _run("More than 300,000 people have been killed since the conflict began in 2011 "
                "with anti-government protests.") == []
    assert "remote_explosive" in _types("A car bomb killed 12 people, the deadliest attack since the war began.")
    assert "armed_clash" in _types("At least 40 people have been killed since the fighting erupted on Monday.")


def test_common_phrasings_of_weapons_and_territory():
    assert set(_types("Government forces gassed the suburb, killing dozens.")) == {"chemical_weapon"}
    assert "chemical_weapon" not in _types("Police tear-gassed the crowd outside the ministry.")
    assert "air_strike" in _types("An aerial bomb struck their home in Idlib.")
    m = _types("The town fell to the Syrian army on Monday.")["government_regains_territory"]
    assert m["actor1"] == "Syria"
    m = _types("The town fell into the hands of IS in 2014.")["non_state_overtakes_territory"]
    assert m["actor1"] == "ISIS"
    assert "government_regains_territory" in _types("Iraqi troops won back the village of Bashir on Sunday.")


def test_agent_inside_a_long_trigger_acts():
    m = _types("Two rebels were shot dead by soldiers near Idlib.")["armed_clash"]
    assert (m["actor1"], m["actor2"]) == ("Military Forces", "Unidentified Armed Group")


def test_killed_in_a_clash_with_names_the_other_side_as_actor1():
    m = _types("The man was killed in a shootout with police on Monday.")["armed_clash"]
    assert (m["actor1"], m["actor2"]) == ("Police Forces", "Civilians")
    m = _types("Three soldiers were killed in clashes with ISIS fighters near Deir Ezzor.")["armed_clash"]
    assert (m["actor1"], m["actor2"]) == ("ISIS", "Military Forces")


def test_subject_of_a_passive_is_no_object_of_a_preposition():
    m = _types("Several people who had been inside the home surrendered to police and were detained.")["arrest"]
    assert m["actor2"] == "Civilians"


def test_in_a_protest_the_crowd_is_actor1_and_the_force_it_faces_actor2():
    m = _types("Police dispersed hundreds of demonstrators outside the parliament in Kyiv.")
    (row,) = [r for k, r in m.items() if k in ("protest_with_intervention", "peaceful_protest")]
    assert (row["actor1"], row["actor2"]) == ("Protesters", "Police Forces")
    m = _types("Rioters clashed with police in the city centre.")["violent_demonstration"]
    assert (m["actor1"], m["actor2"]) == ("Rioters", "Police Forces")


def test_nothing_named_acts_in_a_natural_disaster():
    m = _types("Floods swept parts of India and Nepal on Monday, the United Nations said.")["natural_disaster"]
    assert (m["actor1"], m["actor2"]) == (None, None)


def test_a_trigger_that_names_its_actor_makes_it_actor1():
    m = _types("His son was killed by a suicide bomber while protecting other soldiers.")["suicide_bomb"]
    assert m["actor1"] == "Unidentified Armed Group"


def test_unnamed_person_who_kills_is_actor1_when_nobody_else_acts():
    (m,) = [m for m in _run("On Monday a man killed 12 people at a school.") if m["event_type"] != "other"]
    assert (m["actor1"], m["actor2"]) == ("Civilians", "Civilians")
    (m,) = _run("Three people killed in air strike on Idlib market.")
    assert (m["actor1"], m["actor2"]) == (None, "Civilians")


def test_say_reports_like_said():
    (m,) = _run("Police say the man was stabbed at his home on Friday.")
    assert m["modality"] == "reported" and m["actor1"] != "Police Forces"


def test_tolls_without_a_counted_noun():
    from pipeline.events.quantities import fatalities, find_quantities

    assert fatalities(find_quantities("Poisoned liquor killed seventeen and blinded a dozen.")) == 17
    assert fatalities(find_quantities("Tamerlan was killed in a gun battle with police.")) == 1
    assert fatalities(find_quantities("He shot and killed a man at a bar on Friday.")) == 1
    assert fatalities(find_quantities("Clashes left 20 villagers injured and one man dead.")) == 1
    assert fatalities(find_quantities("Warplanes killed 20 percent of the herd.")) is None
    assert fatalities(find_quantities("Two men were wounded in the attack.")) is None
    # one person killed is a toll, not a counted quantity listed with the event
    (m,) = _run("A soldier was shot dead at a checkpoint near Daraa.")
    assert m["fatalities_best"] == 1 and m["quantities"] == []
