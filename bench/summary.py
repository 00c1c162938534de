"""Derived figures of a bench run: rates, gazetteer load, memory, ratios, targets."""
from __future__ import annotations

import os

from bench import report


def summarise(results: dict) -> None:
    """Rates of every row, then gazetteer load, memory, ratios and targets."""
    for row in [*results["reference"].values(), *results["stages"], results["dates_same_articles"],
                *results["end_to_end"].values()]:
        report.with_rates(row)
    fresh = results["end_to_end"]["all_cores"]
    results["gazetteer"].update(load_seconds=fresh.get("gazetteer", {}).get("seconds"),
                                load_peak_rss_mb=fresh.get("rss_after_gazetteer_mb"),
                                load_rebuilt=fresh.get("gazetteer", {}).get("built"))
    results["memory"] = memory_summary(results)
    results["ratios"] = ratios(results)
    results["targets"] = report.targets(results)
    results["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]


def memory_summary(results: dict) -> dict:
    """Peak memory of the all-cores run with the full gazetteer: the larger of the main process's
    peak RSS and the sampled total PSS of main process plus workers."""
    run = results["end_to_end"]["all_cores"]
    keys = ("peak_rss_main_mb", "peak_rss_worker_mb", "peak_tree_pss_mb", "peak_tree_rss_mb",
            "rss_after_gazetteer_mb")
    out = {k: run.get(k) for k in keys}
    basis = max(("peak_rss_main_mb", "peak_tree_pss_mb"), key=lambda k: run.get(k) or 0)
    out.update(peak_mb=run.get(basis), basis=basis)
    if run.get("articles") and run.get("peak_rss_main_mb") and run.get("rss_after_gazetteer_mb"):
        # The main process holds every row of the run: this grows with the input's size.
        out["main_mb_per_1000_articles"] = round(
            1000 * (run["peak_rss_main_mb"] - run["rss_after_gazetteer_mb"]) / run["articles"], 1)
    return out


def ratios(results: dict) -> dict:
    """The issue's ratios, each between two figures of this run (spaCy: the faster of its two
    timings, which makes our ratio the less flattering one)."""
    spacy_rows = [r for k, r in results["reference"].items() if k.startswith("spacy")]
    fastest = max(spacy_rows, key=lambda r: r.get("articles_per_s") or 0)
    spacy = fastest.get("articles_per_s")
    dp = results["reference"]["dateparser"].get("articles_per_s")
    e2e = results["end_to_end"]["all_cores"].get("articles_per_s")
    ours = results["dates_same_articles"].get("articles_per_s")
    one = results["end_to_end"]["one_core"].get("articles_per_s")
    return {"spacy_reference_articles_per_s": spacy,
            "e2e_all_cores_over_spacy": _ratio(e2e, spacy),
            "e2e_one_core_over_spacy": _ratio(one, spacy),
            "dates_over_dateparser": _ratio(ours, dp),
            # Per CPU-second: what an idle machine would show on one core.
            "e2e_one_core_over_spacy_cpu": _ratio(
                results["end_to_end"]["one_core"].get("articles_per_cpu_s"),
                fastest.get("articles_per_cpu_s")),
            "dates_over_dateparser_cpu": _ratio(
                results["dates_same_articles"].get("articles_per_cpu_s"),
                results["reference"]["dateparser"].get("articles_per_cpu_s"))}


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None
