"""`make bench`: throughput and memory of the pipeline beside spaCy and dateparser, in one run.

Every target is a ratio measured in this same run, because absolute times on a shared machine
are noisy. See bench/README.md for the options and how to read the output."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: make the bench package importable

from bench import corpus, memory_curve, reference, report, stages  # noqa: E402
from bench.summary import summarise  # noqa: E402
from bench.gazetteer import load_full  # noqa: E402
from bench.hotspots import profile_extract  # noqa: E402
from bench.machine import machine_info  # noqa: E402
from pipeline import dates  # noqa: E402
from pipeline.paths import shared_dir  # noqa: E402

SHARED = shared_dir()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The bench's options."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--articles", type=int, default=20_000,
                   help="articles in the replicated corpus for throughput runs (default 20000)")
    p.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "news_dev.jsonl",
                   help="JSONL corpus to replicate (default ../shared/corpus/news_dev.jsonl)")
    p.add_argument("--gazetteer", type=Path, default=SHARED / "gazetteer",
                   help="folder of extra GeoNames-format sources added to cities500 "
                        "(default ../shared/gazetteer; 'none' for cities500 alone)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="processes for the all-cores end-to-end run (default: all cores)")
    p.add_argument("--stage-budget", type=float, default=15.0,
                   help="seconds at most per one-core stage measurement (default 15)")
    p.add_argument("--e2e-budget", type=float, default=60.0,
                   help="seconds aimed at for the one-core end-to-end run (the all-cores run gets "
                        "three times that, the profiled one half); fewer articles than --articles "
                        "when the stage rates predict more (default 60)")
    p.add_argument("--dateparser-articles", type=int, default=300,
                   help="articles given to dateparser.search_dates and to our date stage (default 300)")
    p.add_argument("--profile-articles", type=int, default=2_000,
                   help="articles in the profiled end-to-end run (default 2000)")
    p.add_argument("--dedup-mentions", type=int, default=100_000,
                   help="synthetic mentions for the clustering-scale figure (default 100000)")
    p.add_argument("--cache-dir", type=Path, default=None,
                   help="gazetteer cache folder; default a new empty one, so that the build time "
                        "is measured from cold (with a built cache the build figure is a load)")
    p.add_argument("--memory-sizes", default="10000,50000,100000",
                   help="article counts of the memory curve: peak memory of the production path "
                        "(all cores) in a fresh process per size ('' to skip; default 10000,50000,100000)")
    p.add_argument("--out-dir", type=Path, default=ROOT / "bench",
                   help="folder for results.json, RESULTS.md and profile_top25.txt (default bench/)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run every measurement, print the table, write the results."""
    args = parse_args(argv)
    if not args.corpus.exists():
        print(f"error: corpus not found: {args.corpus} (set --corpus or CONFLICT_EVENTS_SHARED)",
              file=sys.stderr)
        return 2
    gaz_dir = None if str(args.gazetteer) == "none" else args.gazetteer
    began = time.perf_counter()
    results = {"machine": machine_info(), "config": {k: str(v) for k, v in vars(args).items()}}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp = Path(tmp)
        log(f"replicating {args.corpus.name} to {args.articles:,} articles")
        base = corpus.kept_by_ingest(corpus.read_records(args.corpus), tmp)
        big = corpus.write_jsonl(corpus.replicate(base, args.articles), tmp / "corpus.jsonl")
        articles, ingest_row = corpus.ingest_file(big)
        results["reference"] = measure_reference(articles, args)
        cache = args.cache_dir or tmp / "cache"
        gazetteer, results["gazetteer"] = measure_gazetteer(big, cache, gaz_dir)
        log("stages, one core each")
        results["stages"] = [ingest_row, *stages.measure_stages(articles, gazetteer,
                                                                 args.stage_budget)]
        results["dates_same_articles"] = stages.run_budgeted(
            "dates (tag_timexes), dateparser's articles", articles[:args.dateparser_articles],
            lambda a: dates.tag_timexes(a["text"], a.get("published")), float("inf"))[0]
        log(f"dedup: {args.dedup_mentions:,} synthetic mentions")
        results["dedup_scale"] = stages.measure_dedup_scale(n=args.dedup_mentions)
        per_article = sum(r["seconds"] / r["articles"] for r in results["stages"] if r["articles"])
        results["end_to_end"] = measure_end_to_end(big, len(articles), per_article, cache,
                                                   gaz_dir, args)
        # The machine's speed drifts over a run: the reference is timed again right after the
        # end-to-end runs, and the ratio is taken against the faster of its two rates.
        log("reference again: spaCy blank English + sentencizer")
        again = reference.spacy_blank_rate([a["text"] for a in articles], args.stage_budget)
        results["reference"]["spacy_again"] = dict(again, stage=again["stage"] + ", again")
        n = fit(min(len(articles), args.profile_articles), per_article * 2, args.e2e_budget / 2)
        log(f"profile: end to end, one core, {n:,} articles")
        part = corpus.write_jsonl(corpus.read_records(big)[:n], tmp / "profile.jsonl")
        profile_text, summary = profile_extract(str(part), gazetteer)
        results["profile"] = dict(summary, articles=n)
        sizes = tuple(int(x) for x in args.memory_sizes.split(",") if x.strip())
        if sizes:
            log(f"memory curve: {', '.join(f'{x:,}' for x in sizes)} articles, all cores, fresh processes")
            rows = memory_curve.measure(base, sizes, args.workers, cache, gaz_dir, tmp, subprocess_json)
            results["memory_curve"] = {"rows": rows, **memory_curve.flatness(rows)}
    summarise(results)
    results["bench_seconds"] = time.perf_counter() - began
    print(report.table(results))
    paths = report.write(results, args.out_dir)
    (args.out_dir / "profile_top25.txt").write_text(profile_text)
    print(f"\nwrote {', '.join(map(str, paths))}, {args.out_dir / 'profile_top25.txt'} "
          f"in {results['bench_seconds']:.0f} s")
    return 0


