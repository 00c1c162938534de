"""The date tagger against TimeML (TempEval-3 style): recognition and value accuracy of TIMEX3s.

A TimeML document (`.tml`) holds a `<DCT>` (the document creation time, a TIMEX3 with
functionInDocument="CREATION_TIME") and a `<TEXT>` with inline `<TIMEX3 type value>` tags among
other tags (EVENT, SIGNAL). The tags are stripped to the plain text and character spans; our
tagger runs on that text anchored on the DCT; its expressions are mapped to TimeML conventions
(type, value, extent) here, in the evaluation layer, so the project's own columns keep their
semantics (see docs/DATES.md, "Evaluation on TimeML").
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from typing import Any

try:  # TimeML folders are user input: parse them without entity expansion where possible
    from defusedxml import ElementTree as ET
except ModuleNotFoundError:  # pragma: no cover - defusedxml is a dependency
    import xml.etree.ElementTree as ET

from pipeline.dates.patterns import NUMBERS

TYPES = ("DATE", "TIME", "DURATION", "SET")
HALVES = ("tune", "heldout")
EXAMPLES = 40  # examples kept per error class and half

# Words that TimeML leaves outside a TIMEX3 (they are SIGNALs): "since 2011" is tagged "2011".
_SIGNAL = re.compile(r"(?i)(?:since|from|between|in|on|at|over|during|within|for|by|until|till|"
                     r"through|throughout|before|after|of)\s+")
_NUMBER_WORDS = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(NUMBERS, key=len, reverse=True))
_COUNT_UNIT = re.compile(rf"(?i)\b(?:(\d+)|({_NUMBER_WORDS}))\s+(hour|day|week|month|year)s?\b")
_TRAILING_SIGNAL = re.compile(r"(?i)\s+(?:before|after)$")
_RANGE_LINK = re.compile(r"\s*(?:-|–|—|\b(?:to|until|till|through|and)\b)\s*")
_YEAR_IN = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_UNIT_LETTER = {"day": "D", "week": "W", "month": "M", "year": "Y"}
# Forms whose value has this precision before "since X" widens it to a range.
_FORM_PRECISION = {"iso": "day", "numeric": "day", "ymd": "day", "dmy": "day", "mdy": "day",
                   "weekday": "day", "day_word": "day", "month_year": "month", "month": "month",
                   "year": "year", "year_coord": "year", "year_bare": "year", "year_mod": "year",
                   "month_mod": "month", "month_the": "month", "yrel_month": "month",
                   "holiday": "day", "year_end": "day", "the_year": "year"}


# Forms of undated references to the present and future ("now", "currently", "soon").
_REFERENCE = {"present": "PRESENT_REF", "future": "FUTURE_REF"}


class TimeMLError(ValueError):
    """A file that is not readable TimeML (no TEXT, garbled XML)."""


def read_timeml(path: str | Path) -> dict:
    """One TimeML document: name, text (TEXT with the tags stripped), dct (date or None),
    dct_value, and timexes [{start, end, text, type, value, tid}] with offsets into text."""
    path = Path(path)
    try:
        root = ET.parse(str(path)).getroot()
    except ET.ParseError as exc:
        raise TimeMLError(f"{path.name}: not well-formed XML ({exc})") from exc
    body = root.find("TEXT")
    if body is None:
        raise TimeMLError(f"{path.name}: no <TEXT> element")
    dct_value = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct_value = timex.get("value")
            break
    pieces: list[str] = []
    timexes: list[dict] = []
    _flatten(body, pieces, timexes, [0])
    text = "".join(pieces)
    for t in timexes:
        t["text"] = text[t["start"]:t["end"]]
    return {"name": path.name, "text": text, "dct_value": dct_value,
            "dct": _dct_date(dct_value), "timexes": timexes}


def _flatten(el, pieces: list[str], timexes: list[dict], pos: list[int]) -> None:
    """Append the text of `el` (children included, tails excluded) to pieces; record TIMEX3 spans."""
    start = pos[0]
    if el.text:
        pieces.append(el.text)
        pos[0] += len(el.text)
    for child in el:
        _flatten(child, pieces, timexes, pos)
        if child.tail:
            pieces.append(child.tail)
            pos[0] += len(child.tail)
    if el.tag == "TIMEX3":
        timexes.append({"start": start, "end": pos[0], "type": el.get("type"),
                        "value": el.get("value"), "tid": el.get("tid")})


def _dct_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def read_folder(folder: str | Path) -> tuple[list[dict], list[dict]]:
    """Documents of every `.tml` below `folder` (sorted by relative path; a file name seen
    before is a copy and skipped), each with its half: the 1st, 3rd, ... file is 'tune', the
    2nd, 4th, ... 'heldout' (fixed before any tuning). Also the files that could not be read."""
    folder = Path(folder)
    docs, rejects, seen = [], [], set()
    for path in sorted(folder.rglob("*.tml"), key=lambda p: p.relative_to(folder).as_posix()):
        if path.name in seen:
            continue
        seen.add(path.name)
        half = HALVES[len(seen) % 2 == 0]
        try:
            doc = read_timeml(path)
        except (TimeMLError, OSError, UnicodeDecodeError) as exc:
            rejects.append({"path": str(path), "reason": str(exc)})
            continue
        doc["path"] = path.relative_to(folder).as_posix()
        doc["half"] = half
        docs.append(doc)
    return docs, rejects


# --- our expressions in TimeML conventions -------------------------------------------------

def to_timeml(t: dict, text: str) -> list[dict]:
    """One tagged expression as TimeML TIMEX3s [{start, end, text, type, value}]: signal words
    outside the extent ("since 2011" -> "2011"), a year range as its two years, the past N units
    as a DURATION, fuzzy past as PAST_REF, a weekend as YYYY-Www-WE."""
    start, end, form = t["start"], t["end"], t.get("form")
    signal = _SIGNAL.match(text, start, end)
    widened = signal is not None and signal.group().lower().startswith("since")
    while signal is not None:
        start = signal.end()
        signal = _SIGNAL.match(text, start, end)
    surface = text[start:end]
    out = lambda typ, value, s=start, e=end: [{"start": s, "end": e, "text": text[s:e],  # noqa: E731
                                               "type": typ, "value": value}]
    if form in ("year_range", "year_span"):
        years = list(_YEAR_IN.finditer(text, start, end))
        return [{"start": m.start(), "end": m.end(), "text": m.group(), "type": "DATE",
                 "value": m.group()} for m in years]
    if form in ("range", "range_md") and t["date_start"] is not None:
        gap = _RANGE_LINK.search(text, start, end)
        if gap is not None:  # TimeML tags each end: "April 24" and "25"
            return [{"start": start, "end": gap.start(), "text": text[start:gap.start()], "type": "DATE",
                     "value": t["date_start"].isoformat()},
                    {"start": gap.end(), "end": end, "text": text[gap.end():end], "type": "DATE",
                     "value": t["date_end"].isoformat()}]
    if form in ("past_n", "past_unit"):
        return out("DURATION", _duration(surface))
    if form in _REFERENCE:
        return out("DATE", _REFERENCE[form])
    if form in ("fuzzy", "fuzzy_since") and t["date_start"] is None:
        if " ".join(surface.lower().split()) in _NOT_TIMEX:
            return []
        return out("DATE", "PAST_REF")
    if form == "anaphoric" and t["date_start"] is None:
        # "twenty years after", "ten days before": TimeML tags the length as a DURATION and
        # leaves "after" / "before" outside it as a signal
        signal = _TRAILING_SIGNAL.search(text, start, end)
        if signal is None:  # "a year earlier" with nothing named before it: a date we cannot value
            return out("DATE", None)
        return out("DURATION", _duration(text[start:signal.start()]), start, signal.start())
    if t["precision"] == "range" and t["date_start"] is not None:
        return out("DATE", _range_value(t, surface, form, widened))
    return out("DATE", t["value"])


# Our fuzzy expressions that TimeML does not mark as TIMEX3 (adverbs of order, not of time).
_NOT_TIMEX = {"earlier", "previously", "then", "since then", "before", "later", "the time", "at the time",
              "the day before", "the previous day", "the same day", "the following day", "the next day"}
_SEASON_CODE = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}


def _range_value(t: dict, surface: str, form: str | None, widened: bool) -> str | None:
    """TimeML value of one of our ranges: a weekend (1998-W32-WE), a calendar quarter (1998-Q3),
    a half-year (1989-H2), a season (1998-SU), a decade (199), "since X" (the value of X); else
    none."""
    start, end = t["date_start"], t["date_end"]
    if "weekend" in surface.lower():
        iso = start.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}-WE"
    if widened and form in _FORM_PRECISION:
        return _value(start, _FORM_PRECISION[form])
    if form in ("year", "year_mod") and "half" in surface.lower():
        return f"{start.year:04d}-H{1 if start.month == 1 else 2}"
    if form == "decade":
        return f"{start.year // 10:03d}"
    if form == "season":
        return f"{start.year:04d}-{_SEASON_CODE[start.month]}"
    if start.day == 1 and start.month % 3 == 1 and (end.year, end.month) == (start.year, start.month + 2) \
            and (end + dt.timedelta(days=1)).day == 1:
        return f"{start.year:04d}-Q{(start.month + 2) // 3}"
    return None


def _value(day: dt.date, precision: str) -> str:
    if precision == "day":
        return day.isoformat()
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def _duration(surface: str) -> str | None:
    """P2W for "the past two weeks", PT48H for "the past 48 hours", P1W for "the past week"."""
    m = _COUNT_UNIT.search(surface)
    n: int | None
    unit: str | None
    if m is None:
        word = re.search(r"(?i)(hour|day|week|month|year)\b", surface)
        n, unit = 1, word.group(1).lower() if word else None
    else:
        n = int(m.group(1)) if m.group(1) else NUMBERS.get(" ".join(m.group(2).lower().split()))
        unit = m.group(3).lower()
    if unit is None or n is None:
        return None
    return f"PT{n}H" if unit == "hour" else f"P{n}{_UNIT_LETTER[unit]}"


def tag_document(doc: dict, tagger=None) -> list[dict]:
    """Our expressions in the document, anchored on its DCT, in TimeML conventions."""
    if tagger is None:
        from pipeline.dates import tag_timexes as tagger
    found = []
    for t in tagger(doc["text"], doc["dct"]):
        found.extend(x for x in to_timeml(t, doc["text"]) if x["end"] > x["start"])
    return found


# --- scores --------------------------------------------------------------------------------

def _overlap(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def _pair(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one pairs of overlapping expressions, exact spans first, then in text order."""
    pairs, used_g, used_p = [], set(), set()
    for exact in (True, False):
        for i, g in enumerate(gold):
            if i in used_g:
                continue
            for j, p in enumerate(pred):
                if j in used_p:
                    continue
                if (p["start"], p["end"]) == (g["start"], g["end"]) if exact else _overlap(g, p):
                    pairs.append((g, p))
                    used_g.add(i)
                    used_p.add(j)
                    break
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else None
    r = tp / n_gold if n_gold else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"precision": p, "recall": r, "f1": f}


