"""A finditer that tries a pattern only where one of its literal prefixes starts (the prefixes
are read from the pattern by pipeline.regex_literals).

re tries an alternation of many words one by one at every position of a text; one Aho-Corasick
scan of the lower-cased text finds the few positions worth trying. Lower-casing must fold the
text as the case-insensitive regexes do, which holds unless the text has a character that
lower() lengthens or that the regexes equate with an ASCII one lower() keeps apart (the dotless
i, the long s): such (rare) texts take the plain scan."""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import ahocorasick

from pipeline.regex_literals import literal_prefixes, min_width, shortest
from pipeline.text import folded_onto_ascii

__all__ = ["PrefixScan", "Sieve", "automaton", "folds_like_lower", "literal_prefixes", "shortest"]


@functools.lru_cache(maxsize=None)
def _odd_characters() -> re.Pattern:
    """Non-ASCII characters the case-insensitive regexes equate with an ASCII character that
    lower() does not turn them into, and non-ASCII digits (\\d)."""
    # A non-ASCII character first: re finds those with a fast charset scan.
    return re.compile(r"[^\x00-\x7f](?<=[\d" + "".join(map(re.escape, folded_onto_ascii())) + "])")


def folds_like_lower(text: str, lower: str) -> bool:
    """Whether lower-case ASCII prefixes found in `lower` (= text.lower()) are all the places
    where the case-insensitive regexes can read them in `text`, at the same offsets."""
    return text.isascii() or (len(lower) == len(text) and not _odd_characters().search(text))


def automaton(table: Mapping[str, object]) -> ahocorasick.Automaton | None:
    """An automaton from ASCII prefixes to (length - 1, value); None without any prefix."""
    if not table or not all(p.isascii() for p in table):
        return None
    auto = ahocorasick.Automaton()
    for prefix, value in table.items():
        auto.add_word(prefix, (len(prefix) - 1, value))
    auto.make_automaton()
    return auto


class Sieve:
    """A compiled regex whose finditer tries it only where one of its literal prefixes starts."""

    def __init__(self, rx: re.Pattern, k: int = 24):
        self.rx = rx
        prefixes = literal_prefixes(rx, k)
        usable = min_width(rx) > 0 and "" not in prefixes  # an empty match moves finditer on
        self.automaton = automaton(dict.fromkeys(shortest(prefixes))) if usable else None

    def finditer(self, text: str) -> list[re.Match]:
        """The matches rx.finditer(text) gives."""
        lower = text.lower()
        if self.automaton is None or not folds_like_lower(text, lower):
            return list(self.rx.finditer(text))
        match, out, pos = self.rx.match, [], 0
        for i in sorted(end - back for end, (back, _) in self.automaton.iter(lower)):
            if i >= pos and (m := match(text, i)):
                out.append(m)
                pos = m.end()
        return out


class PrefixScan:
    """The literal prefixes of several regexes in one automaton: one scan of a text tells which
    regexes cannot match inside a span of it (none of their prefixes lies there), sparing a
    search each when most of them are rare cue words."""

    def __init__(self, regexes: dict, k: int = 24):
        table: dict[str, list] = {}
        self.unknown = set()
        for key, rx in regexes.items():
            prefixes = literal_prefixes(rx, k)
            if "" in prefixes:
                self.unknown.add(key)
            for p in shortest(prefixes - {""}):
                table.setdefault(p, []).append(key)
        self.automaton = automaton(table)

    def spans(self, text: str) -> "PrefixSpans":
        """Where each regex's prefixes lie in text."""
        lower = text.lower()
        if self.automaton is None or not folds_like_lower(text, lower):
            return PrefixSpans(None, self.unknown)
        found: dict = {}
        for end, (back, keys) in self.automaton.iter(lower):
            for key in keys:
                found.setdefault(key, []).append((end - back, end + 1))
        return PrefixSpans(found, self.unknown)


class PrefixSpans:
    """The result of PrefixScan.spans."""

    def __init__(self, found: dict | None, unknown: set):
        self.found, self.unknown = found, unknown

    def may_match(self, key, lo: int, hi: int) -> bool:
        """Whether regex `key` may match inside text[lo:hi] (False: it cannot)."""
        if self.found is None or key in self.unknown:
            return True
        return any(lo <= s and e <= hi for s, e in self.found.get(key, ()))
