"""Toponym recognition: capitalised word sequences of the text that are gazetteer names."""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate, compress, repeat
from operator import itemgetter, lt, sub

import yaml

from pipeline.geo.normalize import ARTICLES, name_key
from pipeline.geo.sources import DATA
from pipeline.geo.vocab import modifiers, not_places
from pipeline.text import abbreviations


def _abbreviation_pattern() -> str:
    """Capitalised abbreviations whose dot ends no sentence: pipeline.text's list (so that the
    sentence splitter and this tokenizer agree on sentence starts) and the AP abbreviations of
    US states ("Tenn.", "Calif."), which name places here. One alternation per first letter
    ("C(?:alif|apt|ol|...)"), longest first: re then tries only the words of the letter it sees."""
    words = {w.capitalize() for w in abbreviations() if "." not in w}
    for names in yaml.safe_load((DATA / "us_state_abbreviations.yaml").read_text()).values():
        words.update(n.rstrip(".") for n in names if n.count(".") == 1 and n.endswith("."))
    by_letter: dict[str, list[str]] = {}
    for w in sorted(words, key=lambda w: (-len(w), w)):
        by_letter.setdefault(w[0], []).append(re.escape(w[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rest)})" for first, rest in sorted(by_letter.items()))


# A token and the gap before it. Abbreviations keep their dot ("U.S.", "N.Y.", "Mr.", "St.",
# "J."); any other word ("Iraq.", "Homs.") leaves a following dot to the next gap, where it ends a
# sentence. Written so that most words (lower case first, then capitalised) are told apart by
# their first letter, and the abbreviations are tried only at a capital (the lookahead): at the
# other positions the split tries, gap characters, every alternative fails on its first class.
_GAP_TOKEN = re.compile(r"([a-z][\w'’‘`ʿʾ]*|(?=[A-Z])(?:(?:" + _abbreviation_pattern() + r")\."
                        r"|[A-Z](?:\.(?:[A-Z]\.)+|\.|[\w'’‘`ʿʾ]*))|[^\W_][\w'’‘`ʿʾ]*)")
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


def _is_joining(gap: str) -> bool:
    """Whether a gap keeps its two words in one name: spaces or a hyphen, no line break."""
    return gap == " " or (len(gap) <= 3 and gap.strip(" -‐–") == "" and "\n" not in gap)


def _gap_end(gap: str) -> int:
    """How a gap ends: _FULL_STOP, _OTHER_END or 0 (no sentence end)."""
    before = gap.rstrip(" \t")
    if not before or before[-1] not in _SENTENCE_END:
        return 0
    return _FULL_STOP if before[-1] == "." else _OTHER_END


def _word_key(word: str) -> str:
    """name_key of a word; most are plain ASCII letters and digits, which only need lower case.
    A possessive's 's is no part of the name ("Damascus's ally")."""
    if word.endswith(_POSSESSIVE) and len(word) > 3:
        word = word[:-2]
    return word.lower() if word.isascii() and word.isalnum() else name_key(word)


_POSSESSIVE = ("'s", "’s")


# about 20 MB of short strings at most
_KEYS = _Memo(_word_key, 100_000)
_JOINS = _Memo(_is_joining, 10_000)
_ENDS = _Memo(_gap_end, 10_000)


class Tokens:
    """Word tokens of a text: each word's folded key and capitalisation, and the indices of the
    capitalised words (only they start names). The other facts of a word (sentence start, offsets...)
    are computed when asked for: they matter only around the few names found. `gaps` holds the gap
    before each word, then a line break: no name runs past the last word."""
    __slots__ = ("text", "key", "cap", "caps", "gaps", "parts", "_bounds")

    def __len__(self) -> int:
        return len(self.text)

    def upper(self, k: int) -> bool:
        """Whether word k is all capitals (two letters or more)."""
        word = self.text[k]
        return word.isupper() and len(word) > 1

    def joined(self, k: int) -> bool:
        """Whether word k and the next one can be parts of one name (the last word: no)."""
        return _JOINS[self.gaps[k + 1]]

    def initial(self, k: int) -> bool:
        """Whether word k starts a sentence: after a sentence end, except after an abbreviation's
        dot ("Mr. Smith", "St. Louis"); the first word also after nothing but blanks."""
        end = _ENDS[self.gaps[k]]
        if k == 0:
            return bool(end) or not self.gaps[0].rstrip(" \t")
        return end == _OTHER_END or (end == _FULL_STOP and self.text[k - 1][-1] != ".")

    def written_lower(self, key: str) -> bool:
        """Whether a word of the text without a capital folds to `key` (a common word)."""
        keys, cap, k = self.key, self.cap, -1
        try:
            while True:
                k = keys.index(key, k + 1)
                if not cap[k]:
                    return True
        except ValueError:
            return False

    def start(self, k: int) -> int:
        """The offset where word k starts."""
        return self._offsets()[2 * k]

    def end(self, k: int) -> int:
        """The offset where word k ends."""
        return self._offsets()[2 * k + 1]

    def _offsets(self) -> list[int]:
        # the running length of gap, word, gap, word...: where every word starts and ends
        if self._bounds is None:
            self._bounds = list(accumulate(map(len, self.parts)))
        return self._bounds


def tokenize(text: str) -> Tokens:
    """Word tokens of a text, with the indices of the capitalised ones."""
    t = Tokens()
    t.parts = _GAP_TOKEN.split(text)  # gap, word, gap, word, ..., the gap after the last word
    t.text, t.gaps = t.parts[1::2], t.parts[::2]
    t.gaps[-1] = "\n"
    t.key = list(map(_KEYS.__getitem__, t.text))
    t.cap = list(map(str.isupper, map(itemgetter(0), t.text)))
    t.caps = list(compress(range(len(t.cap)), t.cap))
    t._bounds = None
    return t