class _Tally:
    """Counts of one expression type (or all types) over documents, and error examples."""

    def __init__(self, with_values: bool):
        self.gold = self.pred = self.strict = self.relaxed = self.value_ok = 0
        self.with_values = with_values
        self.errors = {k: [] for k in ("missed", "spurious", "span", "value")}
        self.counts = {k: 0 for k in self.errors}

    def add(self, doc: dict, gold: list[dict], pred: list[dict], others: list[dict]) -> None:
        pairs = _pair(gold, pred)
        self.gold += len(gold)
        self.pred += len(pred)
        self.relaxed += len(pairs)
        paired_g = {id(g) for g, _ in pairs}
        paired_p = {id(p) for _, p in pairs}
        for g, p in pairs:
            exact = (g["start"], g["end"]) == (p["start"], p["end"])
            self.strict += exact
            if not exact:
                self._error("span", doc, g, p)
            if self.with_values:
                ok = p["value"] == g["value"]
                self.value_ok += ok
                if not ok:
                    self._error("value", doc, g, p)
        for g in gold:
            if id(g) not in paired_g:
                self._error("missed", doc, g, None)
        for p in pred:
            if id(p) not in paired_p:
                other = next((o for o in others if _overlap(o, p)), None)
                self._error("spurious", doc, other, p)

    def _error(self, kind: str, doc: dict, g: dict | None, p: dict | None) -> None:
        self.counts[kind] += 1
        if len(self.errors[kind]) >= EXAMPLES:
            return
        span = [x for x in (g, p) if x is not None]
        lo, hi = min(x["start"] for x in span), max(x["end"] for x in span)
        text = doc["text"]
        self.errors[kind].append({
            "doc": doc["path"], "dct": doc["dct_value"],
            "gold": None if g is None else g["text"], "gold_type": None if g is None else g["type"],
            "gold_value": None if g is None else g["value"],
            "ours": None if p is None else p["text"], "our_value": None if p is None else p["value"],
            "context": " ".join(text[max(0, lo - 60):hi + 60].split())})

    def row(self) -> dict:
        strict, relaxed = _prf(self.strict, self.pred, self.gold), _prf(self.relaxed, self.pred, self.gold)
        row = {"gold": self.gold, "predicted": self.pred, "strict_matches": self.strict,
               "relaxed_matches": self.relaxed,
               **{f"strict_{k}": v for k, v in strict.items()},
               **{f"relaxed_{k}": v for k, v in relaxed.items()},
               "errors": dict(self.counts)}
        if self.with_values:
            row["value_correct"] = self.value_ok
            row["value_accuracy"] = self.value_ok / self.relaxed if self.relaxed else None
        return row


