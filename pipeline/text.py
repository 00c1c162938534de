"""Sentence splitting with character offsets: fast regex rules tuned for news prose."""
from __future__ import annotations

import functools
import re

# Abbreviations whose trailing period does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "adm",
    "gov", "sen", "rep", "st", "mt", "ft", "jr", "sr", "rev", "hon", "pres", "no", "vs", "etc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "inc", "corp", "co", "ltd", "approx",
}
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then space; or
# a blank line. Written to start with one character class, which lets re skip to candidates.
# Runs of terminal punctuation and closing quotes are bounded so that a long run cannot make
# the scan quadratic.
_BOUNDARY = re.compile(r"[.!?\n](?:(?<=[.!?])[.!?]{0,20}[\"'”’)\]]{0,10}(?=\s+[\"'“‘(\[]?[A-Z0-9])|(?<=\n)\s*\n)")
# A hard cap on sentence length, so that every stage's cost per sentence is bounded and its
# cost per article linear: a longer run (lower-case text without punctuation, a list) is cut at
# the last clause break, else the last space, in the second half of each MAX_SENTENCE_CHARS.
MAX_SENTENCE_CHARS = 1000
_CLAUSE_BREAK = re.compile(r"[;:,](?=\s)|\s[-–—](?=\s)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def abbreviations() -> frozenset[str]:
    """The words (lower case, without their dot) whose dot ends no sentence: geo's tokenizer
    reads the same list, so the two agree on where sentences start."""
    return frozenset(_ABBREVIATIONS)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) character spans of the sentences of `text`, whitespace trimmed."""
    return list(_spans(text))


# Cleaning counts the sentences and analysis splits the same text again right after: the
# last few texts' spans are kept so the scan runs once per article.
@functools.lru_cache(maxsize=8)
def _spans(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if not m.group(0).startswith("\n") and _is_abbreviation(text, m.start(), m.end()):
            continue
        _add_capped(text, start, end, spans)
        start = end
    _add_capped(text, start, len(text), spans)
    return tuple(spans)


def _add_capped(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Add the sentence text[start:end], cut into pieces of at most MAX_SENTENCE_CHARS."""
    while end - start > MAX_SENTENCE_CHARS:
        while start < end and text[start].isspace():
            start += 1
        if end - start <= MAX_SENTENCE_CHARS:
            break
        lo, hi = start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS
        cut = None
        for m in _CLAUSE_BREAK.finditer(text, lo, hi):
            cut = m.end()
        if cut is None:
            space = max(text.rfind(c, lo, hi) for c in " \n\t")
            cut = space if space > lo else hi
        _add_span(text, start, cut, spans)
        start = cut
    _add_span(text, start, end, spans)


def _is_abbreviation(text: str, start: int, end: int) -> bool:
    punct = text[start:end]
    if not punct.startswith(".") or len(punct.rstrip("\"'”’)]")) > 1:
        return False
    w = _WORD_BEFORE.search(text, max(0, start - 12), start + 1)
    if not w:
        return False
    word = w.group(1).lower()
    # Single capital initials ("John F. Kennedy") and known abbreviations.
    return word in _ABBREVIATIONS or (len(word) == 1 and text[w.start(1)].isupper())


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def contains_any_ignorecase(text: str, literals: tuple[str, ...]) -> bool:
    """Whether a case-insensitive regex finds one of the literals in `text` (by str.lower and
    `in` when that finds the same: several times faster than the regex)."""
    if all(map(str.isascii, literals)) and lower_agrees_with_ignorecase(text):
        lowered = text.lower()
        return any(lit.lower() in lowered for lit in literals)
    return re.search("|".join(map(re.escape, literals)), text, re.IGNORECASE) is not None


def lower_agrees_with_ignorecase(text: str) -> bool:
    """Whether ASCII words found in `text.lower()` are what a case-insensitive regex finds: yes
    unless the text holds a letter re folds onto ASCII unlike str.lower (see folded_onto_ascii)."""
    return text.isascii() or not any(letter in text for letter in folded_onto_ascii())


@functools.lru_cache(maxsize=None)
def folded_onto_ascii() -> str:
    """The non-ASCII characters a case-insensitive regex equates with an ASCII character that
    str.lower does not turn them into: dotted and dotless i, long s (the Kelvin sign lowers to k,
    so it agrees; astral characters fold onto none). Derived, not listed, so it follows Python."""
    bmp = "".join(map(chr, range(0x80, 0x10000)))
    return "".join(sorted(c for c in set(re.findall(r"[\x00-\x7f]", bmp, re.IGNORECASE))
                          if not (len(c.lower()) == 1 and c.lower().isascii())))
