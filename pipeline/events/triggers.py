"""Trigger detection: lexicon patterns -> typed trigger spans of one sentence."""
from __future__ import annotations

import bisect
import functools
import re

from pipeline.events.sieve import automaton, folds_like_lower, literal_prefixes, shortest
from pipeline.events.vocab import load
from pipeline.text import text_layer

_MACROS = [(re.compile(r"\{w(\d)\}"), lambda m: rf"(?:\S+\s+){{0,{m.group(1)}}}?"),
           (re.compile(r"\{C\}"), lambda m: "(?-i:[A-Z])")]


_WORD_START = re.compile(r"(?<![\w-])\w")
_WORD_CHAR = re.compile(r"\w")


def expand(pattern: str) -> str:
    """Expand the lexicon macros ({wN} word gaps, {C} capital letter) into regex syntax."""
    for macro, repl in _MACROS:
        pattern = macro.sub(repl, pattern)
    return pattern


def _word_regex(pattern: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{expand(pattern)})(?![\w])", re.IGNORECASE)


@functools.lru_cache(maxsize=None)
def compiled_lexicon() -> tuple[list[dict], dict[str, set[str]]]:
    """Trigger entries with compiled regexes, and each type's suppressing types."""
    lexicon = load("lexicon")
    entries, suppressors = [], {}
    for event_type, spec in lexicon.items():
        sup = spec.get("suppressed_by") or []
        suppressors[event_type] = set(lexicon) - {event_type} if "ALL" in sup else set(sup)
        for item in spec["triggers"]:
            item = {"pattern": item} if isinstance(item, str) else item
            entries.append({
                "type": event_type,
                "regex": _word_regex(item["pattern"]),
                "requires": _word_regex(item["requires"]) if item.get("requires") else None,
                "unless": _word_regex(item["unless"]) if item.get("unless") else None,
                "not_after": re.compile(rf"(?:{expand(item['not_after'])})", re.IGNORECASE)
                if item.get("not_after") else None,
                "by_actor": item.get("by_actor") or {},
                "needs": item.get("needs"),
                "agent": item.get("agent"),
                "pattern": item["pattern"],
            })
    return entries, suppressors


@functools.lru_cache(maxsize=None)
def _long_prefixes() -> list[set[str]]:
    """Each entry's literal prefixes, as far as its pattern spells them up to 12 chars
    (longer ones hardly narrow the candidates and cost more to work out)."""
    return [literal_prefixes(expand(e["pattern"]), 12) for e in compiled_lexicon()[0]]


@functools.lru_cache(maxsize=None)
def prefix_index() -> tuple[dict[str, set[int]], set[int]]:
    """Which entries can match at a word starting with a given 1-3 letter prefix, and the
    entries whose start is unknown (always tried). Scanning each pattern over every sentence
    is what costs; this lets a sentence try only the entries its words can start."""
    entries, _ = compiled_lexicon()
    index: dict[str, set[int]] = {}
    always: set[int] = set()
    for i, (e, long) in enumerate(zip(entries, _long_prefixes())):
        starts = {p[:3] for p in long} if "" not in long else literal_prefixes(expand(e["pattern"]))
        if not starts or "" in starts:
            always.add(i)
            continue
        for p in starts:
            index.setdefault(p, set()).add(i)
    return index, always


@functools.lru_cache(maxsize=None)
def _key_sizes() -> tuple[int, ...]:
    return tuple(sorted({len(k) for k in prefix_index()[0]}))


@functools.lru_cache(maxsize=None)
def prefix_automaton():
    """An Aho-Corasick automaton from the longest literal prefixes the patterns spell (up to
    12 chars) to (length - 1, entry numbers). The 3-char index leaves a candidate in every
    fourth word; whole prefixes ("attack", "killed") leave one in thirty, found in one C scan.
    None when some prefix is not ASCII."""
    index, always = prefix_index()
    table: dict[str, list[int]] = {}
    for n, long in enumerate(_long_prefixes()):
        if n in always:
            continue
        # The index's own keys when the long ones are unknown (too many): a subset of its candidates either way.
        starts = long if "" not in long else {k for k, hit in index.items() if n in hit}
        for p in shortest(starts):
            table.setdefault(p, []).append(n)
    return automaton(table)


def _candidates(sentence: str, lower: str) -> dict[int, list[int]]:
    """Entry number -> ascending word starts of `lower` where the entry's pattern may match."""
    starts: dict[int, list[int]] = {}
    scanner = prefix_automaton()
    if scanner is not None and folds_like_lower(sentence, lower):
        for end, (back, numbers) in scanner.iter(lower):
            if _WORD_START.match(lower, end - back):
                for n in numbers:
                    starts.setdefault(n, []).append(end - back)
    else:
        index, _ = prefix_index()
        for w in _WORD_START.finditer(lower):
            i = w.start()
            for size in _key_sizes():
                for n in index.get(lower[i:i + size], ()):
                    starts.setdefault(n, []).append(i)
    return {n: at if len(at) == 1 else sorted(set(at)) for n, at in starts.items()}