def score(docs: list[dict], predictions: dict[str, list[dict]]) -> dict:
    """Per half ('tune', 'heldout', 'all') and per type (each TimeML type we tag, and 'any' for
    recognition whatever the type): gold and predicted counts, strict and relaxed P/R/F1, value
    accuracy on relaxed matches, errors by class; examples of each class for the tune half."""
    tagged_types = sorted({p["type"] for ps in predictions.values() for p in ps}, key=TYPES.index)
    result = {}
    for half in (*HALVES, "all"):
        tallies = {typ: _Tally(with_values=True) for typ in tagged_types}
        tallies["any"] = _Tally(with_values=False)
        chosen = [d for d in docs if half in ("all", d["half"])]
        for doc in chosen:
            gold, pred = doc["timexes"], predictions[doc["path"]]
            for typ, tally in tallies.items():
                g = gold if typ == "any" else [x for x in gold if x["type"] == typ]
                p = pred if typ == "any" else [x for x in pred if x["type"] == typ]
                tally.add(doc, g, p, [x for x in gold if x["type"] != typ])
        result[half] = {"documents": len(chosen),
                        "types": {typ: t.row() for typ, t in tallies.items()},
                        "gold_by_type": {typ: sum(x["type"] == typ for d in chosen for x in d["timexes"])
                                         for typ in TYPES}}
        if half == "tune":  # examples of the tune half only: tuning never reads held-out errors
            result[half]["examples"] = {typ: t.errors for typ, t in tallies.items() if typ != "any"}
    return result


