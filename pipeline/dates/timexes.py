"""Temporal expressions of a text, found by the compiled scanner and resolved against publication."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from itertools import compress
from operator import itemgetter, or_

from pipeline.dates import periods as P
from pipeline.dates.anaphora import resolve_day_anaphora, resolve_period_anaphora
from pipeline.dates.patterns import (FORM_NEEDLES, NEEDLE_WORDS, SCAN_PLAN, CAPITALISED_NAMES, COUNTED_NOUNS, NUMBER_LABELS, PAST_VERBS, FORM_SCANNERS,
                                     FUTURE_CUE, FUTURE_CUE_PIECES, GATED_WORDS, LOWER_NAMES, NEXT_WORDS,
                                     NOT_PAST, REPORTING_VERB, START_WORDS)
from pipeline.dates.resolve import is_partial, resolve, resolve_forward
from pipeline.text import contains_any_ignorecase, text_layer

_ANY_CHAR_PLAN = tuple((rx, FORM_NEEDLES.get(i)) for i, rx in enumerate(FORM_SCANNERS))
_SINCE = re.compile(r"(?i)\bsince\s+$")
_RANGE_GAP = re.compile(r"(?i)\s*(?:-|–|—|to|until|till|through|and)\s*")
_RANGE_OPEN = re.compile(r"(?i)\b(?:between|from)\s+$")
# Where a clause ends: strong punctuation, and words that open a subordinate or new clause.
_CLAUSE_WORDS = ("but", "while", "whereas", "although", "though", "after", "before", "when",
                 "because", "until", r"as\s+well\s+as")
# Every alternative opens with a literal character, which lets re skip straight to candidates;
# (?<!\w.) after a word's first letter stands for the \b before it.
_CLAUSE_BREAK = re.compile("|".join([";", ":", "!", r"\?", r"\.(?=\s)", r"\n", r",\s+(?:and|which|who|where)\b"]
                                    + [rf"{w[0]}(?<!\w.){w[1:]}\b" for w in _CLAUSE_WORDS]))


def tag_timexes(text: str, published: dt.date | None) -> list[dict]:
    """Temporal expressions in `text`: dicts with start, end, text, value, precision, date_start,
    date_end, kind ('explicit' | 'relative' | 'fuzzy'), and clause (the span of its clause)."""
    return [dict(t) for t in _tag_cached(text, published)]


@lru_cache(maxsize=512)
def _tag_cached(text: str, published: dt.date | None) -> tuple[dict, ...]:
    found = []
    for m in _matches(text):
        form = m.lastgroup
        parts = {k[len(form) + 1:]: v for k, v in m.groupdict().items()
                 if v is not None and k.startswith(form + "_")}
        start, end = m.span(form + "_core") if "core" in parts else m.span()
        if form == "weekday_the":  # "the Friday explosions": a weekday like "Friday"
            form = "weekday"
        elif form == "month_poss":  # "a June agreement", "December's figures": as "the October slaying"
            if "m2" in parts and not _lower_word_before(text, start):
                continue  # "Theresa May's government"
            form, parts = "month_the", {"m": parts.get("m") or parts["m2"]}
        if form == "year_bare" and not _bare_year_ok(text, start, end):
            continue
        if form in _YEAR_FORMS and _ADDRESS_AFTER.match(text, m.end()) and not _STRONG_CUE.match(m.group(0)):
            continue  # a house number: "of 1935 Orchard St.", "at 1600 Pennsylvania Avenue"
        timex = resolve(form, parts, published)
        if timex is not None and published is not None and is_partial(form, parts):
            timex = _past_or_future(text, m.start(), start, end, form, parts, timex, published)
        if timex is not None:
            timex.update(start=start, end=end, form=form)
            found.append(timex)
    found = [_widen_since(text, t, published) for t in _merge_ranges(text, found, published)]
    found = resolve_day_anaphora([{**t, "text": text[t["start"]:t["end"]]} for t in found])
    found = resolve_period_anaphora(found, published)
    out = [{"start": t["start"], "end": t["end"], "text": text[t["start"]:t["end"]],
            "value": t["value"], "precision": t["precision"], "date_start": t["date_start"],
            "date_end": t["date_end"], "kind": t["kind"], "form": t.get("form"),
            "full": _full(t), "stamp": False,
            "clause": _clause(text, t["start"], t["end"])} for t in found]
    for t in out[:3]:
        if t["full"] and opens_line(text, t["start"]) and _STAMP_END.match(text, t["end"]):
            t["stamp"] = True  # the article's date stamp, not an event's date (see attach_date)
            break
    return tuple(out)


def _lower_word_before(text: str, start: int) -> bool:
    """Whether the word before `start` is lower case or ends a clause with a comma."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return before is not None and (before.group(1)[0].islower() or before.group(1).endswith(","))


