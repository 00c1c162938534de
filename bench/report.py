"""The bench's figures as a printed table, results.json and the RESULTS.md table for the README."""
from __future__ import annotations

import json
from pathlib import Path

# Targets of issue 7, as ratios measured in the same run (memory in MB), and the speed goals
# the unit tests used to assert on the clock: clustering 100,000 mentions in under 10 s, and
# date resolution at 1 CPU ms per article or less (bench figures: a busy machine shows here,
# not as a failed test).
TARGETS = {"e2e_all_cores_over_spacy": 0.5, "dates_over_dateparser": 20.0, "peak_memory_mb": 1024,
           "dedup_seconds_per_100k": 10.0, "dates_cpu_ms_per_article": 1.0,
           # issue 16: a day of 100,000 articles in one run under 1 GB (the memory curve's largest)
           "peak_memory_largest_mb": 1024}


def with_rates(row: dict) -> dict:
    """A timing row with articles/s and sentences/s added."""
    s = row.get("seconds") or 0
    if s > 0 and row.get("articles"):
        row["articles_per_s"] = row["articles"] / s
        row["sentences_per_s"] = (row.get("sentences") or 0) / s
        if row.get("cpu_seconds"):
            row["articles_per_cpu_s"] = row["articles"] / row["cpu_seconds"]
    return row


def targets(results: dict) -> list[dict]:
    """Each issue-7 target with the measured value and whether it is met."""
    ratios, memory = results["ratios"], results["memory"]
    rows = [("end-to-end all cores / spaCy blank one core (faster timing)", "e2e_all_cores_over_spacy",
             ratios.get("e2e_all_cores_over_spacy"), ">="),
            ("date stage / dateparser.search_dates", "dates_over_dateparser",
             ratios.get("dates_over_dateparser"), ">="),
            ("peak memory with full gazetteer (MB)", "peak_memory_mb", memory.get("peak_mb"), "<="),
            ("dedup: seconds per 100,000 synthetic mentions", "dedup_seconds_per_100k",
             _per_100k(results.get("dedup_scale") or {}), "<="),
            ("date stage: CPU ms per article", "dates_cpu_ms_per_article",
             _ms_per(results.get("dates_same_articles") or {}), "<=")]
    curve = results.get("memory_curve") or {}
    if curve.get("articles_largest"):
        rows.append((f"peak memory at {curve['articles_largest']:,} articles, all cores (MB)",
                     "peak_memory_largest_mb", curve.get("peak_mb_largest"), "<="))
    out = []
    for label, key, value, op in rows:
        goal = TARGETS[key]
        met = None if value is None else (value >= goal if op == ">=" else value <= goal)
        out.append({"target": label, "goal": f"{op} {goal:g}", "value": value, "met": met})
    return out


def _per_100k(row: dict) -> float | None:
    """Clustering seconds scaled to 100,000 mentions (near-linear: a smaller run is scaled up)."""
    return row["seconds"] * 100_000 / row["mentions"] if row.get("mentions") and "seconds" in row else None


def _ms_per(row: dict) -> float | None:
    rate = row.get("articles_per_cpu_s")
    return 1000 / rate if rate else None


def table(results: dict) -> str:
    """The printed table: every timed row, then ratios and targets."""
    lines = [f"{'measure':44s} {'articles':>8s} {'seconds':>8s} {'art/s':>9s} {'sent/s':>10s}"
             f" {'art/CPU-s':>9s}  items"]
    rows = [*results["reference"].values(), *results["stages"], results["dates_same_articles"],
            *results["end_to_end"].values(), results["dedup_scale"]]
    for r in rows:
        if "error" in r:
            lines.append(f"{r['stage']:44s} {r['error']}")
            continue
        lines.append(f"{r['stage']:44s} {r.get('articles', 0):8d} {r['seconds']:8.2f} "
                     f"{_fmt(r.get('articles_per_s'), 9)} {_fmt(r.get('sentences_per_s'), 10)}"
                     f" {_fmt(r.get('articles_per_cpu_s'), 9)}"
                     f"  {r.get('items', '')} {r.get('items_label', '')}")
    g = results["gazetteer"]
    build = "build" if g.get("built", True) else "load in a fresh process (cache was built)"
    rebuilt = " (REBUILT: its inputs changed during the run)" if g.get("load_rebuilt") else ""
    lines += ["", f"gazetteer: {build} {_s(g.get('build_seconds'))}, load from cache "
              f"{_s(g.get('load_seconds'))}{rebuilt}, entries {g.get('size')}, extra sources "
              f"{g.get('extra_sources')}",
              f"memory: peak {_fmt(results['memory'].get('peak_mb'), 0)} MB "
              f"({results['memory'].get('basis')}); main process after the gazetteer "
              f"{_fmt(results['memory'].get('rss_after_gazetteer_mb'), 0)} MB, then "
              f"{results['memory'].get('main_mb_per_1000_articles')} MB per 1000 articles",
              "load average before the end-to-end runs (other users of the CPU): " + ", ".join(
                  f"{r['stage'][12:]} {r.get('loadavg_before')}"
                  for r in results["end_to_end"].values()), ""]
    for t in results["targets"]:
        status = {True: "MET", False: "NOT MET", None: "n/a"}[t["met"]]
        lines.append(f"{t['target']:44s} {_fmt(t['value'], 9)}  target {t['goal']:8s} {status}")
    r = results["ratios"]
    lines.append(f"per CPU-second (less sensitive to other load): end-to-end one core / spaCy "
                 f"{_fmt(r.get('e2e_one_core_over_spacy_cpu'), 0).strip()}, dates / dateparser "
                 f"{_fmt(r.get('dates_over_dateparser_cpu'), 0).strip()}")
    return "\n".join(lines)


