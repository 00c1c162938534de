"""Toponym recognition: capitalised word sequences of the text that are gazetteer names."""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate, compress
from operator import not_

from pipeline.geo.normalize import name_key
from pipeline.geo.vocab import modifiers, not_places

# A token and the gap before it. Abbreviations keep their dot ("U.S.", "N.Y.", "Mr.", "St."); any
# other word leaves a following dot to the next gap, where it may end a sentence.
_GAP_TOKEN = re.compile(r"((?:[A-Z]\.){2,}|[A-Z][a-z]{0,3}\.|[^\W_][\w'’‘`ʿʾ]*)")
MAX_WORDS = 6
_SENTENCE_END = set(".!?:;\"“”()[]\n")
_FULL_STOP, _OTHER_END = 2, 1  # how a gap ends: a dot, another sentence end, or neither (0)


class _Memo(dict):
    """Results of a function of short strings met before (words and gaps recur from text to
    text): a plain dict lookup per string, computing on a miss; bounded."""

    def __init__(self, function, size: int):
        super().__init__()
        self.function, self.size = function, size

    def __missing__(self, text: str):
        if len(self) >= self.size:
            self.clear()
        value = self[text] = self.function(text)
        return value


def _word_info(word: str) -> tuple[str, bool, bool]:
    """A word's folded key, capitalisation, and whether it is all capitals (two letters or more)."""
    return name_key(word), word[0].isupper(), word.isupper() and len(word) > 1


def _gap_info(gap: str) -> tuple[bool, int]:
    """Whether a gap keeps its two words in one name (spaces or a hyphen, no line break), and
    how it ends (_FULL_STOP, _OTHER_END or 0)."""
    joined = gap == " " or (len(gap) <= 3 and gap.strip(" -‐–") == "" and "\n" not in gap)
    before = gap.rstrip(" \t")
    if not before or before[-1] not in _SENTENCE_END:
        return joined, 0
    return joined, _FULL_STOP if before[-1] == "." else _OTHER_END


_WORDS = _Memo(_word_info, 100_000)  # about 20 MB of short strings at most
_GAPS = _Memo(_gap_info, 10_000)


class Tokens:
    """Word tokens of a text as parallel sequences: offsets, text, folded key, capitalisation,
    all capitals, sentence start, and whether the next word continues the same name."""
    __slots__ = ("start", "end", "text", "key", "cap", "upper", "initial", "joined")

    def __len__(self) -> int:
        return len(self.key)


def tokenize(text: str) -> Tokens:
    """Word tokens with offsets, folded key, capitalisation and sentence-start flag."""
    t = Tokens()
    parts = _GAP_TOKEN.split(text)  # gap, word, gap, word, ..., the gap after the last word
    words, gaps = parts[1::2], parts[:-1:2]
    if not words:
        t.start = t.end = t.text = t.key = t.cap = t.upper = t.initial = t.joined = ()
        return t
    # the running length of gap, word, gap, word...: where every word starts and ends
    bounds = list(accumulate(map(len, parts)))
    t.start, t.end, t.text = bounds[0:-1:2], bounds[1::2], words
    t.key, t.cap, t.upper = zip(*map(_WORDS.__getitem__, words))
    joins, ends = zip(*map(_GAPS.__getitem__, gaps))
    t.joined = joins[1:] + (False,)
    # a sentence starts after a sentence end, except after an abbreviation's dot ("Mr. Smith",
    # "St. Louis"); the first word also after nothing but blanks
    initial = [False] * len(words)
    for k in compress(range(len(words)), ends):
        initial[k] = k == 0 or ends[k] == _OTHER_END or words[k - 1][-1] != "."
    initial[0] = initial[0] or not gaps[0].rstrip(" \t")
    t.initial = initial
    return t


def candidate_spans(text: str, tokens: Tokens) -> list[tuple[int, int, str]]:
    """(first token, last token, key) of capitalised word sequences that could be names."""
    spans = []
    keys, cap, joined = tokens.key, tokens.cap, tokens.joined
    for i in compress(range(len(keys)), cap):
        key = keys[i]
        spans.append((i, i, key))
        j, last = i, i + MAX_WORDS - 1
        while joined[j] and j < last:  # the last word is never joined to a next one
            j += 1
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
    opening, keys = _openings(), tokens.key
    return frozenset(keys[j] for (i, j, _), rows in zip(spans, found)
                     if j == i + 1 and not len(rows) and keys[i] not in opening)


@lru_cache(maxsize=None)
def _openings() -> frozenset[str]:
    """Words that open a name without being part of it: titles and openings."""
    return modifiers()["before"] | modifiers()["opening"]


def people(tokens: Tokens) -> set[str]:
    """Keys of capitalised words followed by a speech or meeting verb ("Moore said"): people."""
    keys, cap = tokens.key, tokens.cap
    verbs = map(modifiers()["person_after"].__contains__, keys[1:])
    return {keys[i] for i in compress(range(len(keys) - 1), verbs) if cap[i]}


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