def _full(t: dict) -> bool:
    """Whether the expression itself names day, month and year ("05 Apr 2017", "2017-04-05")."""
    ymd = t.get("ymd")
    return t["precision"] == "day" and t["date_start"] is not None and ymd is not None \
        and ymd[0] is not None and t.get("form") in ("iso", "numeric", "ymd", "dmy", "mdy")


_LINES_OPENED = 5
# What may stand before a date stamp on its line: a label ("Last updated at", "Posted on").
_STAMP_LABEL = re.compile(r"(?i)\W*(?:(?:last\s+)?updated|published|posted|date(?:\s+of\s+publication)?|"
                          r"first\s+published)?(?:\s+(?:at|on))?\W*")
# What follows a stamp: the end of its line, the next word glued to it ("2017Syrian"), a
# separator, a time, or a capitalised word; not a comma ("3 December 2017, jets struck..." is a
# sentence that names its event's day).
_STAMP_END = re.compile(r"[ \t]*(?:\n|$)|[A-Za-z]|\s*[-–—|:•]\s|\s+\d{1,2}[:.]\d\d|\s+(?=[A-Z])")


def opens_line(text: str, start: int) -> bool:
    """Whether a date at `start` opens one of the first lines of the text, after nothing but a
    label ("Thursday 18 May 2017", "05 Apr 2017Syrian warplanes...", "Last updated at Jan 20
    2015"); a stamp if what follows it is _STAMP_END."""
    line_start = text.rfind("\n", 0, start) + 1
    if line_start > 2000 or sum(1 for ln in text[:line_start].split("\n") if ln.strip()) >= _LINES_OPENED:
        return False
    return _STAMP_LABEL.fullmatch(text, line_start, start) is not None


_YEAR_FORMS = {"year", "year_bare", "year_mod", "year_coord"}
# One to three capitalised words then a street type: the number before them is an address.
_ADDRESS_AFTER = re.compile(
    r"\s+(?:[A-Z][\w'’-]*\.?\s+){1,3}(?:St|Street|Rd|Road|Ave|Avenue|Blvd|Boulevard|Dr|Drive|Ln|Lane|"
    r"Way|Ct|Court|Pl|Place|Ter|Terrace|Cir|Circle|Hwy|Highway|Pike|Pkwy|Parkway|Trail|Trl)\b")
_STRONG_CUE = re.compile(r"(?i)(?:in|since|during|until|till|before|after|through|throughout|by|early|mid|late)\b")
_WORD_BEFORE = re.compile(r"(\S+)\s+$")
_WORD_AFTER = re.compile(r"\s*([A-Za-z]+)")
_SENTENCE_OPENERS = {"the", "this", "that", "its", "his", "her", "their", "our", "a", "an", "and", "but"}


def _bare_year_ok(text: str, start: int, end: int) -> bool:
    """Whether a year with no cue ("1990 results", "the 1998 budget") is a year: not a count
    ("2000 troops"), a number label ("Resolution 2139", "Route 2010", "$2000"), or part of a
    name ("Orion 1980": after a capitalised word that does not open the sentence)."""
    if start and text[start - 1] in "$#£€":
        return False
    after = _WORD_AFTER.match(text, end)
    if after is not None and after.group(1).lower() in COUNTED_NOUNS:
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before is None:
        return True
    word = before.group(1)
    bare = word.strip("\"'“”‘’([").rstrip(".,:").lower()
    if bare in NUMBER_LABELS or word[-1:].isdigit() or word[-1:] in "$#£€":
        return False
    if word[:1].isupper() and bare not in _SENTENCE_OPENERS and word not in CAPITALISED_NAMES \
            and not word.endswith(("'s", "’s")):  # "Navigation Mixte's 1989 profit" is a year
        opener = before.start() == 0 or text[:before.start()].rstrip()[-1:] in ".!?\n\"”:"
        return opener
    return True


