"""Trigger detection: lexicon patterns -> typed trigger spans of one sentence."""
from __future__ import annotations

import functools
import re

from pipeline.events.sieve import automaton, folds_like_lower, literal_prefixes, shortest
from pipeline.events.vocab import load

_MACROS = [(re.compile(r"\{w(\d)\}"), lambda m: rf"(?:\S+\s+){{0,{m.group(1)}}}?"),
           (re.compile(r"\{C\}"), lambda m: "(?-i:[A-Z])")]


_WORD_START = re.compile(r"(?<![\w-])\w")


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
                "pattern": item["pattern"],
            })
    return entries, suppressors


@functools.lru_cache(maxsize=None)
def prefix_index() -> tuple[dict[str, set[int]], set[int]]:
    """Which entries can match at a word starting with a given 1-3 letter prefix, and the
    entries whose start is unknown (always tried). Scanning each pattern over every sentence
    is what costs; this lets a sentence try only the entries its words can start."""
    entries, _ = compiled_lexicon()
    index: dict[str, set[int]] = {}
    always: set[int] = set()
    for i, e in enumerate(entries):
        starts = literal_prefixes(expand(e["pattern"]))
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
    24 chars) to (length - 1, entry numbers). The 3-char index leaves a candidate in every
    fourth word; whole prefixes ("attack", "killed") leave one in thirty, found in one C scan.
    None when some prefix is not ASCII."""
    entries, _ = compiled_lexicon()
    index, always = prefix_index()
    table: dict[str, list[int]] = {}
    for n, e in enumerate(entries):
        if n in always:
            continue
        starts = literal_prefixes(expand(e["pattern"]), 24)
        short = {k for k, hit in index.items() if n in hit}
        if {p[:3] for p in starts} != short:  # keep the candidates a subset of the index's
            starts = short
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


def find_triggers(sentence: str) -> list[dict]:
    """Non-overlapping typed triggers of a sentence: {type, start, end, text, by_actor}."""
    entries, _ = compiled_lexicon()
    _, always = prefix_index()
    starts = _candidates(sentence, sentence.lower())
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
                          "needs": e["needs"], "named": "{C}" in e["pattern"]})
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
