"""`conflict-events eval records`: the `events` table against ACLED-style gold records of whole
real articles (`eval/records/{dev,test}.jsonl`, coded as docs/ANNOTATION.md says, before the
pipeline was run on them).

Per article, predicted events are matched one-to-one to gold records (greedy, best first) when
their type groups agree (ACLED's event type; our types outside ACLED each their own group),
their places agree (same name, or within 25 km once the gold place is geocoded in the article's
context) or either has no place, and their dates overlap or either is undated. Reported: event
precision and recall, the share of gold records split over several predicted events, and
per-field accuracy on matched pairs (exact type, actors, day, place within 25 km, fatalities,
modality)."""
from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

from rapidfuzz import fuzz

from pipeline.evaluation import corpus
from pipeline.events.taxonomy import unnamed_actor1

RECORDS_DIR = Path(__file__).resolve().parents[2] / "eval" / "records"
PLACE_KM = 25.0
NAME_SIMILARITY = 85


def gold_articles(split: str, folder: Path = RECORDS_DIR, root: Path | None = None) -> list[dict]:
    """Gold articles of a split with their text and records, fields read back from ../shared."""
    docs = corpus.read_documents(root)
    out = []
    for line in (folder / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        doc = docs[row["doc_id"]]
        text = doc["text"]
        events = []
        for ev in row["events"]:
            ev = dict(ev)
            for field in ("actor1", "actor2", "place", "place_context", "claimant", "evidence"):
                ev[field] = corpus.field_text(ev.get(field), text)
            events.append(ev)
        out.append({"doc_id": row["doc_id"], "title": doc.get("title"), "text": text,
                    "published": doc.get("published"), "url": doc.get("url"),
                    "source": doc.get("source"), "events": events})
    return out


def type_group(kind: str | None) -> str | None:
    from pipeline.events.taxonomy import type_columns

    if kind is None:
        return None
    acled = type_columns(kind)["acled_event_type"]
    return acled if acled and kind not in ("meeting", "other") else kind


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    from pipeline.geo.distance import distances_km

    return float(distances_km(a[0], a[1], b[0], b[1]))


def _day(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _norm(name: str | None) -> str:
    return " ".join((name or "").lower().replace("al-", "").replace("the ", "").split())


def gold_point(article: dict, ev: dict, gazetteer, context: list[tuple[int, int]] | None = None
               ) -> tuple[float, float] | None:
    """The gold place geocoded in its article's context: resolved together with the toponyms
    the geo stage recognises in the rest of the article (gold-span mode; `context`, that list of
    spans, when the caller already has it), so that "Paris" in a Tennessee police report is read
    as the pipeline would read any place there, not alone."""
    from pipeline import geo

    if not ev.get("place"):
        return None
    start = article["text"].find(ev["place"])
    if start < 0:
        return None
    end = start + len(ev["place"])
    if context is None:
        context = recognised_spans(article["text"], gazetteer)
    others = [(s, e) for s, e in context if e <= start or s >= end]
    r = geo.geoparse_spans(article["text"], [(start, end)] + others, gazetteer)[0]
    if r is not None and r.get("latitude") is not None:
        return (r["latitude"], r["longitude"])
    return None


def recognised_spans(text: str, gazetteer) -> list[tuple[int, int]]:
    """(start, end) of the toponyms the geo stage recognises in a text."""
    from pipeline import geo

    return [(r["char_start"], r["char_end"]) for r in geo.geoparse(text, gazetteer)]


def _places_agree(pred: dict, gold: dict, point) -> bool | None:
    """True / False, or None when either side has no place (not counted against a match)."""
    if not gold.get("place") or not (pred.get("place_name") or pred.get("place")):
        return None
    names = [_norm(pred.get("place_name")), _norm(pred.get("place"))]
    if any(n and fuzz.ratio(n, _norm(gold["place"])) >= NAME_SIMILARITY for n in names):
        return True
    if point is not None and pred.get("latitude") is not None:
        return _km((pred["latitude"], pred["longitude"]), point) <= PLACE_KM
    return False


def _dates_overlap(pred: dict, gold: dict) -> bool | None:
    gs, ge = _day(gold.get("date_start")), _day(gold.get("date_end") or gold.get("date_start"))
    ps, pe = _day(pred.get("date_start")), _day(pred.get("date_end") or pred.get("date_start"))
    if gs is None or ps is None:
        return None
    return ps <= ge and gs <= pe


def _actor_right(pred: str | None, gold: str | None, kind: str | None = None) -> bool:
    """Same side named: both empty, or the names overlap (token-set similarity), so that
    "Russia" matches "Russian warplanes" and "YPG" matches "the YPG". A gold actor1 the text
    does not name agrees with the type's conventional actor (`unnamed_actor1` in taxonomy.yaml,
    given for an actor1 when `kind` is the event type): the gold is read through the same
    convention as the table, as its text is read through the same actor dictionary."""
    if not gold and not pred:
        return True
    if not gold and kind is not None and pred == unnamed_actor1().get(kind, (None,))[0]:
        return True
    if not gold or not pred:
        return False
    if pred in _canonical_names(gold):
        # The gold is written as in the text ("a 33-year-old man", "Syrian government
        # warplanes"), the table holds canonical actors (Civilians, Syria): the gold text read
        # through the same actor dictionary compares like with like, as ACLED's actor names do.
        return True
    a, b = _norm(pred), _norm(gold)
    return fuzz.token_set_ratio(a, b) >= 80 or fuzz.partial_ratio(a[:5], b) >= 90


def _canonical_names(text: str) -> set[str]:
    from pipeline.events.actors import find_actors

    return {a["name"] for a in find_actors(text)}


def match_article(article: dict, predicted: list[dict], gazetteer) -> dict:
    """One-to-one matches of an article's predicted events and gold records, and the fields."""
    gold = article["events"]
    context = recognised_spans(article["text"], gazetteer) if any(g.get("place") for g in gold) else []
    points = [gold_point(article, g, gazetteer, context) for g in gold]
    pairs = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            if type_group(p.get("event_type")) != type_group(g["type"]):
                continue
            place = _places_agree(p, g, points[j])
            date = _dates_overlap(p, g)
            if place is False or date is False:
                continue
            score = 2 * (p.get("event_type") == g["type"]) + (place is True) + (date is True)
            pairs.append((score, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_p, used_g, matches = set(), set(), []
    compatible_g: dict[int, set[int]] = {}
    for _, i, j in pairs:
        compatible_g.setdefault(j, set()).add(i)
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matches.append((i, j))
    split = sum(1 for j, ps in compatible_g.items() if len(ps) > 1)
    fields = []
    for i, j in matches:
        p, g = predicted[i], gold[j]
        place = _places_agree(p, g, points[j])
        gs, ps = _day(g.get("date_start")), _day(p.get("date_start"))
        exact_day = (g.get("date_precision") == "day" and p.get("date_precision") == "day"
                     and gs == ps)
        fields.append({
            "type": p.get("event_type") == g["type"],
            "actors": _actor_right(p.get("actor1"), g.get("actor1"), g["type"])
            and _actor_right(p.get("actor2"), g.get("actor2")),
            "actor1": _actor_right(p.get("actor1"), g.get("actor1"), g["type"]),
            "day": exact_day if g.get("date_precision") == "day" else None,
            "place": place,
            "fatalities": (p.get("fatalities_best") or None) == (g.get("fatalities") or None),
            "modality": p.get("modality") == g.get("modality"),
        })
    return {"predicted": len(predicted), "gold": len(gold), "matched": len(matches),
            "gold_split": split, "fields": fields}


def predict(articles: list[dict], gazetteer) -> dict[str, list[dict]]:
    """The events table of a pipeline run over the articles, rows grouped by article."""
    from pipeline.run import extract

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for a in articles:
                f.write(json.dumps({"id": a["doc_id"], "title": a.get("title"), "text": a["text"],
                                    "published": a.get("published"), "url": a.get("url"),
                                    "source": a.get("source")}) + "\n")
        tables = extract([path], None, gazetteer=gazetteer,
                         now=dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc))
    doc_of = dict(zip(tables["articles"].column("article_id").to_pylist(),
                      tables["articles"].column("source_id").to_pylist()))
    out: dict[str, list[dict]] = {}
    for e in tables["events"].to_pylist():
        for aid in e["article_ids"]:
            out.setdefault(doc_of.get(aid), []).append(e)
    return out


def score(split: str, gazetteer=None, folder: Path = RECORDS_DIR, root: Path | None = None) -> dict:
    from pipeline import geo

    gazetteer = gazetteer or geo.load_gazetteer()
    articles = gold_articles(split, folder, root)
    predicted = predict(articles, gazetteer)
    totals = {"predicted": 0, "gold": 0, "matched": 0, "gold_split": 0}
    fields: dict[str, list[bool]] = {}
    per_article = []
    for a in articles:
        r = match_article(a, predicted.get(a["doc_id"], []), gazetteer)
        for k in totals:
            totals[k] += r[k]
        for f in r["fields"]:
            for k, v in f.items():
                if v is not None:
                    fields.setdefault(k, []).append(bool(v))
        per_article.append({"doc_id": a["doc_id"], **{k: r[k] for k in totals}})
    p = totals["matched"] / totals["predicted"] if totals["predicted"] else 0.0
    rc = totals["matched"] / totals["gold"] if totals["gold"] else 0.0
    return {"split": split, "articles": len(articles), **totals,
            "precision": round(p, 3), "recall": round(rc, 3),
            "f1": round(2 * p * rc / (p + rc), 3) if p + rc else 0.0,
            "split_rate": round(totals["gold_split"] / totals["gold"], 3) if totals["gold"] else 0.0,
            "field_accuracy": {k: {"accuracy": round(sum(v) / len(v), 3), "n": len(v)}
                               for k, v in sorted(fields.items())},
            "per_article": per_article}


def table(result: dict) -> str:
    lines = [f"== records ({result['split']} split): {result['articles']} articles, "
             f"{result['gold']} gold events, {result['predicted']} predicted",
             f"event precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
             f"F1 {result['f1']:.3f}  split rate {result['split_rate']:.3f}",
             "field accuracy on matched events:"]
    for k, v in result["field_accuracy"].items():
        lines.append(f"  {k:12s} {v['accuracy']:.3f} (n={v['n']})")
    return "\n".join(lines)


def register(commands, evals) -> None:
    p = evals.add_parser(
        "records", help="score the events table against ACLED-style gold records of articles",
        description=__doc__)
    p.add_argument("--split", choices=("test", "dev"), default="test",
                   help="which gold split: 'test' is blind (default), 'dev' for tuning")
    p.add_argument("--shared", default=None, metavar="DIR", help="the shared data folder")
    p.add_argument("--out", default="eval/results", metavar="DIR",
                   help="folder for records.json (default: eval/results)")
    p.set_defaults(func=_run)


def _run(args) -> int:
    from pipeline.paths import shared_dir

    root = Path(args.shared) if args.shared else shared_dir()
    if not (root / corpus.CORPUS_FILE).exists():
        print(f"records: {root / corpus.CORPUS_FILE} not found, skipped")
        return 0
    result = score(args.split, root=root)
    print(table(result))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"records_{args.split}.json").write_text(json.dumps(result, indent=1) + "\n",
                                                   encoding="utf-8")
    return 0
