"""The hand-written gold expressions (tests/data/dates/gold.yaml) and their scores."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from pipeline.dates.periods import month_bounds
from pipeline.dates.timexes import tag_timexes

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def load_gold(path: str | Path) -> list[dict]:
    """Cases: id, split ('tune' | 'report' | 'real'), published, text and gold [{start, end, text, value}]."""
    cases = []
    for group in yaml.safe_load(Path(path).read_text(encoding="utf-8")):
        published = dt.date.fromisoformat(group["published"]) if group["published"] else None
        for case_id, text, expressions in group["items"]:
            gold = []
            for surface, value in expressions.items():
                start = text.index(surface)
                gold.append({"start": start, "end": start + len(surface), "text": surface,
                             "value": value})
            split = ("real" if case_id.startswith("R") else
                     "report" if int(re.sub(r"\D", "", case_id)) % 2 else "tune")
            cases.append({"id": case_id, "split": split, "published": published, "text": text,
                          "gold": gold})
    return cases


def value_bounds(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day an ISO value (day, week, month, year or start/end range) covers."""
    if value is None:
        return None
    if "/" in value:
        a, b = value.split("/")
        return dt.date.fromisoformat(a), dt.date.fromisoformat(b)
    week = _WEEK.match(value)
    if week:
        monday = dt.date.fromisocalendar(int(week[1]), int(week[2]), 1)
        return monday, monday + dt.timedelta(days=6)
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts), dt.date(*parts)
    if len(parts) == 2:
        return month_bounds(*parts)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def within_precision(predicted: str | None, gold: str | None) -> bool:
    """Right at the coarser of the two precisions: one period contains the other."""
    p, g = value_bounds(predicted), value_bounds(gold)
    if p is None or g is None:
        return p is None and g is None
    return (p[0] <= g[0] and g[1] <= p[1]) or (g[0] <= p[0] and p[1] <= g[1])


def score_cases(cases: list[dict]) -> tuple[dict, list[dict]]:
    """Exact and within-precision accuracy, detection recall and spurious expressions; errors."""
    n = exact = within = detected = spurious = 0
    errors = []
    for case in cases:
        predicted = tag_timexes(case["text"], case["published"])
        for g in case["gold"]:
            n += 1
            hit = next((p for p in predicted if p["start"] < g["end"] and g["start"] < p["end"]), None)
            value = hit["value"] if hit else None
            detected += hit is not None
            ok = hit is not None and value == g["value"]
            exact += ok
            within += hit is not None and within_precision(value, g["value"])
            if not ok:
                errors.append({"id": case["id"], "gold": g["text"], "gold_value": g["value"],
                               "found": hit["text"] if hit else None, "value": value})
        for p in predicted:
            if not any(p["start"] < g["end"] and g["start"] < p["end"] for g in case["gold"]):
                spurious += 1
                errors.append({"id": case["id"], "gold": None, "gold_value": None,
                               "found": p["text"], "value": p["value"]})
    return {"expressions": n, "exact_accuracy": exact / n if n else None,
            "within_precision_accuracy": within / n if n else None,
            "detection_recall": detected / n if n else None, "spurious": spurious}, errors
