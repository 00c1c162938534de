"""Scores of gold-span resolution and of recognition on LGL, TR-News and GeoVirus."""
from __future__ import annotations

import json
import statistics
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from pipeline.geo.resolve import distances_km

DATASETS = {"lgl": "lgl.xml", "trnews": "TR-News.xml", "geovirus": "GeoVirus.xml"}
KM_161 = 161.0  # 100 miles, the field's usual threshold


def read_corpus(path: Path) -> list[dict]:
    """Articles as {id, text, toponyms: [{start, end, geonameid, lat, lon}]} (both XML shapes)."""
    docs = []
    for n, art in enumerate(ET.parse(path).getroot()):
        text = art.findtext("text") or ""
        gold = []
        for t in art.iter():
            if t.tag not in ("toponym", "location"):
                continue
            tag = t.find("gaztag")
            node = tag if tag is not None else t
            lat, lon = node.findtext("lat"), node.findtext("lon")
            if lat is None or lon is None or t.findtext("start") is None:
                continue
            gid = tag.get("geonameid") if tag is not None else None
            start, end = _aligned(text, int(t.findtext("start")), int(t.findtext("end")),
                                  t.findtext("phrase") or t.findtext("name"))
            gold.append({"start": start, "end": end,
                         "geonameid": int(gid) if gid else None, "lat": float(lat), "lon": float(lon)})
        docs.append({"id": art.get("docid") or str(n), "text": text, "toponyms": gold})
    return docs


def _aligned(text: str, start: int, end: int, phrase: str | None) -> tuple[int, int]:
    """Offsets that really hold the gold phrase: GeoVirus' are shifted by one character."""
    if not phrase or text[start:end] == phrase:
        return start, end
    window_start = max(0, start - 5)
    found = text.find(phrase, window_start, end + 5 + len(phrase))
    return (found, found + len(phrase)) if found >= 0 else (start, end)


def score_resolution(docs: list[dict], gazetteer) -> dict:
    """Gold-span mode: exact id accuracy, accuracy within 161 km, mean/median error."""
    from pipeline.geo import geoparse_spans
    errors, exact, with_id, unresolved = [], 0, 0, 0
    t0 = time.time()
    for d in docs:
        spans = [(t["start"], t["end"]) for t in d["toponyms"]]
        rows = geoparse_spans(d["text"], spans, gazetteer, d["id"])
        for t, r in zip(d["toponyms"], rows):
            if t["geonameid"] is not None:
                with_id += 1
                exact += r.get("geonameid") == t["geonameid"]
            if r.get("geonameid") is None:
                unresolved += 1
                errors.append(20039.0)  # half the circumference: the worst possible miss
                continue
            errors.append(float(distances_km(t["lat"], t["lon"], r["latitude"], r["longitude"])))
    n = len(errors)
    err = np.asarray(errors)
    return {"toponyms": n, "exact_id_accuracy": round(exact / with_id, 4) if with_id else None,
            "acc_161km": round(float((err <= KM_161).mean()), 4) if n else None,
            "mean_km": round(float(err.mean()), 1) if n else None,
            "median_km": round(float(np.median(err)), 1) if n else None,
            "unresolved": unresolved, "seconds": round(time.time() - t0, 2)}


def score_recognition(docs: list[dict], gazetteer) -> dict:
    """Recognition precision/recall: exact span match, and overlap match."""
    from pipeline.geo import geoparse
    tp = tp_overlap = n_pred = n_gold = 0
    t0 = time.time()
    for d in docs:
        pred = [(r["char_start"], r["char_end"]) for r in geoparse(d["text"], gazetteer, d["id"])]
        gold = [(t["start"], t["end"]) for t in d["toponyms"]]
        n_pred, n_gold = n_pred + len(pred), n_gold + len(gold)
        gset = set(gold)
        tp += sum(p in gset for p in pred)
        tp_overlap += sum(any(p[0] < g[1] and g[0] < p[1] for g in gold) for p in pred)
    seconds = time.time() - t0
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "precision_overlap": round(tp_overlap / n_pred, 4) if n_pred else 0.0,
            "ms_per_article": round(1000 * seconds / max(1, len(docs)), 3)}


def evaluate(folder: Path, names: list[str], gazetteer) -> dict:
    """Both scores for each named dataset found in `folder`."""
    out = {}
    for name in names:
        path = Path(folder) / DATASETS[name]
        if not path.exists():
            out[name] = {"error": f"{path} not found"}
            continue
        docs = read_corpus(path)
        out[name] = {"articles": len(docs), "resolution": score_resolution(docs, gazetteer),
                     "recognition": score_recognition(docs, gazetteer)}
    return out


def format_table(results: dict) -> str:
    """A plain-text table of the results."""
    head = f"{'dataset':9s} {'topo':>5s} {'exact':>6s} {'@161km':>7s} {'mean km':>8s} {'med km':>7s} {'rec P':>6s} {'rec R':>6s} {'ms/art':>7s}"
    lines = [head]
    for name, r in results.items():
        if "error" in r:
            lines.append(f"{name:9s} {r['error']}")
            continue
        s, c = r["resolution"], r["recognition"]
        exact = f"{s['exact_id_accuracy']:6.3f}" if s["exact_id_accuracy"] is not None else "   n/a"
        lines.append(f"{name:9s} {s['toponyms']:5d} {exact} {s['acc_161km']:7.3f} "
                     f"{s['mean_km']:8.1f} {s['median_km']:7.1f} {c['precision']:6.3f} {c['recall']:6.3f} "
                     f"{c['ms_per_article']:7.2f}")
    return "\n".join(lines)


def save(results: dict, out_dir: Path) -> Path:
    """Write eval/results/geo.json (or OUT_DIR/geo.json)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "geo.json"
    path.write_text(json.dumps(results, indent=1))
    return path
