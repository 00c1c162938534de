"""Toponym recognition: capitalised word sequences of the text that are gazetteer names."""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.geo.normalize import name_key
from pipeline.geo.vocab import modifiers, not_places

# Abbreviations with dots ("U.S.", "N.Y.") are one token; otherwise words with apostrophes.
TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_][\w'’‘`ʿʾ]*\.?")
MAX_WORDS = 6
_SENTENCE_END = set(".!?:;\"“”()[]\n")


_ABBREVIATION = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]{1,3}\.")
# A token with the gap before it: a token never starts with a non-word character or "_".
_GAP_TOKEN = re.compile(r"([\W_]*)(" + TOKEN.pattern + ")")


@lru_cache(maxsize=200_000)
def _key(word: str) -> str:
    return name_key(word)


def tokenize(text: str) -> list[dict]:
    """Word tokens with offsets, folded key, capitalisation and sentence-start flag."""
    tokens = []
    pos, carry, prev = 0, "", None  # carry: a full stop cut off the previous word
    for gap, word in _GAP_TOKEN.findall(text):
        start = pos + len(gap)
        pos = start + len(word)
        if word[-1] == "." and not _ABBREVIATION.fullmatch(word):
            word = word[:-1]  # a sentence's full stop, not an abbreviation's
            gap, carry = carry + gap, "."
        else:
            gap, carry = carry + gap, ""
        # the gap runs from the previous word's kept end to this word's start
        if gap == " " and prev is not None:  # the common case, decided without string work
            initial = False
            prev["joined"] = True
        else:
            before = gap.rstrip(" \t")
            if before:
                last = before[-1]
                initial = last in _SENTENCE_END and not (last == "." and prev is not None and prev["text"][-1] == ".")
            else:
                initial = prev is None  # after an abbreviation's dot ("Mr. Smith") no sentence starts
            if prev is not None:
                prev["joined"] = _is_join(gap)
        prev = {"start": start, "end": start + len(word), "text": word, "key": _key(word),
                "cap": word[0].isupper(), "upper": len(word) > 1 and word.isupper(),
                "initial": initial, "joined": False}
        tokens.append(prev)
    return tokens


def _is_join(gap: str) -> bool:
    """True for a gap that keeps two words in one name: spaces or a hyphen, no line break."""
    return gap == " " or (len(gap) <= 3 and gap.strip(" -‐–") == "" and "\n" not in gap)


def _joined(text: str, a: dict, b: dict) -> bool:
    """True when two adjacent tokens belong to one name (only spaces or hyphens between)."""
    return a["joined"] and a["end"] <= b["start"] and _is_join(text[a["end"]:b["start"]])


def candidate_spans(text: str, tokens: list[dict]) -> list[tuple[int, int, str]]:
    """(first token, last token, key) of capitalised word sequences that could be names."""
    spans = []
    for i, t in enumerate(tokens):
        if not t["cap"]:
            continue
        key = t["key"]
        spans.append((i, i, key))
        for j in range(i + 1, min(i + MAX_WORDS, len(tokens))):
            if not tokens[j - 1]["joined"]:
                break
            key = f"{key} {tokens[j]['key']}"
            if tokens[j]["cap"]:
                spans.append((i, j, key))
    return spans


def lower_keys(tokens: list[dict]) -> frozenset[str]:
    """Keys of the words the text writes in lower case (common words, not names)."""
    return frozenset(t["key"] for t in tokens if not t["cap"])


def is_plausible(tokens: list[dict], i: int, j: int, text: str = "",
                 lower: frozenset[str] = frozenset(), prominent: bool = False) -> tuple[bool, str]:
    """Context filters for a matched name spanning tokens i..j: (keep, why not).

    A prominent place (country, state, city of 100,000) stays a place before another
    capitalised word ("Ohio Department of Health", "U.S. Army")."""
    words = modifiers()
    key = " ".join(t["key"] for t in tokens[i:j + 1])
    if key in not_places():
        return False, "listed as not a place"
    if len(key.replace(" ", "")) <= 3 and not all(t["upper"] or not t["cap"] for t in tokens[i:j + 1]):
        return False, "short name not in capitals"
    if i == j:
        prev = tokens[i - 1] if i > 0 and _joined(text, tokens[i - 1], tokens[i]) else None
        nxt = tokens[j + 1] if j + 1 < len(tokens) and _joined(text, tokens[j], tokens[j + 1]) else None
        t = tokens[i]
        if prev and prev["cap"] and not t["initial"] and prev["key"] not in words["before"] \
                and not (prev["initial"] and prev["key"] in words["opening"]):
            return False, "part of a longer capitalised name"
        if nxt and nxt["cap"] and not nxt["initial"] and nxt["key"] not in words["after"] \
                and nxt["key"] not in words["suffix"] and not prominent:
            return False, "part of a longer capitalised name"
        if t["initial"] and t["key"] in lower:
            return False, "a common word capitalised at a sentence start"
    return True, ""


def name_tails(tokens: list[dict], spans, found) -> frozenset[str]:
    """Last words of capitalised pairs that are not places ("Greg Taylor", "President Obama"):
    met alone later in the text, they are people, not the namesake towns."""
    opening = modifiers()["before"] | modifiers()["opening"]
    return frozenset(tokens[j]["key"] for (i, j, _), rows in zip(spans, found)
                     if j == i + 1 and not len(rows) and tokens[i]["key"] not in opening)


def suffix_kind(tokens: list[dict], i: int, j: int) -> str:
    """The feature kind favoured by a type word around the name: "X province", "city of X"
    ('admin1', 'admin2', 'place' or '')."""
    suffix = modifiers()["suffix"]
    if j + 1 < len(tokens) and tokens[j + 1]["key"] in suffix:
        return suffix[tokens[j + 1]["key"]]
    if i >= 2 and tokens[i - 1]["key"] == "of" and tokens[i - 2]["key"] in suffix:
        return suffix[tokens[i - 2]["key"]]
    return ""


def is_abroad(tokens: list[dict], i: int, j: int) -> bool:
    """True when the type word after the name is one used for divisions outside the US."""
    return j + 1 < len(tokens) and tokens[j + 1]["key"] in modifiers()["abroad"]


def is_person(tokens: list[dict], j: int) -> bool:
    """True when a speech or meeting verb follows the name ("Moore said"): a person."""
    return j + 1 < len(tokens) and tokens[j + 1]["key"] in modifiers()["person_after"]