def evaluate(folder: str | Path, tagger=None, peers: tuple[str, ...] = ()) -> dict:
    """Read, tag and score a TimeML folder (see score); rejects are the unreadable files. Peers
    ('heideltime') are scored on the same documents, or skipped with the reason."""
    import time

    docs, rejects = read_folder(folder)
    cpu = time.process_time()
    predictions = {d["path"]: tag_document(d, tagger) for d in docs}
    cpu = time.process_time() - cpu
    result: dict[str, Any] = {"folder": str(folder), "documents": len(docs), "rejects": rejects,
              "split_rule": "files sorted by relative path, copies skipped: 1st, 3rd, ... tune; "
                            "2nd, 4th, ... heldout",
              "timing": {"cpu_seconds": cpu, "ms_per_document": 1000 * cpu / max(1, len(docs))},
              "results": score(docs, predictions), "peers": {}}
    for peer in peers:
        result["peers"][peer] = _run_peer(peer, docs)
    return result


def _run_peer(peer: str, docs: list[dict]) -> dict:
    if peer != "heideltime":
        return {"skipped": f"unknown peer {peer!r}"}
    from pipeline.evaluation import heideltime

    reason = heideltime.unavailable_reason()
    if reason is not None:
        return {"skipped": reason}
    try:
        predictions, timing = heideltime.tag_documents(docs)
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        return {"skipped": f"HeidelTime failed: {exc}"}
    return {"timing": timing, "results": score(docs, predictions)}


def format_rows(result: dict, label: str = "ours", header: bool = True) -> list[str]:
    """Printable table lines: one per half and type."""
    lines = [f"{'system':10s} {'half':8s} {'type':8s} {'gold':>5s} {'pred':>5s} {'P':>6s} {'R':>6s} "
             f"{'F1':>6s} {'strictF1':>8s} {'value':>6s}  missed/spurious/span/value"]
    fmt = lambda x: "   n/a" if x is None else f"{x:6.3f}"  # noqa: E731
    for half, res in result["results"].items():
        for typ, row in res["types"].items():
            e = row["errors"]
            lines.append(f"{label:10s} {half:8s} {typ:8s} {row['gold']:5d} {row['predicted']:5d} "
                         f"{fmt(row['relaxed_precision'])} {fmt(row['relaxed_recall'])} "
                         f"{fmt(row['relaxed_f1'])} {fmt(row['strict_f1']):>8s} "
                         f"{fmt(row.get('value_accuracy'))}  "
                         f"{e['missed']}/{e['spurious']}/{e['span']}/{e['value']}")
    return lines if header else lines[1:]
