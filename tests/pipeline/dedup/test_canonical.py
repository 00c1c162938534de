"""Canonical attributes of a merged event."""
import datetime as dt

from pipeline.dedup import cluster_events
from tests.pipeline.dedup.helpers import DAY, SARAQIB, mention


def only_event(*ms):
    events, _ = cluster_events(list(ms))
    assert len(events) == 1, [e["mention_ids"] for e in events]
    return events[0]


def test_most_precise_date_and_place_win():
    vague = mention("m1", "a1", precision="month", point=(SARAQIB[0] + 0.1, SARAQIB[1]),
                    geo_precision=2, geonameid=None, place_name="near Saraqib")
    precise = mention("m2", "a2")
    e = only_event(vague, precise)
    assert (e["date_start"], e["date_end"], e["date_precision"]) == (DAY, DAY, "day")
    assert (e["geo_precision"], e["place_name"], e["latitude"]) == (1, "Saraqib", SARAQIB[0])


def test_actors_by_majority_fatalities_lowest_credible_modality_strongest():
    ms = [mention("m1", "a1", actor2="HTS", fatalities_best=12, modality="reported"),
          mention("m2", "a2", actor2=None, fatalities_best=9, modality="asserted", claimant=None),
          mention("m3", "a3", actor2="HTS", fatalities_best=3, modality="speculative"),
          mention("m4", "a4", actor1=None, fatalities_best=None)]
    e = only_event(*ms)
    assert (e["actor1"], e["actor2"]) == ("Russia", "HTS")
    assert e["fatalities_best"] == 9   # the speculative 3 is not credible
    assert e["modality"] == "asserted"
    assert e["evidence"] == "sentence of m2"


def test_bookkeeping_columns():
    ms = [mention("m2", "a2", published=dt.date(2019, 5, 9)), mention("m1", "a1"),
          mention("m3", "a1")]
    e = only_event(*ms)
    assert e["mention_ids"] == ["m1", "m2", "m3"] and e["article_ids"] == ["a1", "a2"]
    assert (e["n_mentions"], e["n_articles"]) == (3, 2)
    assert (e["first_seen"], e["last_seen"]) == (DAY + dt.timedelta(days=1), dt.date(2019, 5, 9))
    assert e["merge_reason"].startswith("3 mentions in 2 articles: ")
    assert "same place" in e["merge_reason"]
    single, _ = cluster_events([mention("m9", "a9")])
    assert single[0]["merge_reason"] == "single mention"


def test_compatible_types_take_the_majority_type():
    ms = [mention("m1", "a1", "meeting", actor2="YPG"), mention("m2", "a2", "agreement", actor2="YPG"),
          mention("m3", "a3", "agreement", actor2="YPG")]
    assert only_event(*ms)["event_type"] == "agreement"


def test_a_lone_speculative_report_gives_no_fatality_figure():
    e = only_event(mention("m1", "a1", fatalities_best=30, modality="speculative"))
    assert e["fatalities_best"] is None and e["modality"] == "speculative"


def test_named_actors_beat_generic_ones_and_a_swapped_pair_stays_a_pair():
    ms = [mention("m1", "a1", "attack", actor1="JNIM", actor2="Military Forces"),
          mention("m2", "a2", "attack", actor1="Unidentified Armed Group", actor2="Military Forces"),
          mention("m3", "a3", "attack", actor1="Unidentified Armed Group", actor2="Mali")]
    e = only_event(*ms)
    assert (e["actor1"], e["actor2"]) == ("JNIM", "Mali")
    clash = [mention("m1", "a1", "armed_clash", actor1="SDF", actor2="ISIS"),
             mention("m2", "a2", "armed_clash", actor1="ISIS", actor2="SDF"),
             mention("m3", "a3", "armed_clash", actor1="ISIS", actor2=None)]
    e = only_event(*clash)
    assert (e["actor1"], e["actor2"]) == ("ISIS", "SDF")
