"""Toponym recognition: capitalised word sequences of the text that are gazetteer names."""
from __future__ import annotations

import re
from itertools import accumulate, compress
from operator import add, not_, sub

from pipeline.geo.normalize import name_key
from pipeline.geo.vocab import modifiers, not_places

# Abbreviations with dots ("U.S.", "N.Y.") are one token; otherwise words with apostrophes.
TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_][\w'’‘`ʿʾ]*\.?")
MAX_WORDS = 6
_SENTENCE_END = set(".!?:;\"“”()[]\n")


_ABBREVIATION = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]{1,3}\.")
# A token with the gap before it: a token never starts with a non-word character or "_".
_GAP_TOKEN = re.compile(r"([\W_]*)(" + TOKEN.pattern + ")")


class _WordKeys(dict):
    """Folded keys of words met before: a plain dict lookup per word, folding on a miss."""

    def __missing__(self, word: str) -> str:
        if len(self) >= 100_000:  # about 15 MB of short strings
            self.clear()
        key = self[word] = name_key(word)
        return key


_WORD_KEYS = _WordKeys()
_key = _WORD_KEYS.__getitem__


class Tokens:
    """Word tokens of a text as parallel lists: offsets, text, folded key, capitalisation,
    all capitals, sentence start, and whether the next word continues the same name."""
    __slots__ = ("start", "end", "text", "key", "cap", "upper", "initial", "joined")

    def __len__(self) -> int:
        return len(self.key)


def tokenize(text: str) -> Tokens:
    """Word tokens with offsets, folded key, capitalisation and sentence-start flag."""
    pairs = _GAP_TOKEN.findall(text)
    gaps, words = (list(x) for x in zip(*pairs)) if pairs else ([], [])
    lengths = list(map(len, words))  # map and accumulate: no Python frame per word
    starts = list(map(sub, accumulate(map(add, map(len, gaps), lengths)), lengths))
    for i in [i for i, w in enumerate(words) if w[-1] == "."]:
        if not _ABBREVIATION.fullmatch(words[i]):
            words[i] = words[i][:-1]  # a sentence's full stop, not an abbreviation's
            if i + 1 < len(gaps):
                gaps[i + 1] = "." + gaps[i + 1]
    # gaps[i] now runs from the previous word's kept end to word i's start
    t = Tokens()
    t.start, t.text = starts, words
    t.end = list(map(add, starts, map(len, words)))
    t.key = list(map(_key, words))
    t.cap = [w[0].isupper() for w in words]
    t.upper = [u and len(w) > 1 for u, w in zip(map(str.isupper, words), words)]
    # most gaps are one space: joined, no sentence start
    t.joined = [gap == " " or _is_join(gap) for gap in gaps[1:]] + [False] if words else []
    t.initial = ([_starts_text(gaps[0])] + [gap != " " and _starts_sentence(gap, prev)
                                            for gap, prev in zip(gaps[1:], words)]) if words else []
    return t


def _starts_text(gap: str) -> bool:
    """True when the first word opens a sentence: nothing or a sentence end before it."""
    before = gap.rstrip(" \t")
    return not before or before[-1] in _SENTENCE_END


def _starts_sentence(gap: str, prev: str) -> bool:
    """True when the gap before a word ends a sentence; after an abbreviation's dot ("Mr.
    Smith", "St. Louis") no sentence starts."""
    before = gap.rstrip(" \t")
    if not before:
        return False
    last = before[-1]
    return last in _SENTENCE_END and not (last == "." and prev[-1] == ".")


def _is_join(gap: str) -> bool:
    """True for a gap that keeps two words in one name: spaces or a hyphen, no line break."""
    return gap == " " or (len(gap) <= 3 and gap.strip(" -‐–") == "" and "\n" not in gap)


def candidate_spans(text: str, tokens: Tokens) -> list[tuple[int, int, str]]:
    """(first token, last token, key) of capitalised word sequences that could be names."""
    spans = []
    keys, cap, joined, n = tokens.key, tokens.cap, tokens.joined, len(tokens)
    for i in [i for i, c in enumerate(cap) if c]:
        key = keys[i]
        spans.append((i, i, key))
        for j in range(i + 1, min(i + MAX_WORDS, n)):
            if not joined[j - 1]:
                break
            key = f"{key} {keys[j]}"
            if cap[j]:
                spans.append((i, j, key))
    return spans


def lower_keys(tokens: Tokens) -> frozenset[str]:
    """Keys of the words the text writes in lower case (common words, not names)."""
    return frozenset(compress(tokens.key, map(not_, tokens.cap)))


def is_plausible(tokens: Tokens, i: int, j: int, text: str = "",
                 lower: frozenset[str] = frozenset(), prominent: bool = False) -> tuple[bool, str]:
    """Context filters for a matched name spanning tokens i..j: (keep, why not).

    A prominent place (country, state, city of 100,000) stays a place before another
    capitalised word ("Ohio Department of Health", "U.S. Army")."""
    words = modifiers()
    keys, cap, initial = tokens.key, tokens.cap, tokens.initial
    key = " ".join(keys[i:j + 1])
    if key in not_places():
        return False, "listed as not a place"
    if len(key.replace(" ", "")) <= 3 and not all(u or not c for u, c in zip(tokens.upper[i:j + 1], cap[i:j + 1])):
        return False, "short name not in capitals"
    if i == j:
        # joined: only spaces or a hyphen between the word and its neighbour
        p = i - 1 if i > 0 and tokens.joined[i - 1] else None
        n = j + 1 if j + 1 < len(tokens) and tokens.joined[j] else None
        if p is not None and cap[p] and not initial[i] and keys[p] not in words["before"] \
                and not (initial[p] and keys[p] in words["opening"]):
            return False, "part of a longer capitalised name"
        if n is not None and cap[n] and not initial[n] and keys[n] not in words["after"] \
                and keys[n] not in words["suffix"] and not prominent:
            return False, "part of a longer capitalised name"
        if initial[i] and keys[i] in lower:
            return False, "a common word capitalised at a sentence start"
    return True, ""


def name_tails(tokens: Tokens, spans, found) -> frozenset[str]:
    """Last words of capitalised pairs that are not places ("Greg Taylor", "President Obama"):
    met alone later in the text, they are people, not the namesake towns."""
    opening = modifiers()["before"] | modifiers()["opening"]
    return frozenset(tokens.key[j] for (i, j, _), rows in zip(spans, found)
                     if j == i + 1 and not len(rows) and tokens.key[i] not in opening)


def suffix_kind(tokens: Tokens, i: int, j: int) -> str:
    """The feature kind favoured by a type word around the name: "X province", "city of X"
    ('admin1', 'admin2', 'place' or '')."""
    suffix = modifiers()["suffix"]
    keys = tokens.key
    if j + 1 < len(keys) and keys[j + 1] in suffix:
        return suffix[keys[j + 1]]
    if i >= 2 and keys[i - 1] == "of" and keys[i - 2] in suffix:
        return suffix[keys[i - 2]]
    return ""


def is_abroad(tokens: Tokens, i: int, j: int) -> bool:
    """True when the type word after the name is one used for divisions outside the US."""
    return j + 1 < len(tokens) and tokens.key[j + 1] in modifiers()["abroad"]


def is_person(tokens: Tokens, j: int) -> bool:
    """True when a speech or meeting verb follows the name ("Moore said"): a person."""
    return j + 1 < len(tokens) and tokens.key[j + 1] in modifiers()["person_after"]