def candidate_spans(text: str, tokens: Tokens) -> list[tuple[int, int, str]]:
    """(first token, last token, key) of capitalised word sequences that could be names: every
    capitalised word in text order, then the longer sequences."""
    keys, cap, caps, gaps, joins = tokens.key, tokens.cap, tokens.caps, tokens.gaps, _JOINS
    spans = list(zip(caps, caps, map(keys.__getitem__, caps)))
    # only a capitalised word with another one close after it can start a longer name
    close = map(lt, map(sub, caps[1:], caps), repeat(MAX_WORDS))
    for p in compress(range(len(caps) - 1), close):
        i = caps[p]
        j, last = i, i + MAX_WORDS - 1
        while j < last and joins[gaps[j + 1]]:
            j += 1
            if cap[j]:
                spans.append((i, j, " ".join(keys[i:j + 1])))
    return spans


def capitalised_runs(tokens: Tokens, taken: list[bool], most: int) -> list[tuple[int, int, str]]:
    """(first token, last token, key) of every run of 1 to `most` capitalised words not taken,
    longest first at each start."""
    spans = []
    keys, cap, gaps, joins = tokens.key, tokens.cap, tokens.gaps, _JOINS
    n = len(keys)
    for i in tokens.caps:
        if taken[i]:
            continue
        j, last = i, i + most - 1
        ends = []
        while j < last and joins[gaps[j + 1]] and not taken[j + 1]:
            if cap[j + 1]:
                j += 1
            elif keys[j + 1] in ARTICLES and j + 2 < n and j + 2 <= last + 1 and cap[j + 2] \
                    and joins[gaps[j + 2]] and not taken[j + 2]:
                j += 2  # "Maarat al-Numan": an Arabic article inside one name
            else:
                break
            ends.append(j)
        for end in reversed(ends):
            spans.append((i, end, " ".join(keys[i:end + 1])))
        spans.append((i, i, keys[i]))
    return spans


def in_article_name(tokens: Tokens, i: int, j: int) -> bool:
    """Whether words i..j are one part of a longer name joined by an Arabic article ("Maarat" and
    "Numan" of "Maarat al-Numan", "Assad" of "Bashar al-Assad", "Sham" of "Tahrir al-Sham")."""
    keys, cap, joined, n = tokens.key, tokens.cap, tokens.joined, len(tokens.key)
    if j + 2 < n and keys[j + 1] in ARTICLES and cap[j + 2] and joined(j) and joined(j + 1):
        return True
    return i >= 2 and keys[i - 1] in ARTICLES and cap[i - 2] and joined(i - 2) and joined(i - 1)


def is_plausible(tokens: Tokens, i: int, j: int, key: str, prominent: bool = False) -> tuple[bool, str]:
    """Context filters for a matched name spanning tokens i..j, folded to `key`: (keep, why not).

    A prominent place (country, state, city of 100,000) stays a place before another
    capitalised word ("Ohio Department of Health", "U.S. Army")."""
    keys, cap, initial = tokens.key, tokens.cap, tokens.initial
    if key in not_places():
        return False, "listed as not a place"
    if len(key.replace(" ", "")) <= 3 and not all(tokens.upper(k) or not cap[k] for k in range(i, j + 1)):
        return False, "short name not in capitals"
    if in_article_name(tokens, i, j):
        return False, "part of a longer name joined by an article"
    if i == j:
        words = modifiers()
        # joined: only spaces or a hyphen between the word and its neighbour
        if i > 0 and cap[i - 1] and tokens.joined(i - 1) and not initial(i):
            before = keys[i - 1]
            if before not in words["before"] and not (before in words["opening"] and initial(i - 1)):
                return False, "part of a longer capitalised name"
        n = j + 1
        if not prominent and tokens.joined(j) and cap[n] and not initial(n):
            after = keys[n]
            if after not in words["after"] and after not in words["suffix"]:
                return False, "part of a longer capitalised name"
        if initial(i) and tokens.written_lower(keys[i]):
            return False, "a common word capitalised at a sentence start"
    return True, ""


def name_tails(tokens: Tokens, spans) -> frozenset[str]:
    """Last words of capitalised pairs that are not places ("Greg Taylor", "President Obama"):
    met alone later in the text, they are people, not the namesake towns. `spans`: candidate
    spans with their rows."""
    opening, keys = _openings(), tokens.key
    return frozenset(keys[j] for (i, j, _), rows in spans
                     if j == i + 1 and not len(rows) and keys[i] not in opening)


@lru_cache(maxsize=None)
def _openings() -> frozenset[str]:
    """Words that open a name without being part of it: titles and openings."""
    return modifiers()["before"] | modifiers()["opening"]


def people(tokens: Tokens) -> set[str]:
    """Keys of capitalised words followed by a speech or meeting verb ("Moore said"): people."""
    keys, verbs = tokens.key, modifiers()["person_after"]
    last = len(keys) - 1
    return {keys[i] for i in tokens.caps if i < last and keys[i + 1] in verbs}


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
    return j + 1 < len(tokens.key) and tokens.key[j + 1] in modifiers()["abroad"]


def is_person(tokens: Tokens, j: int) -> bool:
    """True when a speech or meeting verb follows the name ("Moore said"): a person."""
    return j + 1 < len(tokens.key) and tokens.key[j + 1] in modifiers()["person_after"]
