"""End to end in a fresh process: gazetteer load, then pipeline.run.extract (the production path:
ingest, analysis in a fork pool, dedup, Parquet write), with its peak memory. Prints JSON.

Run as `python -m bench.endtoend INPUT --workers N --cache-dir DIR [--gazetteer DIR]`."""
from __future__ import annotations

import argparse
from collections import Counter
import json
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

from bench.gazetteer import load_full
from bench.machine import TreeMemorySampler, cpu_seconds, peak_children_rss_mb, peak_rss_mb


def run(input_path: str, workers: int, cache_dir: str, gazetteer_dir: str | None,
        load_only: bool = False) -> dict:
    """Timings, row counts and memory peaks of one end-to-end run."""
    with TreeMemorySampler() as memory:
        gazetteer, gaz = load_full(gazetteer_dir, cache_dir)
        result = {"gazetteer": gaz, "rss_after_gazetteer_mb": peak_rss_mb()}
        if not load_only:
            result.update(extract_timed(input_path, gazetteer, workers))
    result.update(peak_rss_main_mb=peak_rss_mb(), peak_rss_worker_mb=peak_children_rss_mb(),
                  peak_tree_pss_mb=memory.peak_pss_mb, peak_tree_rss_mb=memory.peak_rss_mb)
    return result


def extract_timed(input_path: str, gazetteer, workers: int) -> dict:
    """Seconds and row counts of pipeline.run.extract over one file, into a temporary folder."""
    from pipeline.run import extract

    with tempfile.TemporaryDirectory(prefix="bench-e2e-") as out:
        cpu, start = cpu_seconds(), time.perf_counter()
        tables = extract([input_path], out, gazetteer=gazetteer, workers=workers)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        # the returned tables are read from the published files only when asked for: the
        # counts come from the files' metadata, and only two small columns are read
        peak = peak_rss_mb()
        rows = {name: tables.rows(name) for name in tables}
        sentences = pq.read_table(Path(out) / "articles.parquet", columns=["n_sentences"])["n_sentences"]
        rejects = pq.read_table(Path(out) / "rejects.parquet", columns=["stage", "reason"]).to_pylist()
    reasons = Counter(f"{r['stage']}: {r['reason'][:100]}" for r in rejects)
    return {"reject_reasons": dict(reasons.most_common(5)), "seconds": seconds, "cpu_seconds": cpu,
            "workers": workers, "articles": rows["articles"],
            "sentences": sum(n or 0 for n in sentences.to_pylist()), "rows": rows,
            "peak_rss_main_after_run_mb": peak}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: print the run's figures as one JSON object."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("input", help="JSONL corpus file to extract")
    p.add_argument("--workers", type=int, default=1, help="analysis processes (default 1)")
    p.add_argument("--cache-dir", required=True, help="gazetteer cache folder")
    p.add_argument("--gazetteer", default=None, help="folder of extra GeoNames-format sources")
    p.add_argument("--load-only", action="store_true", help="only load the gazetteer")
    args = p.parse_args(argv)
    print(json.dumps(run(args.input, args.workers, args.cache_dir, args.gazetteer, args.load_only)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