# A yearless date with no future cue is read in the future only when that reading is this many
# times closer to publication than the past one ("payable Jan. 2" in November; "in March" in a
# December article stays the past March).
FUTURE_CLOSER = 4


def _past_or_future(text: str, at: int, core: int, end: int, form: str, parts: dict, timex: dict,
                    published: dt.date) -> dict:
    """The reading of a partial date ("on Monday", "Nov. 16", "in May"): on or before publication,
    except after a future cue (then the nearer of the two readings; for a weekday, the next one)
    or when the future reading is FUTURE_CLOSER times nearer (not for weekdays: "on Saturday" in a
    Friday article is, in news, the day before yesterday far more often than tomorrow). A date
    that opens its sentence takes the tense of the verb after it ("On Tuesday, the league plans
    to...": the next Tuesday; "In January, a bombing killed...": the past January)."""
    forward = resolve_forward(form, parts, published)
    if forward is None or forward["date_start"] is None or timex["date_start"] is None:
        return timex
    future_gap = (forward["date_start"] - published).days
    past_gap = (published - timex["date_start"]).days
    if future_gap <= 0 or past_gap <= 0:
        return timex  # the period holds publication day: one reading
    if _SINCE.search(text, max(0, at - 8), at):
        return timex  # "since March", "since year-end": the past one
    lo = _sentence_start(text, at)
    if _future_context(text, lo, core):  # up to the expression itself: "planned for | early March"
        return forward if form == "weekday" or future_gap < past_gap else timex
    if all(w.lower() in _OPENERS for w in _WORD.findall(text, lo, at)):  # "On Tuesday, ...", "But by Monday, ..."
        tense = _tense_after(text, end)
        if tense is not None:
            return forward if tense == "future" else timex
    if form == "weekday" or FUTURE_CLOSER * future_gap > past_gap or _past_verb_before(text, at):
        return timex
    return forward


_VERB_BEFORE = re.compile(r"(?:(\w+)\s+)?(\w+)\s+(?:(?:in|on|at|by|to|until|from|since|during|of|"
                          r"for|early|late|mid|the)\s+)*$", re.IGNORECASE)
_DEADLINE = re.compile(r"(?i)\b(?:to|until|till)\b")
_NOT_PAST_AUX = {"be", "been", "being", "is", "are", "am", "will", "to", "would", "should", "must"}


def _past_verb_before(text: str, at: int) -> bool:
    """A past-tense verb just before a date and its prepositions ("began in March", "killed on
    Nov. 16"), not a passive after a present or future auxiliary ("be returned by Jan. 14"), nor
    one that sets a deadline ("was extended to Nov. 16")."""
    m = _VERB_BEFORE.search(text, max(0, at - 60), at)
    if m is None:
        return False
    verb, aux = m.group(2).lower(), (m.group(1) or "").lower()
    past = (len(verb) > 4 and verb.endswith("ed")) or verb in PAST_VERBS
    if past and _DEADLINE.search(text, m.end(2), at):
        return False  # a deadline: "extended to Nov. 16", "postponed until May" may lie ahead
    return past and aux not in _NOT_PAST_AUX


