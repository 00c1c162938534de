"""Geo's tokenizer and pipeline.text.split_sentences agree on where sentences start."""
from __future__ import annotations

from pipeline.geo import geoparse
from pipeline.geo.recognize import tokenize
from pipeline.text import split_sentences

TEXTS = [
    "Troops entered Iraq. Government forces held Homs. Aid reached Gaza. Nobody came.",
    "Mr. Smith met Gen. Allen in St. Louis on Monday. The U.S. Army said so. J. Doe agreed.",
    "Shelling hit Salhiya. Residents fled to Deir Ezzor. Dr. Hamid said: \"It is over.\" Then rain.",
    "Talks in Geneva ended. Russia. Turkey and Iran stayed. Prof. Lee left Oslo. Fighting resumed.",
]


def _after_full_stop(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before.endswith(".")


def _token_starts(text: str) -> set[int]:
    """Sentence starts after a full stop (geo also starts one after a colon or a quote)."""
    t = tokenize(text)
    return {t.start(k) for k in range(len(t)) if t.initial(k) and _after_full_stop(text, t.start(k))}


def test_tokenizer_and_sentence_splitter_agree_on_sentence_starts():
    for text in TEXTS:
        starts = {s for s, _ in split_sentences(text) if _after_full_stop(text, s)}
        assert _token_starts(text) == starts, text


def test_a_place_at_a_sentence_end_keeps_its_span_and_the_next_sentence_starts():
    text = "Troops entered Iraq. Government forces held Homs. Aid reached Gaza."
    rows = {r["surface"]: r for r in geoparse(text, _gazetteer())}
    assert {"Iraq", "Homs", "Gaza"} <= set(rows)
    t = tokenize(text)
    government = t.text.index("Government")
    assert t.initial(government) and not t.joined(government - 1)


def _gazetteer():
    from pipeline.geo import load_gazetteer
    return load_gazetteer()
