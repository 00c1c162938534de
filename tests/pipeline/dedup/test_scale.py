"""Clustering stays accurate on synthetic mentions (its speed is a `make bench` figure:
"dedup: seconds per 100,000 synthetic mentions")."""
from pipeline.dedup import cluster_events
from pipeline.evaluation.cluster_metrics import bcubed_scores, pairwise_scores
from pipeline.evaluation.synthetic_mentions import synthetic_mentions


def test_twenty_thousand_mentions_cluster_well():
    ms = synthetic_mentions(20_000, seed=7)
    events, _ = cluster_events(ms)
    event_of = {mid: e["event_id"] for e in events for mid in e["mention_ids"]}
    gold = [m["gold_event"] for m in ms]
    predicted = [event_of[m["mention_id"]] for m in ms]
    assert pairwise_scores(gold, predicted)["f1"] > 0.9
    assert bcubed_scores(gold, predicted)["f1"] > 0.9


def test_metrics_on_a_known_case():
    gold, predicted = [1, 1, 1, 2, 2], ["x", "x", "y", "y", "y"]
    pw = pairwise_scores(gold, predicted)
    assert (pw["true_pairs"], pw["predicted_pairs"], pw["gold_pairs"]) == (2, 4, 4)
    b3 = bcubed_scores(gold, predicted)
    assert abs(b3["precision"] - (2 * 1 + 1 / 3 + 2 * 2 / 3) / 5) < 1e-9
