"""The reader of regex syntax behind the prefilters: its answers, and their soundness against re."""
import random
import re

import pytest

from pipeline.regex_literals import (
    Unsupported, first_chars, is_anchored, literal_prefixes, min_width, parse, required_literal, shortest)


def test_literal_prefixes_of_vocabulary_like_patterns():
    assert literal_prefixes("air ?strikes?|drone strikes", 12) == {
        "air ", "airstrike", "airstrikes", "drone strike"}
    assert literal_prefixes(r"(?<![\w-])(?:Shell(?:ed|ing)|mortar)(?![\w])", 24) == {
        "shelled", "shelling", "mortar"}
    assert literal_prefixes(r"\b(?:in|at)\s+\w+", 12) == {"in", "at"}
    assert literal_prefixes(r"\d+ killed", 3) == set("0123456789")
    assert literal_prefixes(r"[ab]c|x{2}", 3) == {"ac", "bc", "x"}
    assert literal_prefixes(r"\w+ed") == {""} and literal_prefixes("(?x)a b") == {""}
    assert literal_prefixes("|".join(f"w{i:03d}" for i in range(401)), 4) == {""}  # too many
    assert shortest({"air", "air strike", "drone"}) == {"air", "drone"}


def test_widths_first_characters_literals_and_anchors():
    assert min_width(r"(?:ab|c)d{2,}") == 3 and min_width(r"\b(?=x)a?") == 0
    assert min_width(r"(?>abc)") == 3 and min_width(r"(a)\1") == 1  # back-reference: unsure, 0
    assert first_chars(r"(?i:ab)|\d") == (set("0123456789Aa"), False)
    assert first_chars(r"(?<!the )z*") == ({"z"}, True)
    assert first_chars(r"[^a]b") == (None, False) and first_chars(".") == (None, False)
    assert required_literal(r"\bsupport (us|[\w .]+) on patreon\b") == " on patreon"
    assert required_literal(r"(?:do not) (represent|reflect)") == "do not "  # (?:...) read through
    assert required_literal(r"abc x|abc y") == "abc "  # shared by every alternative
    assert is_anchored(r"^copyright ©|^© ?\d{4}") and not is_anchored(r"^a|b")
    assert not is_anchored(r"\Aa")  # the string start, not the line start the callers mean


@pytest.mark.parametrize("pattern", [r"(?P<a>x)(?P=a)", r"[\x41-\u0042]\N{DIGIT ONE}\0\101",
                                     r"a{,3}b{}c{", r"[]a-]", r"(?#note)a", r"(?i)abc"])
def test_reads_what_re_accepts(pattern):
    re.compile(pattern)
    parse(pattern)


@pytest.mark.parametrize("pattern", [r"(?(1)a|b)", r"(?x) a", r"a**", r"\q", "(a"])
def test_refuses_what_it_does_not_read(pattern):
    with pytest.raises(Unsupported):
        parse(pattern)
    assert literal_prefixes(pattern) == {""} and first_chars(pattern) == (None, False)


_ATOMS = ["a", "b", "A", "ab", r"\d", r"\s", r"\w", ".", "[ab]", "[a-c]", "[^a]", r"\b", "^", "$",
          "(?=a)", "(?<!b)", r"\.", "é", "İ", "ſ", r"\x41", "[]a]", r"[\d.]", "(?P<n>a)", "(?>ab)",
          "a++", "(?#c)", "-", " "]


def _random_pattern(rng: random.Random, depth: int = 0) -> str:
    out = ""
    for _ in range(rng.randint(1, 4)):
        r = rng.random()
        if r < 0.15 and depth < 3:
            atom = f"(?:{_random_pattern(rng, depth + 1)}|{_random_pattern(rng, depth + 1)})"
        elif r < 0.22 and depth < 3:
            atom = f"({_random_pattern(rng, depth + 1)})"
        elif r < 0.3 and depth < 3:
            atom = f"(?{rng.choice(['i', '-i'])}:{_random_pattern(rng, depth + 1)})"
        else:
            atom = rng.choice(_ATOMS)
        if rng.random() < 0.3 and atom not in (r"\b", "^", "$", "(?#c)"):
            atom += rng.choice(["*", "+", "?", "{2}", "{0,2}", "*?", "{1,}"])
        out += atom
    return out


def test_answers_hold_for_every_match_re_finds():
    """Soundness against re itself: every match starts with a prefix, spans at least the width,
    starts with a first character (or may be empty), holds the required literal, and an anchored one starts at 0."""
    rng = random.Random(18)
    checked = 0
    for _ in range(3000):
        pattern, flags = _random_pattern(rng), rng.choice([0, re.IGNORECASE])
        try:
            rx = re.compile(pattern, flags)
        except re.error:
            continue
        prefixes, width = literal_prefixes(rx, 6), min_width(rx)
        chars, nullable = first_chars(rx)
        literal, anchored = required_literal(rx), is_anchored(rx)
        for _ in range(8):
            text = "".join(rng.choice("aAbBc-. 1é") for _ in range(rng.randint(0, 10)))
            for m in rx.finditer(text):
                found = m.group(0)
                checked += 1
                assert "" in prefixes or any(found.lower().startswith(p) for p in prefixes), pattern
                assert len(found) >= width, pattern
                assert chars is None or (found[0] in chars if found else nullable), pattern
                assert literal.lower() in found.lower() if flags else literal in found, pattern
                assert not anchored or m.start() == 0, pattern
    assert checked > 1000
