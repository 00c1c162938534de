"""The text layer: one article's sentences and word tokens with character offsets, computed once
and read by every stage (geo, events, dates); sentence splitting by fast regex rules tuned for
news prose.

`text_layer(text)` gives the TextLayer of a text; the analysis of an article asks for it from each
stage with the same text, so its sentences, its lower-case form and its tokens are worked out once
per article (the last few texts' layers are kept). What each stage derives from the tokens for
itself (geo's folded name keys, the typer's feature rows) stays in the stage, kept on the layer
with `TextLayer.view`.
"""
from __future__ import annotations

import bisect
import functools
import re
from itertools import accumulate
from typing import Any, Callable

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


# The words of the layer: runs of word characters (letters, digits, underscore), with offsets.
WORD = re.compile(r"(\w+)")
# The word tokens of the layer, on lower-cased text: letters with at most one apostrophe inside
# ("don't"; "al-Assad" is two tokens), and numbers with their separators ("1,200.5"). The learned
# event typer's features are made of these tokens (numbers folded to one NUMBER token), so
# this pattern is part of its model file's meaning: changing it means retraining.
WORD_TOKEN = re.compile(r"([^\W\d_]+(?:['’][^\W\d_]+)?|\d[\d,.]*)")
NUMBER = "<num>"


def word_tokens(sentence: str) -> list[str]:
    """The lower-case word tokens of one piece of text, numbers folded to NUMBER."""
    lowered = sentence.lower()
    if len(lowered) != len(sentence):  # lower() lengthened a character: offsets of the original
        return [NUMBER if m.group(0)[0].isdigit() else m.group(0).lower()
                for m in WORD_TOKEN.finditer(sentence)]
    return [NUMBER if t[0].isdigit() else t for t in WORD_TOKEN.findall(lowered)]


class TextLayer:
    """A text's sentences (spans), lower-case form and word tokens with offsets, each computed
    when first asked for, then kept; `view` keeps a stage's own reading of the text beside them."""

    __slots__ = ("text", "_lower", "_sentences", "_starts", "_words", "_views")

    def __init__(self, text: str):
        self.text = text
        self._lower: str | None = None
        self._sentences: list[tuple[int, int]] | None = None
        self._starts: list[int] | None = None
        self._words: tuple[list[str], list[int], list[str], list[str]] | None = None
        self._views: dict[Any, Any] = {}

    @property
    def lower(self) -> str:
        """text.lower(), once."""
        if self._lower is None:
            self._lower = self.text.lower()
        return self._lower

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """split_sentences(text): (start, end) of every sentence."""
        if self._sentences is None:
            self._sentences = split_sentences(self.text)
        return self._sentences

    @property
    def sentence_starts(self) -> list[int]:
        """Where each sentence starts, ascending."""
        if self._starts is None:
            self._starts = [s for s, _ in self.sentences]
        return self._starts

    def sentence_at(self, offset: int) -> int | None:
        """The index of the sentence holding `offset`, None between sentences."""
        k = bisect.bisect_right(self.sentence_starts, offset) - 1
        return k if k >= 0 and offset < self.sentences[k][1] else None

    @property
    def words(self) -> tuple[list[str], list[int], list[str], list[str]]:
        """The text's words (runs of \\w) from one split: (parts, starts, words, lowers), where
        parts alternates gap, word, ..., gap (the gap after word i is parts[2 * i + 2]), starts
        holds each word's offset and lowers each word in lower case. Dates look for
        expressions at these words, the event typer for its cue words."""
        if self._words is None:
            parts = WORD.split(self.text)
            starts = list(accumulate(map(len, parts), initial=0))[1::2]
            words = parts[1::2]
            self._words = (parts, starts, words, list(map(str.lower, words)))
        return self._words

    def span_tokens(self, start: int, end: int) -> list[str]:
        """word_tokens of text[start:end] (a sentence), kept for the next stage that asks."""
        key = ("tokens", start, end)
        views = self._views
        if key not in views:
            views[key] = word_tokens(self.text[start:end])
        return views[key]

    def view(self, name: str, build: Callable[[str], Any]) -> Any:
        """build(text), computed once per layer under `name` (a stage's own reading of the text)."""
        views = self._views
        if name not in views:
            views[name] = build(self.text)
        return views[name]


@functools.lru_cache(maxsize=4)
def text_layer(text: str) -> TextLayer:
    """The TextLayer of `text`: the same object for the same text while it is among the last few
    asked for (one article's stages share it)."""
    return TextLayer(text)


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
