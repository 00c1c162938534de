"""The prefix sieves find exactly what a plain regex scan finds, odd characters included."""
import re

import pytest

from pipeline.events import triggers
from pipeline.events.sieve import PrefixScan, Sieve, literal_prefixes, shortest

TEXTS = [
    "Fighting in southern Idlib killed 12 soldiers near the town of Saraqeb.",
    "AIR STRIKES hit Kunduz; at least twenty people were killed, officials said.",
    "Turkish jets struck İstanbul-based targets in Afrin, killing ٣ fighters.",  # İ lengthens
    "The ſtrike on Kobani and the attack in Manbij (\u212aurdish towns) left 4 dead.",  # long s, Kelvin
    "Rebels attacked\u00a0a checkpoint outside Aleppo: dozens of civilians were wounded.",
    "",
    "in",
]


def test_literal_prefixes():
    assert literal_prefixes("air ?strikes?|drone strikes", 12) == {
        "air ", "airstrike", "airstrikes", "drone strike"}  # cut at 12 chars; "air " then unknown
    assert literal_prefixes(r"\b(?:in|at)\s+\w+", 12) == {"in", "at"}
    assert literal_prefixes(r"\d+ killed", 3) == set("0123456789")  # more digits may follow
    assert literal_prefixes(r"\w+ed") == {""}  # unknown start
    assert shortest({"air", "air strike", "drone"}) == {"air", "drone"}


@pytest.mark.parametrize("pattern, flags", [
    (r"\b(?:in|near|(?:north|south)(?:ern)? of)\s+((?-i:[A-Z])\w+)", re.IGNORECASE),
    (r"(?<![\w.,])(?:at least\s+)?(\d+|twenty|dozens of)\s+(?:soldiers|people|fighters|civilians)\b", re.IGNORECASE),
    (r"(?<![\w-])(?:strikes?|attack)(?![\w-])", re.IGNORECASE),
    (r"\w+ed\b", 0),  # no literal prefix: the plain scan
])
def test_sieve_finds_what_finditer_finds(pattern, flags):
    rx = re.compile(pattern, flags)
    sieve = Sieve(rx)
    for text in TEXTS:
        assert [(m.span(), m.groups()) for m in sieve.finditer(text)] == \
            [(m.span(), m.groups()) for m in rx.finditer(text)]


def test_prefix_scan_spans():
    scan = PrefixScan({"neg": re.compile(r"(?<![\w-])(?:not|never)(?![\w-])", re.IGNORECASE),
                       "any": re.compile(r"\w+ly")})
    text = "They said it was not an attack."
    spans = scan.spans(text)
    at = text.index("not")
    assert spans.may_match("neg", 0, len(text)) and spans.may_match("neg", at, at + 3)
    assert not spans.may_match("neg", 0, at + 2) and not spans.may_match("neg", at + 1, len(text))
    assert spans.may_match("any", 0, 1)  # unknown prefixes: always possible
    assert scan.spans("It was ſaid, not done").may_match("neg", 0, 1)  # odd text: no conclusion


def _every_word_start(sentence: str, lower: str) -> dict[int, list[int]]:
    starts = [m.start() for m in triggers._WORD_START.finditer(lower)]
    return {n: starts for n in range(len(triggers.compiled_lexicon()[0]))}


SENTENCES = [
    "Government forces recaptured the town of Palmyra after fierce clashes with ISIS militants.",
    "Protesters clashed with police in Nairobi; three were arrested and dozens injured.",
    "The two leaders met with Putin in Sochi and signed a ceasefire agreement on Monday.",
    "A suicide bomber blew himself up at a checkpoint, killing five soldiers, the army said.",
    "Hurricane Katrina struck New Orleans, and floods displaced thousands.",
    "Flood said the talks would resume.",
]


def test_triggers_match_trying_every_entry_everywhere(monkeypatch):
    found = [triggers.find_triggers(s) for s in SENTENCES]
    assert any(found)
    monkeypatch.setattr(triggers, "_candidates", _every_word_start)
    assert found == [triggers.find_triggers(s) for s in SENTENCES]


def test_article_candidates_agree_with_each_sentence():
    text = " ".join(SENTENCES) + " Rebels recaptured Palmyra.Troops shelled the town"
    spans, pos = [], 0
    for s in SENTENCES:
        spans.append((text.index(s, pos), text.index(s, pos) + len(s)))
        pos = spans[-1][1]
    rebels, cut = text.index("Rebels"), text.index("shelled") + 3
    spans += [(rebels, rebels + 9),  # "recaptured" runs past the end
              (rebels + 9, text.index(".Troops") + 1),  # starts inside a word
              (text.index("Troops"), cut), (cut, len(text))]
    per_article = triggers.article_candidates(text, spans)
    assert per_article == [triggers._candidates(text[s:e], text[s:e].lower()) for s, e in spans]
    assert triggers.article_candidates(text, spans[::-1]) is None
    assert triggers.article_candidates("Troops in İdlib attacked.", [(0, 25)]) is None
