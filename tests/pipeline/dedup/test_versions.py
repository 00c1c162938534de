"""Stable ids, record versions and the change log across runs."""
import datetime as dt
import random

from pipeline.dedup import cluster_events
from pipeline.evaluation.synthetic_mentions import synthetic_mentions
from pipeline.tables import EVENT_CHANGES, EVENTS, to_table
from tests.pipeline.dedup.helpers import DAY, SARMIN, mention

RUN1 = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
RUN2 = dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc)


def roundtrip(events):
    """The events as the next run reads them back from Parquet."""
    return to_table(events, EVENTS).to_pylist()


def base():
    return [mention("m1", "a1"), mention("m2", "a2"), mention("m3", "a3", point=SARMIN, geonameid=2)]


def test_ids_are_identical_whatever_the_input_order():
    ms = synthetic_mentions(2000, seed=3)
    first, _ = cluster_events(ms, None, RUN1)
    random.Random(1).shuffle(ms)
    second, _ = cluster_events(ms, None, RUN1)
    assert [e["event_id"] for e in first] == [e["event_id"] for e in second]
    assert [e["mention_ids"] for e in first] == [e["mention_ids"] for e in second]


def test_an_unrelated_article_changes_no_existing_id():
    ms = synthetic_mentions(2000, seed=4)
    before = {e["event_id"]: e["mention_ids"] for e in cluster_events(ms, None, RUN1)[0]}
    extra = mention("m0", "a0", "abduction", day=dt.date(2031, 1, 1))
    after = {e["event_id"]: e["mention_ids"] for e in cluster_events(ms + [extra], None, RUN1)[0]}
    assert set(before) < set(after) and all(after[k] == v for k, v in before.items())


def test_rerun_with_previous_changes_nothing():
    events, changes = cluster_events(base(), None, RUN1)
    assert [c["change"] for c in changes] == ["added", "added"]
    again, changes2 = cluster_events(base(), roundtrip(events), RUN2)
    assert changes2 == []
    assert [(e["event_id"], e["record_version"], e["updated_at"]) for e in again] == \
           [(e["event_id"], 1, RUN1) for e in events]


def test_new_report_updates_the_event_and_keeps_its_id():
    events, _ = cluster_events(base(), None, RUN1)
    merged_id = next(e["event_id"] for e in events if e["n_mentions"] == 2)
    # "m0" sorts first, so without the previous table the derived id would change.
    later = base() + [mention("m0", "a9", fatalities_best=4)]
    again, changes = cluster_events(later, roundtrip(events), RUN2)
    updated = next(e for e in again if "m0" in e["mention_ids"])
    assert updated["event_id"] == merged_id and updated["record_version"] == 2
    assert updated["updated_at"] == RUN2
    [change] = changes
    assert change["change"] == "updated" and change["event_id"] == merged_id
    assert {"fatalities_best", "mention_ids", "n_mentions", "n_articles"} <= set(change["fields_changed"])
    to_table(changes, EVENT_CHANGES)


def test_vanished_event_is_removed_and_split_event_keeps_id_on_the_larger_part():
    events, _ = cluster_events(base(), None, RUN1)
    old = {e["event_id"]: set(e["mention_ids"]) for e in events}
    # m2 is now dated a week later (a corrected date), and the Sarmin report is withdrawn.
    ms = [mention("m1", "a1"), mention("m2", "a2", day=DAY + dt.timedelta(days=7))]
    again, changes = cluster_events(ms, roundtrip(events), RUN2)
    kinds = sorted((c["change"], c["event_id"]) for c in changes)
    kept = next(k for k, v in old.items() if v == {"m1", "m2"})
    gone = next(k for k, v in old.items() if v == {"m3"})
    new = next(e["event_id"] for e in again if e["mention_ids"] == ["m2"])
    assert kinds == sorted([("updated", kept), ("removed", gone), ("added", new)])
    assert new not in old
    assert to_table(again, EVENTS).num_rows == 2


def test_parquet_round_trip_of_rich_rows_changes_nothing(tmp_path):
    from pipeline.tables import read_table, write_table

    ms = synthetic_mentions(3000, seed=5)
    for k, m in enumerate(ms):
        m.update(quantities=[{"value": k % 7, "unit": "sorties", "text": f"{k % 7} sorties"}],
                 objects=["oil field"] if k % 3 else [], confidence=0.5 + (k % 5) / 10,
                 date_text="on Monday", actor1_type="state_forces")
    events, _ = cluster_events(ms, None, RUN1)
    write_table(to_table(events, EVENTS), tmp_path / "events.parquet")
    previous = read_table(tmp_path / "events.parquet", EVENTS).to_pylist()
    again, changes = cluster_events(ms, previous, RUN2)
    assert changes == []
    assert [e["event_id"] for e in again] == [e["event_id"] for e in events]


def test_renamed_mentions_keep_their_event_id_when_articles_and_type_match():
    events, _ = cluster_events(base(), None, RUN1)
    renamed = [dict(m, mention_id="x" + m["mention_id"]) for m in base()]
    again, changes = cluster_events(renamed, roundtrip(events), RUN2)
    assert sorted(e["event_id"] for e in again) == sorted(e["event_id"] for e in events)
    assert {c["change"] for c in changes} == {"updated"}
    assert all(c["fields_changed"] == ["mention_ids"] for c in changes)


def test_ids_do_not_depend_on_the_interpreter_hash_seed():
    import os
    import subprocess
    import sys

    script = ("import hashlib, json; from pipeline.dedup import cluster_events; "
              "from pipeline.evaluation.synthetic_mentions import synthetic_mentions; "
              "ev, _ = cluster_events(synthetic_mentions(3000, 3)); "
              "print(hashlib.sha256(json.dumps([[e['event_id'], e['mention_ids'], e['merge_reason']] "
              "for e in ev]).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1 and len(next(iter(digests))) == 65
