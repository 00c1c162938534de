"""One text layer per article: geo, events and dates read the same sentences and tokens."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline import dates, text
from pipeline.geo.recognize import tokenize
from pipeline.run import analyse_article
from pipeline.text import WORD, TextLayer, split_sentences, text_layer, word_tokens

# Sentences written for these tests: abbreviations that end no sentence (Gen., Mr., St., U.S.),
# places at sentence ends, a quotation, a paragraph break.
TEXT = ("Gen. Haddad said rebels attacked an army post near Aleppo on Monday. Three soldiers were "
        "killed in the clashes. Mr. Karim fled to St. Louis.\n\nThe U.S. Army said troops shelled "
        "Homs. \"We will return,\" a commander said. Protesters marched in Cairo on Friday.")
PUBLISHED = dt.date(2026, 3, 10)


@pytest.fixture(scope="module")
def gazetteer():
    from pipeline.geo import load_gazetteer
    return load_gazetteer()


def _after_full_stop(body: str, start: int) -> bool:
    before = body[:start].rstrip().rstrip("\"'“”‘’(").rstrip()
    return not before or before.endswith((".", "!", "?"))


def test_the_layer_holds_the_sentences_of_split_sentences():
    layer = TextLayer(TEXT)
    assert layer.sentences == split_sentences(TEXT)
    assert layer.sentence_starts == [s for s, _ in split_sentences(TEXT)]
    for k, (s, e) in enumerate(layer.sentences):
        assert layer.sentence_at(s) == k and layer.sentence_at(e - 1) == k
    assert layer.lower == TEXT.lower()


def test_one_layer_per_article_read_by_geo_dates_and_events(gazetteer, monkeypatch):
    made, splits = [], []
    original = TextLayer.__init__

    def counting(self, body):
        made.append(body)
        original(self, body)

    class CountingWord:  # the layer's word pattern, counting whole-text splits
        def split(self, body):
            splits.append(body)
            return WORD.split(body)

    monkeypatch.setattr(TextLayer, "__init__", counting)
    monkeypatch.setattr(text, "WORD", CountingWord())
    text_layer.cache_clear()
    article = {"article_id": "a1", "text": TEXT, "published": PUBLISHED}
    mentions, places = analyse_article(article, gazetteer)
    assert made == [TEXT]  # built once, for the whole article
    # dates (expression starts) and events (cue words) read the one split of its words
    assert splits == [TEXT]
    layer = text_layer(TEXT)
    assert layer.words[2] == WORD.split(TEXT)[1::2]
    views = set(layer._views)
    assert "geo_tokens" in views  # geo's reading of the text, kept on the layer
    token_keys = {k for k in views if isinstance(k, tuple) and k[0] == "tokens"}
    assert token_keys, "the event typer read no sentence's tokens from the layer"
    for _, s, e in token_keys:  # the typer's tokens are those of whole layer sentences
        assert (s, e) in layer.sentences
        assert layer.span_tokens(s, e) == word_tokens(TEXT[s:e])
    assert mentions and places


def test_geo_events_and_dates_agree_on_sentence_starts(gazetteer):
    text_layer.cache_clear()
    article = {"article_id": "a2", "text": TEXT, "published": PUBLISHED}
    mentions, places = analyse_article(article, gazetteer)
    layer = text_layer(TEXT)
    starts = set(layer.sentence_starts)
    # geo: the words it reads as opening a sentence after a full stop are the layer's starts
    tokens = layer.view("geo_tokens", tokenize)
    geo_starts = {tokens.start(k) for k in range(len(tokens))
                  if tokens.initial(k) and _after_full_stop(TEXT, tokens.start(k))}
    first_words = {s + len(TEXT[s:]) - len(TEXT[s:].lstrip("\"'“‘([")) for s in starts}
    assert geo_starts == {s for s in first_words if _after_full_stop(TEXT, s)}
    # no place runs across a sentence boundary
    for p in places:
        assert layer.sentence_at(p["char_start"]) == layer.sentence_at(p["char_end"] - 1) is not None
    # events: a mention's sentence index is the layer's sentence of its trigger, its evidence
    # that sentence's text
    assert len(mentions) >= 3 and sum(m["date_source"] == "relative" for m in mentions) >= 2
    for m in mentions:
        k = layer.sentence_at(m["char_start"])
        assert m["sentence_index"] == k
        s, e = layer.sentences[k]
        assert m["evidence"] == TEXT[s:e]
        # dates: the date attached from the text comes from the same sentence
        if m["date_source"] not in ("none", "publication", "inherited", "anchor_day"):  # those come from elsewhere
            assert any(s <= t["start"] and t["end"] <= e
                       for t in dates.tag_timexes(TEXT, PUBLISHED) if t["text"] == m["date_text"])


def test_dates_read_the_future_cue_within_the_layers_sentence():
    # "Gen." ends no sentence: the cue "will" before it is in the date's sentence, so the
    # yearless month is read in the future; after a real sentence end it is not.
    same = dates.tag_timexes("The army will deploy Gen. Haddad's brigade in July.", PUBLISHED)
    other = dates.tag_timexes("The army will deploy soon. Haddad's brigade in July.", PUBLISHED)
    assert [t["date_start"] for t in same] == [dt.date(2026, 7, 1)]
    assert [t["date_start"] for t in other] == [dt.date(2025, 7, 1)]


def test_span_tokens_are_the_sentence_word_tokens():
    layer = TextLayer("Rebels didn't withdraw; 1,200 fled. Die Straße wurde gesperrt.")
    for s, e in layer.sentences:
        assert layer.span_tokens(s, e) == word_tokens(layer.text[s:e])
    assert word_tokens("Rebels didn't withdraw; 1,200 fled.") == [
        "rebels", "didn't", "withdraw", text.NUMBER, "fled"]
    # a capital whose lower case is longer (İ -> i + combining dot): offsets of the original
    assert word_tokens("İdlib shelled") == ["i̇dlib", "shelled"]


def test_cue_sentences_from_the_layers_words_are_the_automatons():
    from pipeline.events.model import loaded_model
    model = loaded_model()
    if model is None:
        pytest.skip("no event model file")
    cue = sorted(w for w in model.cue_words if w.isalpha())[0]
    other = next((w for w in sorted(model.cue_words) if not w.isalnum()), None)
    texts = [f"Officials said the {cue} happened. Nothing else. {cue.capitalize()} again!",
             f"A {cue}'s aftermath. The {cue}s were counted. Pre{cue} talks. 3{cue} and {cue}3 too.",
             f"Talks stalled. {other or cue} was quiet. Then {cue}, finally."]
    for body in texts:
        text_layer.cache_clear()
        spans = split_sentences(body)
        got = model.sentences_with_cues(body, spans)
        assert got == model._sentences_by_automaton(body.lower(), spans), body
    assert model.sentences_with_cues(texts[0], split_sentences(texts[0])) == {0, 2}
