"""Sentence splitting: offsets into the text, abbreviations and paragraphs respected."""
from pipeline.text import split_sentences


def test_spans_are_offsets_and_abbreviations_do_not_split():
    text = ("Gen. Smith met Mr. Jones on Dec. 3 in the U.S. capital. Then John F. Kennedy left!\n\n"
            "Headline without a period\nA wrapped line. 12 people died.")
    got = [text[s:e] for s, e in split_sentences(text)]
    assert got == ["Gen. Smith met Mr. Jones on Dec. 3 in the U.S. capital.",
                   "Then John F. Kennedy left!",
                   "Headline without a period\nA wrapped line.",
                   "12 people died."]


def test_quotes_close_a_sentence():
    text = 'He said: "We will return." The army withdrew.'
    assert [text[s:e] for s, e in split_sentences(text)] == ['He said: "We will return."',
                                                            "The army withdrew."]


def test_blank_text_has_no_sentences():
    assert split_sentences("  \n\n ") == []


def test_repeated_splits_are_equal_and_independent():
    text = "One. Two."
    first = split_sentences(text)
    first.append((0, 1))
    assert split_sentences(text) == [(0, 4), (5, 9)]
