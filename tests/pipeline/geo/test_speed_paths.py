"""The fast paths give the plain answers: tokens, remembered per-name data, sliced distances."""
from __future__ import annotations

from pipeline.geo import colocation, geoparse
from pipeline.geo.recognize import tokenize

TEXT = ("Mr. Smith met officials in St. Louis, Mo. on Monday. The U.S. Army said 8 km north of "
        "Huntsville, in Walker County, Texas, troops moved.\n\nHuntsville police said "
        "Deir ez-Zor and Salhiya, east of Deir Ezzor, were quiet.")


def _fields(tokens, i: int) -> dict:
    return {"text": tokens.text[i], "cap": tokens.cap[i],
            **{f: getattr(tokens, f)(i) for f in ("start", "end", "initial", "joined")}}


def test_tokens_keep_abbreviations_and_sentence_starts():
    t = tokenize(TEXT)
    words = t.text
    smith = words.index("Smith")
    assert words[smith - 1] == "Mr." and not t.initial(smith)  # an abbreviation ends no sentence
    the = words.index("The")
    assert words[the - 1] == "Monday" and t.initial(the)  # its full stop does, and is dropped
    assert "U.S." in words and t.initial(0)
    deir = words.index("Deir")
    assert t.joined(deir) and t.joined(deir + 1)  # "Deir ez-Zor": spaces and a hyphen
    county = words.index("County")
    assert not t.joined(county)  # a comma breaks the name
    police = words.index("police")
    assert t.initial(police - 1)  # after a blank line
    for i in range(len(t)):
        assert TEXT[t.start(i):t.end(i)] == t.text[i], _fields(t, i)


def test_remembered_name_data_gives_the_same_rows(builtin_gazetteer):
    first = geoparse(TEXT, builtin_gazetteer, "a")
    builtin_gazetteer.memo.clear()
    builtin_gazetteer.known_keys.clear()
    cold = geoparse(TEXT, builtin_gazetteer, "a")
    again = geoparse(TEXT, builtin_gazetteer, "a")
    assert first and first == cold == again


def test_sliced_distance_matrix_gives_the_same_rows(builtin_gazetteer, monkeypatch):
    whole = geoparse(TEXT, builtin_gazetteer, "a")
    monkeypatch.setattr(colocation, "MAX_CELLS", 7)  # a few rows at a time
    assert geoparse(TEXT, builtin_gazetteer, "a") == whole


def test_phrase_prefilters_agree_with_the_searches():
    from pipeline.geo import relations
    for before in ["a property in Sanford, Florida (near ", "on the outskirts of   ", "8 km north of the ",
                   "8 KM NORTH OF ", "outſide ", "close to\n", "the roof ", "", "  ", "he said ",
                   "5 miles south-west of\t"]:
        assert relations.is_near(before) == bool(relations.NEAR_BEFORE.search(before[-40:])), before
        assert bool(relations.offset_before(before)) == bool(relations.OFFSET_BEFORE.search(before[-60:])), before


def test_abbreviation_dots_and_sentence_ends():
    t = tokenize("Gen. Smith left A.B. Corp. Then U.S.A and Mrsxy. Went")
    # a capital and up to three small letters keep their dot, so no sentence ends after "Corp."
    assert list(t.text) == ["Gen.", "Smith", "left", "A.B.", "Corp.", "Then", "U.S.", "A", "and", "Mrsxy", "Went"]
    assert not t.initial(t.text.index("Then")) and not t.initial(1) and t.initial(len(t) - 1)
