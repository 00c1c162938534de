"""The dedup commands: `eval dedup` writes its JSON, `dedup-bench` runs."""
import json

from pipeline.cli import main
from pipeline.evaluation.dedup import load_gold


def test_eval_dedup_oracle_meets_the_target(tmp_path, capsys):
    assert main(["eval", "dedup", "--mode", "oracle", "--out", str(tmp_path)]) == 0
    result = json.loads((tmp_path / "dedup.json").read_text())
    assert result["articles"] >= 40
    assert result["oracle"]["pairwise"]["f1"] >= result["target_pairwise_f1"] == 0.9
    assert "oracle" in capsys.readouterr().out


def test_gold_set_is_well_formed():
    gold = load_gold()
    clusters = {e["cluster"] for a in gold for e in a["events"]}
    assert len(gold) >= 40 and len(clusters) >= 20
    for article in gold:
        for event in article["events"]:
            assert event["evidence"] in article["text"], (article["id"], event["evidence"])
    # The set is about merging: most events are told by more than one article.
    told = {}
    for article in gold:
        for event in article["events"]:
            told.setdefault(event["cluster"], set()).add(article["id"])
    assert sum(len(a) > 1 for a in told.values()) >= len(told) / 2


def test_dedup_bench_runs_on_a_small_sample(capsys):
    assert main(["dedup-bench", "--mentions", "500", "--seed", "1"]) == 0
    assert "500 mentions ->" in capsys.readouterr().out
