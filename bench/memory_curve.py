"""Peak memory of `pipeline.run.extract` against the number of articles: the production path
(all cores, full gazetteer, tables written to a folder) in a fresh process per size, over the
dev corpus replicated to each size. Flat means the run streams its rows instead of holding them.

    python -m bench.memory_curve [--sizes 10000,50000,100000] [--workers N] [--cache-dir DIR]

Run by `make bench` (bench/run.py) after the other figures; alone, it prints one JSON object."""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from pipeline.paths import shared_dir  # noqa: E402

SIZES = (10_000, 50_000, 100_000)


def measure(records: list[dict], sizes: tuple[int, ...], workers: int, cache: Path, gaz_dir,
            tmp: Path, run) -> list[dict]:
    """One end-to-end run per size (`run(extra, path, workers, cache, gaz_dir)` -> its JSON)."""
    rows = []
    for n in sizes:
        path = corpus.write_jsonl(corpus.replicate(records, n), tmp / f"memory{n}.jsonl")
        size_mb = round(path.stat().st_size / 1e6, 1)
        try:
            out = run([], path, workers, cache, gaz_dir)
        except RuntimeError as exc:
            rows.append({"articles_in": n, "error": str(exc).splitlines()[-1][:200]})
            continue
        finally:
            path.unlink(missing_ok=True)
        rows.append({"articles_in": n, "articles": out.get("articles"),
                     "input_mb": size_mb, "seconds": out.get("seconds"),
                     "peak_rss_main_mb": out.get("peak_rss_main_mb"),
                     "peak_tree_pss_mb": out.get("peak_tree_pss_mb"),
                     "rss_after_gazetteer_mb": out.get("rss_after_gazetteer_mb"),
                     "peak_mb": max(out.get("peak_rss_main_mb") or 0, out.get("peak_tree_pss_mb") or 0),
                     "events": (out.get("rows") or {}).get("events")})
    return rows


def flatness(rows: list[dict]) -> dict:
    """Growth of the peak from the smallest to the largest size, in MB per 1000 articles."""
    ok = [r for r in rows if "error" not in r and r.get("articles")]
    if len(ok) < 2:
        return {}
    lo, hi = ok[0], ok[-1]
    slope = 1000 * (hi["peak_mb"] - lo["peak_mb"]) / max(1, hi["articles"] - lo["articles"])
    return {"mb_per_1000_articles": round(slope, 2), "peak_mb_largest": round(hi["peak_mb"], 1),
            "articles_largest": hi["articles"]}


def main(argv: list[str] | None = None) -> int:
    from bench.run import subprocess_json

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default=",".join(map(str, SIZES)))
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--corpus", type=Path, default=shared_dir() / "corpus" / "news_dev.jsonl")
    p.add_argument("--gazetteer", type=Path, default=shared_dir() / "gazetteer")
    p.add_argument("--cache-dir", type=Path,
                   default=Path(os.environ.get("CONFLICT_EVENTS_CACHE") or Path.home() / ".cache" / "conflict-events"))
    args = p.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(","))
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        base = corpus.kept_by_ingest(corpus.read_records(args.corpus), tmp)
        rows = measure(base, sizes, args.workers, args.cache_dir, args.gazetteer, Path(tmp), subprocess_json)
    print(json.dumps({"rows": rows, **flatness(rows)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