def markdown(results: dict) -> str:
    """A short markdown table of figures and targets, for the project README."""
    m = results["machine"]
    e2e = results["end_to_end"]
    out = [f"Measured {m['date'][:10]} on {m['nproc']} cores ({m['cpu']}), {m['ram_gb']} GB RAM, "
           f"Python {m['python']}, load average {m['loadavg_start'][0]} at start "
           f"(shared machine: absolute rates are noisy, ratios less so). "
           f"Reproduce: `make bench`.", "",
           "| measure | articles | articles/s | sentences/s | output |", "|---|---:|---:|---:|---|"]
    for r in [*results["reference"].values(), *results["stages"], results["dates_same_articles"],
              *e2e.values()]:
        if "error" in r:
            out.append(f"| {r['stage']} | | | | failed: {r['error']} |")
            continue
        out.append(f"| {r['stage']} | {r['articles']:,} | {_fmt(r.get('articles_per_s'), 0)} "
                   f"| {_fmt(r.get('sentences_per_s'), 0)} "
                   f"| {r.get('items', '')} {r.get('items_label', '')} |")
    g, d = results["gazetteer"], results["dedup_scale"]
    out += memory_curve_markdown(results.get("memory_curve") or {})
    out += ["", "| target (same run) | goal | measured | status |", "|---|---|---:|---|"]
    for t in results["targets"]:
        status = {True: "met", False: "**not met**", None: "n/a"}[t["met"]]
        out.append(f"| {t['target']} | {t['goal']} | {_fmt(t['value'], 0)} | {status} |")
    hot = ", ".join(f"`{h['function']}` ({h['stage']}, {h['own_pct']} %)"
                    for h in results.get("profile", {}).get("top", [])[:3])
    mem, r = results["memory"], results["ratios"]
    loads = ", ".join(f"{x['stage'][12:]} {x.get('loadavg_before')}" for x in e2e.values())
    shares = ", ".join(f"{k} {v} %" for k, v in
                       results.get("profile", {}).get("stage_share_pct", {}).items())
    out += ["", f"Load average before the end-to-end runs: {loads} (the bench itself adds about 1; "
            "above that, other work was competing for the 2 cores). Per CPU-second, which other load disturbs less: "
            f"end-to-end one core / spaCy {_fmt(r.get('e2e_one_core_over_spacy_cpu'), 0).strip()}, "
            f"dates / dateparser {_fmt(r.get('dates_over_dateparser_cpu'), 0).strip()}.",
            f"Share of one-core end-to-end time by stage (cProfile): {shares or 'n/a'}."]
    out += [f"Peak memory {_fmt(mem.get('peak_mb'), 0).strip()} MB ({mem.get('basis')}): "
            f"main process {_fmt(mem.get('rss_after_gazetteer_mb'), 0).strip()} MB after loading "
            f"the gazetteer, then {mem.get('main_mb_per_1000_articles')} MB per 1000 articles "
            "(the rows the merge holds: every mention; the other tables are streamed to Parquet)."]
    out += [f"Gazetteer build {_s(g.get('build_seconds'))} (peak RSS "
            f"{_fmt(g.get('build_peak_rss_mb'), 0).strip()} MB), load from cache "
            f"{_s(g.get('load_seconds'))}; {d['stage']}: {d.get('error') or _s(d.get('seconds'))}.",
            f"Hot spots (cProfile, one core, own time): {hot or 'n/a'}; "
            "full list in bench/profile_top25.txt."]
    return "\n".join(out) + "\n"


def memory_curve_markdown(curve: dict) -> list[str]:
    """The memory curve as a markdown table (empty when it was not measured)."""
    if not curve.get("rows"):
        return []
    out = ["", "| memory curve: articles in one run | input MB | seconds | peak MB (basis: larger of main RSS, tree PSS) | main RSS MB | events |",
           "|---:|---:|---:|---:|---:|---:|"]
    for r in curve["rows"]:
        if "error" in r:
            out.append(f"| {r['articles_in']:,} | | | failed: {r['error']} | | |")
            continue
        out.append(f"| {r['articles']:,} | {r['input_mb']} | {_fmt(r.get('seconds'), 0).strip()} "
                   f"| {_fmt(r.get('peak_mb'), 0).strip()} | {_fmt(r.get('peak_rss_main_mb'), 0).strip()} "
                   f"| {r.get('events') or ''} |")
    if curve.get("mb_per_1000_articles") is not None:
        out.append(f"\nPeak memory grows by {curve['mb_per_1000_articles']} MB per 1000 articles "
                   "from the smallest to the largest run.")
    return out


def write(results: dict, out_dir: Path) -> list[Path]:
    """results.json and RESULTS.md in `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    js = out_dir / "results.json"
    js.write_text(json.dumps(results, indent=2, default=str) + "\n")
    md = out_dir / "RESULTS.md"
    md.write_text(markdown(results))
    return [js, md]


def _fmt(x, width: int) -> str:
    if x is None:
        return "n/a".rjust(width)
    return (f"{x:,.2f}" if x < 100 else f"{x:,.0f}").rjust(width)


def _s(x) -> str:
    return "n/a" if x is None else f"{x:.1f} s"
