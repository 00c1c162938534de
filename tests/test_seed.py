"""The user's example, through every stage with the full gazetteer: what an analyst must see."""
import datetime as dt

import pytest

from pipeline.run import extract


@pytest.fixture
def seed_tables(seed_dir, full_gazetteer):
    return extract([seed_dir], None, gazetteer=full_gazetteer)


def _one(rows, **want):
    found = [r for r in rows if all(r[k] == v for k, v in want.items())]
    assert found, f"no row with {want}"
    return found[0]


def test_meeting_is_dated_placed_and_attributed(seed_tables):
    meeting = _one(seed_tables["mentions"].to_pylist(), event_type="meeting")
    assert (meeting["actor1"], meeting["actor2"]) == ("Russia", "YPG")
    assert meeting["date_start"] == meeting["date_end"] == dt.date(2017, 12, 3)
    assert (meeting["date_precision"], meeting["date_source"]) == ("day", "explicit")
    assert meeting["place_name"] == "Salhiya" and meeting["modality"] == "asserted"
    assert abs(meeting["latitude"] - 35.35) < 0.05 and abs(meeting["longitude"] - 40.17) < 0.05
    assert meeting["admin1"] == "Deir ez-Zor" and meeting["country_code"] == "SY"


def test_sorties_and_handover(seed_tables):
    mentions = seed_tables["mentions"].to_pylist()
    strike = _one(mentions, event_type="air_strike")
    assert {(q["value"], q["unit"]) for q in strike["quantities"]} >= {(627, "sorties"), (1450, "targets")}
    assert strike["geo_precision"] == 5 and strike["place_name"] == "Euphrates River Valley"
    handover = _one(mentions, event_type="territory_transfer", modality="reported")
    assert handover["actor2"] == "Russia" and handover["claimant"] == "Tala Silo"
    assert {"gas facility", "oil fields"} <= set(handover["objects"])
    assert handover["country_code"] == "SY"
    could = [m for m in mentions if "could include" in m["evidence"]]
    assert could and all(m["modality"] != "asserted" for m in could)


def test_events_table_merges_the_repeated_operation_room(seed_tables):
    events = seed_tables["events"].to_pylist()
    assert 0 < len(events) < seed_tables["mentions"].num_rows
    room = [e for e in events if e["event_type"] == "base_established" and e["n_mentions"] >= 2]
    assert room and room[0]["modality"] in ("announced", "planned")
    assert all(e["first_seen"] == dt.date(2017, 12, 4) for e in events)
