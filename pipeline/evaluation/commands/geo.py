"""`conflict-events eval geo`: geoparsing scored on LGL, TR-News and GeoVirus."""
from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.geo.cli import _common
from pipeline.paths import shared_dir


def _eval(args: argparse.Namespace) -> int:
    from pipeline.evaluation.geo import DATASETS, evaluate, format_reliability, format_table, save
    sources = args.source or ([args.gazetteer_dir] if Path(args.gazetteer_dir).exists() else [])
    from pipeline.geo import load_gazetteer
    g = load_gazetteer(sources or None, args.cache_dir)
    names = list(DATASETS) if args.dataset == "all" else [args.dataset]
    results = evaluate(Path(args.data), names, g, calibrate=args.calibrate)
    results["_config"] = {"sources": sources, "index": g.info}
    print(format_table({k: v for k, v in results.items() if not k.startswith("_")}))
    if "_score_reliability" in results:
        print(format_reliability(results["_score_reliability"]))
    print(f"saved {save(results, Path(args.out))}")
    return 0


def register(commands, evals) -> None:
    """Add `geo` to the evaluations."""
    e = evals.add_parser("geo", help="score geoparsing on LGL, TR-News, GeoVirus",
                         description="Gold-span resolution (exact id, within 161 km, mean/median km) "
                         "and recognition precision/recall; prints a table and saves JSON.")
    e.add_argument("--dataset", choices=["lgl", "trnews", "geovirus", "all"], default="all",
                   help="which development set (default: all)")
    e.add_argument("--data", default=str(shared_dir() / "dev" / "geo"), metavar="DIR",
                   help="folder of lgl.xml, TR-News.xml, GeoVirus.xml (default: SHARED/dev/geo, SHARED being $CONFLICT_EVENTS_SHARED or ../shared)")
    e.add_argument("--gazetteer-dir", default=str(shared_dir() / "gazetteer"), metavar="DIR",
                   help="GeoNames dumps loaded when no --source is given, if the folder exists "
                        "(default: SHARED/gazetteer)")
    e.add_argument("--out", default="eval/results", metavar="DIR", help="folder for geo.json")
    e.add_argument("--calibrate", action="store_true",
                   help="first fit the score's calibration on the even-numbered documents of the "
                        "sets and write pipeline/geo/data/score_calibration.json (the reliability "
                        "curve is always reported on the odd-numbered ones)")
    _common(e)
    e.set_defaults(func=_eval)
