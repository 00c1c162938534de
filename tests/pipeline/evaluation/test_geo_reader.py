"""The geoparsing sets' reader: gold spans whose offsets do not hold their phrase."""
from __future__ import annotations

from pipeline.evaluation.geo import _aligned


def test_a_span_shifted_by_a_character_is_moved_onto_its_phrase():
    text = "Rain fell on Kent and Essex."
    assert _aligned(text, 14, 18, "Kent") == (13, 17)


def test_a_span_far_from_its_phrase_takes_the_nearest_whole_word_occurrence():
    text = "Ontario grew. " + "x" * 500 + " Farms in Ontario and Ontarion. " + "y" * 900 + " Ontario."
    start = text.index("Farms") + 3  # the set's offset points elsewhere in the text
    s, e = _aligned(text, start, start + 7, "Ontario")
    assert text[s:e] == "Ontario" and s == text.index("in Ontario") + 3
    assert _aligned("no such name here", 3, 8, "Quebec") == (3, 8)  # left as given