def _matches(text: str):
    """Scanner matches, tried only at word starts that can open an expression (see START_WORDS)."""
    # Words and their offsets from one split (separators and words alternate) and a running
    # sum of lengths: both in C, unlike a match object per word.
    parts, starts, words, lowers = text_layer(text).words  # the text layer's words (pipeline.text)
    end = -1
    # the words that may open one, picked in C: a start word or a word opening with a digit
    # (most words are neither)
    may_open = map(or_, map(START_WORDS.__contains__, lowers), map(str.isdigit, map(itemgetter(0), lowers)))
    for i in compress(range(len(lowers)), may_open):
        lower = lowers[i]
        if lower in START_WORDS:
            if lower in GATED_WORDS and not _temporal_next(words, lowers, i):
                continue
            if lower in LOWER_NAMES and words[i] == lower:
                continue
        elif len(lower) != 4 and lower.isdigit() and not _digit_can_open(words, lowers, parts, i):
            continue
        start = starts[i]
        if start >= end:
            m = _scan(text, start, lowers, i)
            if m:
                end = m.end()
                yield m


# After a number that is not a year, what lets it open an expression: "3 December", "1-5 December",
# "12/03/2017", "48 hours ago", "1 to 5 December". Most numbers in news are counts ("70 people").
_DIGIT_NEXT = {"hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years",
               "to", "and", "until", "till", "through", "of"}


def _digit_can_open(words: list[str], lowers: list[str], parts: list[str], i: int) -> bool:
    sep = parts[2 * i + 2]
    if sep[:1] in "-/.–—":
        return True
    return i + 1 < len(words) and (words[i + 1] in CAPITALISED_NAMES or lowers[i + 1] in _DIGIT_NEXT)


def _scan(text: str, start: int, lowers: list[str] | None = None, i: int = 0) -> re.Match | None:
    """The scanner's match at `start`: the first form matching there, of those that can start
    with its character. With the text's lower-cased words (`start` opening word i), a form whose
    matches always hold one of its needle words (FORM_NEEDLES) is not tried where none of the
    next NEEDLE_WORDS words is one: a set lookup is far cheaper than a failing match."""
    ahead = None
    for form, needles in SCAN_PLAN.get(text[start], _ANY_CHAR_PLAN):
        if needles is not None and lowers is not None:
            if ahead is None:
                ahead = set(lowers[i:i + NEEDLE_WORDS])
            if ahead.isdisjoint(needles):
                continue
        m = form.match(text, start)
        if m:
            return m
    return None


