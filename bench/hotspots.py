"""One profiled end-to-end run: the top functions by own time, each with the stage it serves."""
from __future__ import annotations

import cProfile
import io
import pstats
import tempfile
import time
from pathlib import Path

# Source folders of the pipeline mapped to the stage names of the bench table.
STAGE_PATHS = [("pipeline/ingest/", "ingest"), ("pipeline/text.py", "sentence split"),
               ("pipeline/geo/", "toponyms"), ("pipeline/dates/", "dates"),
               ("pipeline/events/", "events"), ("pipeline/dedup/", "dedup"),
               ("pipeline/tables.py", "Parquet write"), ("pipeline/run.py", "orchestrator")]


def profile_extract(input_path: str, gazetteer, top: int = 25) -> tuple[str, dict]:
    """Profile pipeline.run.extract on one core; the report text and a summary for results."""
    from pipeline.run import extract

    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as out:
        start = time.perf_counter()
        profiler.runcall(extract, [input_path], out, gazetteer=gazetteer, workers=1)
        seconds = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    total = sum(v[2] for v in stats.stats.values()) or 1e-9
    shares = stage_shares(stats.stats, total)
    ranked = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    hot = [{"function": _name(k), "stage": stage_of(k, stats.stats), "calls": v[1],
            "own_s": round(v[2], 3), "own_pct": round(100 * v[2] / total, 1),
            "cum_s": round(v[3], 3)} for k, v in ranked]
    return _report(hot, shares, seconds, total), {"seconds": seconds, "stage_share_pct": shares,
                                                  "top": hot[:5]}


def stage_shares(raw: dict, total: float) -> dict:
    """Percent of profiled time spent inside each stage: the cumulative time of calls that enter
    the stage's modules from outside them (so nested calls are not counted twice)."""
    shares: dict[str, float] = {}
    for key, v in raw.items():
        stage = _stage_by_path(key)
        if stage is None or stage == "orchestrator":
            continue
        entering = sum(c[3] for caller, c in v[4].items() if _stage_by_path(caller) != stage)
        shares[stage] = shares.get(stage, 0.0) + entering
    return {s: round(100 * t / total, 1) for s, t in sorted(shares.items(), key=lambda kv: -kv[1])}


def _stage_by_path(key: tuple) -> str | None:
    file = key[0].replace("\\", "/")
    for path, stage in STAGE_PATHS:
        if path in file:
            return stage
    return None


def stage_of(key: tuple, raw: dict, depth: int = 12) -> str:
    """The stage a function works for: its own module, else that of its heaviest caller."""
    seen = set()
    while depth and key not in seen:
        seen.add(key)
        stage = _stage_by_path(key)
        if stage not in (None, "orchestrator"):
            return stage
        callers = raw.get(key, (0, 0, 0, 0, {}))[4]
        if not callers:
            break
        key = max(callers.items(), key=lambda kv: kv[1][3])[0]
        depth -= 1
    return "other"


def _name(key: tuple) -> str:
    file, line, func = key
    if file == "~":
        return func
    parts = Path(file).parts
    short = "/".join(parts[parts.index("site-packages") + 1:]) if "site-packages" in parts \
        else "/".join(parts[-2:])
    return f"{short}:{line}({func})"


def _report(hot: list[dict], shares: dict, seconds: float, total: float) -> str:
    buf = io.StringIO()
    buf.write(f"cProfile of pipeline.run.extract, one core: {seconds:.1f} s wall, "
              f"{total:.1f} s profiled (profiling slows the run)\n\n")
    buf.write("Share of time inside each stage (calls entering its modules, cumulative):\n")
    for stage, pct in shares.items():
        buf.write(f"  {stage:16s} {pct:5.1f} %\n")
    buf.write(f"\nTop {len(hot)} functions by own time:\n")
    buf.write(f"{'own s':>8} {'own %':>6} {'cum s':>8} {'calls':>9}  {'stage':14s} function\n")
    for h in hot:
        buf.write(f"{h['own_s']:8.3f} {h['own_pct']:6.1f} {h['cum_s']:8.3f} {h['calls']:9d}  "
                  f"{h['stage']:14s} {h['function']}\n")
    return buf.getvalue()
