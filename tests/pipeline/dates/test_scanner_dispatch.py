"""The scanner is tried form by form, only the forms that can start with the character at hand."""
import re

import pytest

from pipeline.dates.patterns import FORMS
from pipeline.dates.timexes import _CLAUSE_BREAK, _scan
from pipeline.regex_literals import first_chars

# The forms as one alternation: the first that matches at a position wins.
SCANNER = re.compile("|".join(f"(?P<{name}>{body.replace('{p}', name + '_')})" for name, body in FORMS))
TEXT = ("On Monday, 3 December 2017, the army said that between 1 and 3 Dec. two villages were "
        "shelled; since the start of the war in 2011 - and in early May, last week, the past 48 "
        "hours, yesterday evening, 12/03/2017 and 2017-12-03 - THE SAME DAY, Tues 5 Apr 2016, "
        "the Friday, over the weekend, 2015-2017, from 2014 to 2016 and 2012, a few days ago, "
        "ten years earlier, earlier this month, in recent weeks, \u0130n 2010, \u017fince 2009.")


def _first(pattern):
    chars, nullable = first_chars(pattern)
    return None if chars is None else "".join(sorted(chars)), nullable


@pytest.mark.parametrize("pattern, expected", [
    (r"\bab", ("a", False)), (r"(?i:ab)|\d", ("0123456789Aa", False)), (r"(?:x\s+)?y", ("xy", False)),
    (r"(?<!the )z*", ("z", True)), (r"[^a]b", (None, False)), (r"(?i:\u017f)", (None, False)),
    (r"(a)\1", ("a", False)), (r".", (None, False)),
])
def test_first_characters_of_patterns(pattern, expected):
    assert _first(pattern) == expected


def test_form_by_form_scan_is_the_scanner_at_every_position():
    for start in range(len(TEXT)):
        want, got = SCANNER.match(TEXT, start), _scan(TEXT, start)
        assert (want is None) == (got is None), start
        if want:
            assert (got.span(), got.lastgroup) == (want.span(), want.lastgroup)
            assert {k: v for k, v in got.groupdict().items() if v is not None} == \
                   {k: v for k, v in want.groupdict().items() if v is not None}


def test_clause_breaks_are_the_plain_alternation():
    plain = re.compile(r"[;:!?]|\.(?=\s)|\n|,\s+(?:and|which|who|where)\b|\b(?:but|while|whereas|"
                       r"although|though|after|before|when|because|until|as\s+well\s+as)\b")
    text = TEXT + " but abut, although, though;as well\nas. when,\nwhich untilX until"
    for lo in range(0, len(text), 3):
        for hi in (lo + 40, len(text)):
            assert [m.span() for m in _CLAUSE_BREAK.finditer(text, lo, hi)] == \
                   [m.span() for m in plain.finditer(text, lo, hi)]


@pytest.mark.parametrize("text, value", [
    ("They SHALL meet on Friday.", "2017-12-08"), ("They \u017fhall meet on Friday.", "2017-12-08"),
    ("Talks are  set\nto start on 8 December.", "2017-12-08"), ("They met on Friday.", "2017-12-01"),
    ("Talks will start, he said on Friday.", "2017-12-01"),
])
def test_future_cues_found_whatever_their_case_or_spacing(text, value):
    import datetime as dt

    from pipeline.dates import tag_timexes
    [t] = tag_timexes(text, dt.date(2017, 12, 4))
    assert t["value"] == value


def test_trie_alternation_matches_as_the_longest_first_alternation():
    import random

    from pipeline.dates.patterns import _alternation
    rng = random.Random(3)
    letters = "abS -"
    for _ in range(300):
        words = {"".join(rng.choice(letters) for _ in range(rng.randint(1, 5))).strip() or "a"
                 for _ in range(rng.randint(1, 6))}
        plain = "|".join(re.escape(w).replace(r"\ ", r"\s+")
                         for w in sorted(words, key=len, reverse=True))
        for tail in ("", r"\b", "b", r"(?!\s)"):
            want, got = re.compile(f"(?:{plain}){tail}"), re.compile(f"(?:{_alternation(words)}){tail}")
            for _ in range(20):
                text = "".join(rng.choice(letters + "\n") for _ in range(rng.randint(0, 8)))
                w, g = want.match(text), got.match(text)
                assert (w and w.span()) == (g and g.span()), (words, tail, text)


def test_needle_words_skip_no_match(monkeypatch):
    """Skipping forms whose needle words are absent finds the same expressions as trying them."""
    import datetime as dt

    from pipeline.dates import timexes

    text = TEXT + (" In the third quarter, the year-ago quarter and this year's first-quarter, last "
                   "fall, the late 1990s, two days after the raid and ten years later, in the near "
                   "term and the coming weeks, the end of the year, May last year, this weekend, "
                   "over the past 48 hours, three weeks ago, the summer of 2012.")
    published = dt.date(2017, 12, 4)
    with_needles = timexes.tag_timexes(text, published)
    timexes._tag_cached.cache_clear()
    monkeypatch.setattr(timexes, "SCAN_PLAN", {ch: tuple((rx, None) for rx, _ in plan)
                                               for ch, plan in timexes.SCAN_PLAN.items()})
    assert timexes.tag_timexes(text, published) == with_needles
    assert len(with_needles) > 30