def measure_reference(articles: list[dict], args: argparse.Namespace) -> dict:
    """spaCy blank + sentencizer over the texts, dateparser over the first articles."""
    log("reference: spaCy blank English + sentencizer")
    spacy_row = reference.spacy_blank_rate([a["text"] for a in articles], args.stage_budget)
    first = articles[:args.dateparser_articles]
    log(f"reference: dateparser.search_dates over {len(first)} articles")
    return {"spacy": spacy_row, "dateparser": reference.dateparser_rate(first)}


def measure_gazetteer(big: Path, cache: Path, gaz_dir) -> tuple[object, dict]:
    """Build the index in a fresh process (cold unless --cache-dir), then load it here."""
    log("gazetteer: build in a fresh process")
    cold = not (cache.exists() and any(cache.iterdir()))
    build = subprocess_json(["--load-only"], big, 1, cache, gaz_dir)
    gazetteer, info = load_full(gaz_dir, cache)
    return gazetteer, {"cold_cache": cold, "built": build["gazetteer"].get("built"),
                       "build_seconds": build["gazetteer"]["seconds"],
                       "build_peak_rss_mb": build["peak_rss_main_mb"],
                       "load_seconds_in_bench": info["seconds"],
                       "load_in_bench_rebuilt": info.get("built"),
                       **{k: v for k, v in info.items() if k not in ("seconds", "built")}}


def measure_end_to_end(big: Path, available: int, per_article: float, cache: Path, gaz_dir,
                       args: argparse.Namespace) -> dict:
    """pipeline.run.extract on one core and on all cores, each in a fresh process as in
    production: nothing warmed by the stage runs, and clean memory figures."""
    runs = {}
    for key, label, workers in (("one_core", "one core", 1),
                                ("all_cores", f"all cores ({args.workers})", args.workers)):
        # The all-cores run is the throughput figure: it gets three budgets to reach --articles.
        budget = args.e2e_budget * (1 if workers == 1 else 3 * workers)
        n = fit(available, per_article, budget)
        part = corpus.write_jsonl(corpus.read_records(big)[:n], big.with_name(f"e2e{workers}.jsonl"))
        load = os.getloadavg()[0]
        log(f"end to end, {label}: {n:,} articles in a fresh process")
        try:
            out = subprocess_json([], part, workers, cache, gaz_dir)
        except RuntimeError as exc:  # keep the other figures of a long run
            log(str(exc))
            out = {"error": str(exc).splitlines()[-1][:200]}
        out.update(stage=f"end to end, {label}", loadavg_before=round(load, 2),
                   items=out.get("rows", {}).get("events"), items_label="events")
        runs[key] = out
    return runs


def log(message: str) -> None:
    """Progress on stderr, so the table stays clean on stdout."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def fit(available: int, seconds_per_article: float, budget: float, floor: int = 500) -> int:
    """Articles that fit a time budget at an estimated rate, at least `floor`, at most all."""
    if seconds_per_article <= 0:
        return available
    return max(min(available, floor), min(available, int(budget / seconds_per_article)))


def subprocess_json(extra: list[str], path: Path, workers: int, cache: Path, gaz_dir) -> dict:
    """Run bench.endtoend in a fresh interpreter (clean memory figures) and parse its JSON."""
    cmd = [sys.executable, "-m", "bench.endtoend", str(path), "--workers", str(workers),
           "--cache-dir", str(cache), *extra]
    if gaz_dir is not None:
        cmd += ["--gazetteer", str(gaz_dir)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    sys.exit(main())
