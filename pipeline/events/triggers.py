"""Trigger detection: lexicon patterns -> typed trigger spans of one sentence."""
from __future__ import annotations

import functools
import re

from pipeline.events.vocab import load

_MACROS = [(re.compile(r"\{w(\d)\}"), lambda m: rf"(?:\S+\s+){{0,{m.group(1)}}}?"),
           (re.compile(r"\{C\}"), lambda m: "(?-i:[A-Z])")]


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
                "by_actor": bool(item.get("by_actor")),
            })
    return entries, suppressors


def find_triggers(sentence: str) -> list[dict]:
    """Non-overlapping typed triggers of a sentence: {type, start, end, text, by_actor}."""
    entries, _ = compiled_lexicon()
    found = []
    for e in entries:
        if e["requires"] and not e["requires"].search(sentence):
            continue
        if e["unless"] and e["unless"].search(sentence):
            continue
        for m in e["regex"].finditer(sentence):
            if e["not_after"] and e["not_after"].search(sentence[max(0, m.start() - 60):m.start()]):
                continue
            found.append({"type": e["type"], "start": m.start(), "end": m.end(),
                          "text": m.group(0), "by_actor": e["by_actor"]})
    return _resolve_overlaps(found)


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
