"""`conflict-events eval dedup` and `conflict-events dedup-bench`."""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from pipeline.paths import shared_dir

_MODES = ("pipeline", "oracle", "degraded")


def _default_geonames() -> list[str] | None:
    """The development gazetteer dumps, as `eval geo` uses them, when they are beside the clone."""
    folder = shared_dir() / "gazetteer"
    return [str(folder)] if folder.exists() else None


def register(commands, evals) -> None:
    """Add the dedup evaluation and the clustering benchmark to the command line."""
    p = evals.add_parser(
        "dedup", help="score cross-article deduplication on the labelled dedup set",
        description="Cluster the mentions of a labelled set of articles and report pairwise and "
        "B-cubed precision/recall/F1 against gold event clusters. 'pipeline' runs the real stages "
        "(ingest, geoparse, extraction, dates) and scores the mentions aligned to a gold evidence "
        "substring (rows '+gold STAGE' repeat it with one stage's columns set to gold values, to "
        "show which stage costs most); 'oracle' gives each gold event its gold attributes, so it scores clustering "
        "alone; 'degraded' is the oracle with typical extraction losses, averaged over 20 seeds.")
    p.add_argument("--gold", default=None, metavar="JSONL",
                   help="labelled articles (default: tests/data/dedup/dedup_gold.jsonl)")
    p.add_argument("--mode", choices=_MODES + ("all",), default="all",
                   help="which mentions to cluster (default: all three)")
    p.add_argument("--geonames", action="append", default=None, metavar="PATH",
                   help="extra gazetteer source passed to pipeline.geo.load_gazetteer "
                   "(repeatable; default: SHARED/gazetteer when it exists, SHARED being "
                   "$CONFLICT_EVENTS_SHARED or ../shared)")
    p.add_argument("--errors", action="store_true", help="also print every wrong and missed merge")
    p.add_argument("--out", default="eval/results", metavar="DIR",
                   help="folder for dedup.json (default: eval/results)")
    p.set_defaults(func=run_eval)
    b = commands.add_parser(
        "dedup-bench", help="time the clustering of synthetic mentions",
        description="Generate synthetic mentions (pipeline.evaluation.synthetic_mentions) and time "
        "cluster_events over them; prints seconds, mentions/s and scores against the synthetic truth.")
    b.add_argument("--mentions", type=int, default=100_000, metavar="N",
                   help="number of synthetic mentions (default: 100000)")
    b.add_argument("--seed", type=int, default=0, help="random seed of the generator (default: 0)")
    b.set_defaults(func=run_bench)


def _row(name: str, r: dict) -> str:
    pw, b3 = r["pairwise"], r["bcubed"]
    if pw is None:
        return f"{name:14s} {r['n_mentions']:8d} {'n/a: no mention aligned to a gold event':>40s}"
    return (f"{name:14s} {r['n_mentions']:8d} {r['n_gold_clusters']:6d} {r['n_predicted_clusters']:7.0f} "
            f"{pw['precision']:6.3f} {pw['recall']:6.3f} {pw['f1']:6.3f} {b3['f1']:6.3f}")


def run_eval(args: argparse.Namespace) -> int:
    """Score the modes asked for, print a table and write dedup.json."""
    from pipeline.evaluation import dedup as evaluate

    gold_path = Path(args.gold) if args.gold else evaluate.GOLD_PATH
    gold = evaluate.load_gold(gold_path)
    modes = _MODES if args.mode == "all" else (args.mode,)
    oracle = evaluate.oracle_mentions(gold)
    shown = gold_path.resolve()
    root = evaluate.GOLD_PATH.parents[3]
    shown = shown.relative_to(root) if shown.is_relative_to(root) else shown  # no machine paths
    results: dict[str, Any] = {"gold": str(shown), "articles": len(gold), "target_pairwise_f1": 0.9}
    errors = {}
    if "pipeline" in modes:
        from pipeline import geo

        pairs, counts, gold_of = evaluate.pipeline_mentions(gold, geo.load_gazetteer(args.geonames or _default_geonames()), gold_path)
        results["pipeline"] = {**counts, **evaluate.score(pairs)}
        errors["pipeline"] = evaluate.errors(pairs)
        if gold_of:  # which stage's errors cost most: give it gold values, one stage at a time
            results["pipeline_with_gold"] = {
                stage: evaluate.score(evaluate.with_gold(pairs, gold_of, stage))
                for stage in evaluate.STAGE_FIELDS}
    if "oracle" in modes:
        results["oracle"] = evaluate.score(oracle)
        errors["oracle"] = evaluate.errors(oracle)
    if "degraded" in modes:
        results["degraded"] = evaluate.degraded_score(oracle)
    print(f"dedup set: {len(gold)} articles, {len(oracle)} gold event mentions, "
          f"{len({c for _, c in oracle})} gold events")
    print(f"{'mentions':14s} {'scored':>8s} {'gold':>6s} {'events':>7s} {'pw P':>6s} {'pw R':>6s} "
          f"{'pw F1':>6s} {'B3 F1':>6s}")
    for mode in modes:
        print(_row(mode, results[mode]))
        for stage, r in results.get(f"{mode}_with_gold", {}).items():
            print(_row(f" +gold {stage}", r))
    if "pipeline" in results:
        c = results["pipeline"]
        print(f"pipeline alignment: {c['gold_events_found']}/{c['gold_events']} gold events found, "
              f"{c['mentions_aligned']}/{c['mentions']} mentions aligned to a gold event")
    if args.errors:
        for mode, lines in errors.items():
            print(f"-- {mode}: {len(lines)} pair errors")
            print("\n".join(lines))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "dedup.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"-> {out / 'dedup.json'}")
    return 0


def run_bench(args: argparse.Namespace) -> int:
    """Time cluster_events on synthetic mentions."""
    from pipeline.dedup import cluster_events
    from pipeline.evaluation.cluster_metrics import bcubed_scores, pairwise_scores
    from pipeline.evaluation.synthetic_mentions import synthetic_mentions

    mentions = synthetic_mentions(args.mentions, args.seed)
    start = time.perf_counter()
    events, _ = cluster_events(mentions)
    seconds = time.perf_counter() - start
    event_of = {mid: e["event_id"] for e in events for mid in e["mention_ids"]}
    gold = [m["gold_event"] for m in mentions]
    predicted = [event_of[m["mention_id"]] for m in mentions]
    print(f"{len(mentions)} mentions -> {len(events)} events in {seconds:.2f} s "
          f"({len(mentions) / seconds:,.0f} mentions/s); synthetic truth: "
          f"pairwise F1 {pairwise_scores(gold, predicted)['f1']:.3f}, "
          f"B-cubed F1 {bcubed_scores(gold, predicted)['f1']:.3f}")
    return 0
