"""Shortcuts of cleaning (literal gates, lower bounds, remembered refusals) decide as the full rules do."""
import re

import pytest

from pipeline.dates import find_publication_date, parse_date_value
from pipeline.ingest import _EN_STOPWORDS, guess_language
from pipeline.ingest.boilerplate import _patterns, strip_boilerplate
from pipeline.regex_literals import required_literal as _required_literal
from pipeline.text import contains_any_ignorecase as _contains_any, lower_agrees_with_ignorecase

SAMPLES = ["The war and the peace said the end.", "(The) war, (and) peace; said: the-end",
           "Krieg und Frieden, sagte er.", "ſaid THE İs ıs WİTH with", "", "the",
           "Ein Tag the mit and vielen of Wörtern in der Stadt und noch mehr Wörter hier"]


@pytest.mark.parametrize("sample", SAMPLES)
def test_language_guess_is_the_full_stopword_rule(sample):
    words = max(1, len(sample.split()))
    exact = "en" if len(_EN_STOPWORDS.findall(sample)) / words > 0.08 else "und"
    assert guess_language(sample) == exact


def test_required_literals_of_boilerplate_patterns():
    assert _required_literal(r"\bsupport (us|[\w .]+) on patreon\b") == " on patreon"
    assert _required_literal(r"do not (represent|reflect)") == "do not "
    assert _required_literal("a|b") == "" and _required_literal(r"\d+") == ""
    literals = _patterns()[2]
    assert literals is not None
    assert _contains_any("Become a PATREON", literals) and not _contains_any("Patre on", literals)
    assert _contains_any("a PATRE\u017fON", ("patreson",)) and _contains_any("\u00a9 2017", ("\u00a9",))


def test_gated_scan_still_cuts_unanchored_boilerplate():
    story = "Troops advanced on the town after a week of heavy shelling, officials said today. " * 2
    body = f"{story}\n\nPlease Support Us On Patreon!\nOther stories\n"
    assert strip_boilerplate(body) == story.strip()
    assert strip_boilerplate(story) == story.strip()


def test_lower_agrees_with_ignorecase_except_for_three_letters():
    assert lower_agrees_with_ignorecase("Plain ASCII") and lower_agrees_with_ignorecase("naïve “quote” \u212a")
    for odd in ("\u0130", "\u0131", "\u017f"):
        text = f"po{odd}ted" if odd == "\u017f" else f"publ{odd}shed"
        assert not lower_agrees_with_ignorecase(text)
        assert re.search("(?i)posted|published", text) and not re.search("posted|published", text.lower())


def test_label_with_a_letter_only_re_folds_is_still_read():
    assert str(find_publication_date("PUBL\u0130SHED: 3 December 2017\nTroops advanced.")) == "2017-12-03"
    assert str(find_publication_date("Posted on 4 December 2017\nTroops advanced.")) == "2017-12-04"
    assert find_publication_date("Troops advanced on the town.\nNo date here.") is None


def test_a_refused_metadata_value_is_refused_again():
    for _ in range(2):
        with pytest.raises(ValueError):
            parse_date_value("7:58 AM ET")
    assert str(parse_date_value("Dec 17, 2017")) == "2017-12-17"


def test_reported_sources_scanned_by_stretch_are_the_full_scan():
    import random

    from pipeline.ingest.sources import _REPORTED, _reported_matches
    pieces = ["the", "The", "Reuters", "Associated Press", "reported", "quoted", "cited",
              "said in a report", "\n", "  ", ",", ".", "’", "'", "-", "of", "SANA", "x" * 250, "("]
    rng = random.Random(7)
    for _ in range(3000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 20)))
        assert [m.span(1) for m in _reported_matches(text)] == [m.span(1) for m in _REPORTED.finditer(text)]


def test_letters_folded_onto_ascii_are_derived_as_the_three_known_ones():
    from pipeline.text import folded_onto_ascii

    assert folded_onto_ascii() == "\u0130\u0131\u017f"