def _temporal_next(words: list[str], lowers: list[str], i: int, depth: int = 3) -> bool:
    """Whether the word after word i can continue an expression (looking past "the", "a")."""
    if i + 1 >= len(words):
        return False
    w, lower = words[i + 1], lowers[i + 1]
    if w[0].isdigit() or w in CAPITALISED_NAMES:
        return True
    if lower in GATED_WORDS and depth > 1:
        return _temporal_next(words, lowers, i + 1, depth - 1)
    return lower in NEXT_WORDS


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The span between the clause breaks around an expression (used to attach it to events)."""
    before = 0
    for m in _CLAUSE_BREAK.finditer(text, max(0, start - 400), start):
        before = m.start()
    after = _CLAUSE_BREAK.search(text, end)
    return before, after.start() if after else len(text)


def _sentence_span(text: str, at: int) -> tuple[int, int]:
    """The text layer's sentence (pipeline.text) holding position `at`, as for geo and events;
    the whole text when `at` lies between sentences."""
    layer = text_layer(text)
    k = layer.sentence_at(at)
    return layer.sentences[k] if k is not None else (0, len(text))


def _sentence_start(text: str, at: int, window: int = 120) -> int:
    """Where the sentence of position `at` starts (at most `window` characters back)."""
    return max(0, at - window, _sentence_span(text, at)[0])


def _future_context(text: str, lo: int, start: int) -> bool:
    """A future cue earlier in the sentence (from lo: "will be held on 3 May") with no reporting
    verb between it and the date ("said on Monday that talks will..." stays past)."""
    if FUTURE_CUE_PIECES and not contains_any_ignorecase(text[lo:start], FUTURE_CUE_PIECES):
        return False  # no cue can match: the scan below was most of this function's cost
    cue = None
    for cue in FUTURE_CUE.finditer(text, lo, start):  # noqa: B007 (the last cue is wanted)
        pass
    return cue is not None and REPORTING_VERB.search(text, cue.end(), start) is None


# Words before a past participle that make it no past tense ("will be held", "is expected"), and
# before an ambiguous form that make it no verb ("a bit", "the Fed", "to hit").
_NOT_PAST_BEFORE = {"be", "being", "been", "is", "are", "am", "'s", "will", "would", "to", "should", "must",
                    "can", "could", "may", "might", "shall", "a", "an", "the", "this", "that", "its", "his",
                    "her", "their", "our", "get", "gets", "getting"}
_WORD = re.compile(r"[A-Za-z][\w'’]*")
_TENSE_WINDOW = 160  # characters searched after the date, within its sentence
# Words before a date that still opens its sentence ("But on", "Late on", "Also").
_OPENERS = {"on", "in", "but", "and", "also", "late", "early", "earlier", "later", "by", "then", "until",
            "till", "at", "so", "yet", "meanwhile", "since", "from", "during", "as", "of", "for"}


def _tense_after(text: str, end: int) -> str | None:
    """The tense of the first marker after a date that opens its sentence ("On Tuesday, the
    league plans to...": 'future'; "In January, a bombing killed...": 'past'), or None."""
    found = _markers(text, end, min(_sentence_span(text, end)[1], end + _TENSE_WINDOW))
    return found[0][1] if found else None


def _markers(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """Tense markers between lo and hi, in text order: (position, 'future' | 'past'). A future
    cue ("will", "is expected to", "plans to"...) or a past-tense verb ("said", "struck", a word
    in -ed that is not after "be", "will", "to", a determiner...: "will be held" is no past)."""
    if hi <= lo:
        return []
    found: list[tuple[int, str]] = []
    if not FUTURE_CUE_PIECES or contains_any_ignorecase(text[lo:hi], FUTURE_CUE_PIECES):
        found.extend((m.end(), "future") for m in FUTURE_CUE.finditer(text, lo, hi))
    prev = ""
    for m in _WORD.finditer(text, lo, hi):
        word = m.group().lower()
        if (word in PAST_VERBS or (len(word) > 4 and word.endswith("ed") and word not in NOT_PAST)) \
                and prev not in _NOT_PAST_BEFORE:
            found.append((m.end() - 1, "past"))  # before a cue ending on the same word
        prev = word
    found.sort()
    return found


def _merge_ranges(text: str, found: list[dict], published: dt.date | None) -> list[dict]:
    """Join "from 28 November to 3 December" and "1 December - 3 December" into one range."""
    merged: list[dict] = []
    for t in found:
        prev = merged[-1] if merged else None
        if prev is not None and "ymd" in prev and "ymd" in t:
            gap = text[prev["end"]:t["start"]]
            opened = _RANGE_OPEN.search(text, max(0, prev["start"] - 10), prev["start"])
            if _RANGE_GAP.fullmatch(gap) and (opened or gap.strip().lower() not in ("and",)):
                rng = _range_of(prev["ymd"], t["ymd"], published)
                if rng is not None:
                    merged[-1] = {**rng, "kind": "explicit", "form": "range", "ymd": None,
                                  "start": opened.start() if opened else prev["start"], "end": t["end"]}
                    continue
        merged.append(t)
    return merged


def _range_of(first: tuple, second: tuple, published: dt.date | None) -> dict | None:
    (y1, m1, d1), (y2, m2, d2) = first, second
    if y2 is None and y1 is None:
        if published is None:
            return P.period("range", None)
        y1 = P.year_on_or_before(m1, d1, published)
    if y2 is None:
        y2 = y1 if (m2, d2) >= (m1, d1) else y1 + 1
    if y1 is None:
        y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
    start, end = P.safe_date(y1, m1, d1), P.safe_date(y2, m2, d2)
    if start is None or end is None or not start < end:
        return None
    return P.period("range", start, end)


def _widen_since(text: str, t: dict, published: dt.date | None) -> dict:
    """"since 3 December" runs from that date to publication."""
    since = _SINCE.search(text, max(0, t["start"] - 8), t["start"])
    if since is None or t["kind"] == "fuzzy":
        return t
    widened = {**t, "start": since.start()}
    if t["date_start"] is None or published is None or t["date_start"] > published:
        return {**widened, **P.period("range", None)}
    return {**widened, **P.period("range", t["date_start"], published)}
