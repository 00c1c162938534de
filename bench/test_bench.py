"""Smoke test of the benchmark on a tiny corpus (run with `pytest bench`; not part of `make test`)."""
from __future__ import annotations

import json
import os
from pathlib import Path

from bench import corpus, report
from bench import run as run_module
from bench.run import fit, main
from tests.conftest import shared_path

# The developer's gazetteer cache, so the smoke test builds the index at most once.
CACHE = Path(os.environ.get("CONFLICT_EVENTS_CACHE") or Path.home() / ".cache" / "conflict-events")


def test_replicate_gives_distinct_ids_and_texts():
    base = [{"id": "a", "text": "One."}, {"id": "b", "text": "Two."}]
    out = corpus.replicate(base, 5)
    assert [r["id"] for r in out] == ["a", "b", "a~1", "b~1", "a~2"]
    assert len({r["text"] for r in out}) == 5
    assert out[0] == base[0]


def test_fit_caps_by_budget_with_a_floor():
    assert fit(20_000, 0.0, 60) == 20_000
    assert fit(20_000, 0.01, 60) == 6_000
    assert fit(20_000, 1.0, 60) == 500
    assert fit(300, 1.0, 60) == 300


def test_targets_compare_in_the_right_direction():
    results = {"ratios": {"e2e_all_cores_over_spacy": 0.7, "dates_over_dateparser": 12.0},
               "memory": {"peak_mb": 2048}, "dedup_scale": {"mentions": 20_000, "seconds": 1.0},
               "dates_same_articles": {"articles_per_cpu_s": 500.0}}
    assert [t["met"] for t in report.targets(results)] == [True, False, False, True, False]
    assert [t["value"] for t in report.targets(results)][3:] == [5.0, 2.0]
    results["ratios"]["dates_over_dateparser"] = None
    results["dedup_scale"] = {"error": "n/a"}
    assert report.targets(results)[1]["met"] is None and report.targets(results)[3]["met"] is None


def _small_run(tmp_path, articles: int = 120) -> int:
    news = shared_path("corpus", "news_dev.jsonl")
    gaz = shared_path("gazetteer")
    return main(["--articles", str(articles), "--corpus", str(news), "--gazetteer", str(gaz),
                 "--stage-budget", "1", "--e2e-budget", "2", "--dateparser-articles", "5",
                 "--profile-articles", "40", "--dedup-mentions", "2000", "--memory-sizes", "60,120",
                 "--out-dir", str(tmp_path),
                 "--cache-dir", str(CACHE)])


def test_failed_parallel_run_is_reported_not_fatal(tmp_path, monkeypatch):
    real = run_module.subprocess_json

    def failing(extra, path, workers, *args):
        if not extra and workers > 1:
            raise RuntimeError("worker crashed\nMemoryError: boom")
        return real(extra, path, workers, *args)

    monkeypatch.setattr(run_module, "subprocess_json", failing)
    assert _small_run(tmp_path, 60) == 0
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["end_to_end"]["all_cores"]["error"] == "MemoryError: boom"
    assert results["end_to_end"]["one_core"]["articles"] == 60
    assert [t["met"] for t in results["targets"]][0] is None


def test_small_bench_writes_every_output(tmp_path):
    assert _small_run(tmp_path) == 0
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["stages"][0]["articles"] == 120  # every copy survives ingest
    assert results["end_to_end"]["all_cores"]["articles"] == 120
    assert results["reference"]["dateparser"]["articles"] == 5
    assert results["memory"]["peak_mb"] > 0
    assert {t["target"] for t in results["targets"]} and results["machine"]["nproc"] >= 1
    profile = (tmp_path / "profile_top25.txt").read_text().splitlines()
    assert any("by own time" in line for line in profile)
    assert "| target (same run) |" in (tmp_path / "RESULTS.md").read_text()


def test_ratio_divides_by_the_faster_spacy_timing():
    from bench.summary import ratios

    results = {"reference": {"spacy": {"articles_per_s": 1000.0, "articles_per_cpu_s": 1000.0},
                             "spacy_again": {"articles_per_s": 2000.0, "articles_per_cpu_s": 1900.0},
                             "dateparser": {"articles_per_s": 50.0}},
               "end_to_end": {"all_cores": {"articles_per_s": 800.0},
                              "one_core": {"articles_per_s": 400.0, "articles_per_cpu_s": 380.0}},
               "dates_same_articles": {"articles_per_s": 1500.0}}
    r = ratios(results)
    assert r["e2e_all_cores_over_spacy"] == 0.4 and r["spacy_reference_articles_per_s"] == 2000.0
    assert r["e2e_one_core_over_spacy_cpu"] == 0.2