def article_candidates(text: str, spans: list[tuple[int, int]]) -> list[dict[int, list[int]]] | None:
    """_candidates of every sentence span of a text from one scan of the whole text (half the
    sentences of news have none, and need no more work); None when the text needs the
    sentence by sentence way."""
    lower = text_layer(text).lower
    scanner = prefix_automaton()
    _, always = prefix_index()
    if scanner is None or always or not folds_like_lower(text, lower):
        return None
    firsts = [s for s, _ in spans]
    if any(e > s for (_, e), s in zip(spans, firsts[1:])):
        return None  # overlapping or unordered spans: no one sentence per offset
    out: list[dict[int, list[int]]] = [{} for _ in spans]
    for end, (back, numbers) in scanner.iter(lower):
        i = end - back
        k = bisect.bisect_right(firsts, i) - 1
        if k < 0 or end >= spans[k][1]:
            continue  # outside any sentence or running past its end
        s = spans[k][0]
        # A sentence's first character starts a word whatever precedes it in the text.
        if (_WORD_CHAR.match(lower, i) if i == s else _WORD_START.match(lower, i)):
            for n in numbers:
                out[k].setdefault(n, []).append(i - s)
    for starts in out:
        for n, at in starts.items():
            if len(at) > 1:
                starts[n] = sorted(set(at))
    return out


def find_triggers(sentence: str, candidates: dict[int, list[int]] | None = None) -> list[dict]:
    """Non-overlapping typed triggers of a sentence: {type, start, end, text, by_actor};
    `candidates` from article_candidates spares the sentence's own scan."""
    entries, _ = compiled_lexicon()
    _, always = prefix_index()
    starts = _candidates(sentence, sentence.lower()) if candidates is None else candidates
    found = []
    for n in sorted(starts.keys() | always):
        e = entries[n]
        if n in always:
            matches = list(e["regex"].finditer(sentence))
        else:  # only where a word starts as the pattern can
            match = e["regex"].match
            matches = [m for i in starts[n] if (m := match(sentence, i))]
        # The sentence-wide conditions cost a scan each: checked only once the pattern matched.
        if not matches or (e["requires"] and not e["requires"].search(sentence)):
            continue
        if e["unless"] and e["unless"].search(sentence):
            continue
        for m in matches:
            if e["not_after"] and e["not_after"].search(sentence[max(0, m.start() - 60):m.start()]):
                continue
            found.append({"type": e["type"], "start": m.start(), "end": m.end(),
                          "text": m.group(0), "by_actor": e["by_actor"],
                          "needs": e["needs"], "agent": e["agent"], "named": "{C}" in e["pattern"]})
    if not found:
        return found
    return [t for t in _resolve_overlaps(found) if not _is_name(sentence, t)]


_TITLE_WORD = re.compile(r"(?-i:[A-Z][a-z]+)$")
_LONG_WORD = re.compile(r"[A-Za-z]{4,}")
_CAPITALISED_AFTER = re.compile(r"\s+(?-i:[A-Z][a-z])")
_CAPITALISED_BEFORE = re.compile(r"(?-i:[A-Z][\w'’.-]*)\s+$")
_OPENING = re.compile(r"^[\W\d]*$")
_SPEAKER = re.compile(r"\s*:")


def _is_name(sentence: str, t: dict) -> bool:
    """A capitalised trigger word inside a sentence in ordinary case is part of a name
    ("Flood said", "Six Flags Hurricane Harbor", "struck a Honda Accord"), except a named storm
    ("Hurricane Katrina"); so is a capitalised word opening a transcript line ("Slaughter: ...")."""
    words = t["text"].split()
    if _OPENING.match(sentence[:t["start"]]):
        return bool(_TITLE_WORD.match(words[0]) and _SPEAKER.match(sentence, t["end"]))  # "Slaughter: ..."
    # The last word too, unless the pattern asks for a name there ("met with {C}...").
    if not (_TITLE_WORD.match(words[0]) or (not t["named"] and _TITLE_WORD.match(words[-1]))):
        return False
    long_words = _LONG_WORD.findall(sentence)
    if sum(w[0].isupper() for w in long_words) > 0.8 * len(long_words):
        return False  # a headline in title case
    named_storm = (t["type"] == "natural_disaster" and _CAPITALISED_AFTER.match(sentence, t["end"])
                   and not _CAPITALISED_BEFORE.search(sentence[:t["start"]]))
    return not named_storm


def _resolve_overlaps(found: list[dict]) -> list[dict]:
    """Keep the longest of overlapping triggers (first found wins ties)."""
    kept: list[dict] = []
    for t in sorted(found, key=lambda t: -(t["end"] - t["start"])):
        if all(t["end"] <= k["start"] or t["start"] >= k["end"] for k in kept):
            kept.append(t)
    return sorted(kept, key=lambda t: t["start"])


def drop_suppressed(triggers: list[dict]) -> list[dict]:
    """Remove triggers whose type is made redundant by another type in the same sentence."""
    _, suppressors = compiled_lexicon()
    present = {t["type"] for t in triggers}
    return [t for t in triggers if not (suppressors.get(t["type"], set()) & (present - {t["type"]}))]
