"""The labelled corpus: frozen blind split, references that resolve, splits by document."""
from __future__ import annotations

import json
import re

from pipeline.evaluation import corpus, records
from tests.conftest import shared_path


def test_blind_split_is_the_frozen_one():
    readme = (corpus.LABELS_DIR / "README.md").read_text(encoding="utf-8")
    recorded = re.search(r"`test.jsonl` sha256 `([0-9a-f]{64})`", readme).group(1)
    assert corpus.file_hash(corpus.LABELS_DIR / "test.jsonl") == recorded
    recorded = re.search(r"`eval/records/test.jsonl`, sha256 `([0-9a-f]{64})`", readme).group(1)
    assert corpus.file_hash(records.RECORDS_DIR / "test.jsonl") == recorded


def test_stored_labels_hold_no_shared_text():
    for name in ("train", "dev", "test", "second_pass"):
        for line in (corpus.LABELS_DIR / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            assert set(row) == {"uid", "file", "doc_id", "start", "end", "split", "stratum", "events"}
            for ev in row["events"]:
                assert isinstance(ev["trigger"], list)


def test_labels_resolve_and_splits_do_not_share_documents():
    shared_path("corpus", "news_dev.jsonl")
    rows = corpus.labelled()
    assert len(rows) >= 3000 and sum(1 for r in rows if r["events"]) >= 1200
    assert sum(1 for r in rows if r["split"] == "test") >= 600
    docs = corpus.read_documents()
    split_of_group = {}
    for r in rows:
        group = corpus.group_of(docs[r["doc_id"]])
        assert split_of_group.setdefault(group, r["split"]) == r["split"]
        for ev in r["events"]:
            s, e = ev["trigger"]
            assert r["start"] <= s < e <= r["end"] and ev["trigger_text"].strip()


def test_the_draw_is_deterministic_and_every_label_is_still_a_sentence():
    shared_path("corpus", "news_dev.jsonl")
    docs = corpus.read_documents()
    excluded = corpus.groups_seen_by_rules(docs)
    first = corpus.draw_sample(docs, 300, 100, exclude_groups=excluded)
    assert first == corpus.draw_sample(docs, 300, 100, exclude_groups=excluded)
    # Scoring looks labelled sentences up among the splitter's sentences: a splitter change
    # that moved one would silently drop it from the scores.
    from pipeline.text import split_sentences

    for row in corpus.labelled():
        spans = set(split_sentences(docs[row["doc_id"]]["text"]))
        assert (row["start"], row["end"]) in spans, row["uid"]


def test_record_gold_resolves():
    shared_path("corpus", "news_dev.jsonl")
    for split in ("dev", "test"):
        articles = records.gold_articles(split)
        assert len(articles) == 32
        for a in articles:
            for ev in a["events"]:
                assert ev["evidence"] and ev["evidence"] in a["text"]


def test_gold_place_is_geocoded_in_its_article_context():
    from pipeline.geo import load_gazetteer

    text = ("PARIS, Tenn. (AP) - A Paris woman was arrested on Friday. Henry County deputies "
            "said she lived near Puryear, Tennessee.")
    article = {"text": text}
    lat, lon = records.gold_point(article, {"place": "Paris"}, load_gazetteer())
    assert 35 < lat < 37 and -90 < lon < -87  # Paris, Tennessee, not Paris, France


def test_actor_accuracy_compares_each_gold_event_with_our_mention_of_its_type():
    from pipeline.evaluation.events import actor_accuracy

    unit = {"gold_events": [[{"type": "arrest", "trigger": [10, 18], "actor1": "local police",
                              "actor2": "four vendors"},
                             {"type": "meeting", "trigger": [40, 43], "actor1": None, "actor2": None}]]}
    ours = [[[{"event_type": "arrest", "char_start": 11, "actor1": "Police Forces", "actor2": None},
              {"event_type": "attack", "char_start": 40, "actor1": None, "actor2": None}]]]
    # the meeting is not typed right, so only the arrest counts: actor1 right, actor2 missed
    assert actor_accuracy([unit], ours) == {"mentions": 1, "actor1": 1.0, "actor2": 0.0, "both": 0.0}
