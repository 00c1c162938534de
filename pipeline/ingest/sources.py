"""Who tells the story: the dateline's source agency and the sources the article cites."""
from __future__ import annotations

import re

# "(SouthFront) –", "BEIRUT (Reuters) -", "KABUL, Dec 3 (AFP) —" at the start of a paragraph.
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?:[A-Z][A-Za-z'’.\- ]{1,40}(?:,[^()\n]{1,30})?\s)?"
    r"\(([A-Z][A-Za-z0-9&.' \-]{1,40})\)\s*[–—-]"
)
# Capitalised words joined by spaces (never newlines) and a few lower-case particles.
_NAME = r"[A-Z][\w’'\-]*(?: +(?:(?:of|for|and|the|de|al) +)?[A-Z][\w’'\-]*)*"
# "according to the Kurdish Hawar News Agency (ANHA)", "according to SANA"
_ACCORDING = re.compile(rf"\baccording to\s+(?:the\s+)?({_NAME})(?:\s+\(([A-Z][A-Za-z]{{1,10}})\))?")
# "ANHA reported", "Reuters said", "the Associated Press reported"
_REPORTED = re.compile(rf"\b(?:the\s+)?({_NAME})\s+(?:reported|quoted|cited|said in a report)\b")
_REPORTED_WORDS = ("reported", "quoted", "cited", "said in a report")
_OUTSIDE_REPORTED = re.compile(r"[^\w\s’'\-]")
# Words that make a capitalised name a news outlet or agency rather than a person.
_MEDIA_WORDS = re.compile(
    r"\b(News|Agency|Press|Times|Post|Journal|Herald|Tribune|Telegraph|Guardian|TV|Television|"
    r"Radio|Channel|Network|Media|Observatory|Gazette|Daily|Reuters|AFP|Sputnik|Al Jazeera|"
    r"Anadolu|Interfax|TASS|Xinhua)\b"
)


def find_dateline_source(text: str) -> str | None:
    """Return the agency named in a dateline such as '(SouthFront) –' or 'BEIRUT (Reuters) -'."""
    m = _DATELINE.search(text[:2000])
    return m.group(1).strip() if m else None


def find_cited_sources(text: str) -> list[str]:
    """Return the outlets and agencies the article attributes information to, in order, once each."""
    found: dict[str, None] = {}
    acronyms: set[str] = set()
    # The regexes need these literal words; most articles lack them, and the scans cost.
    for m in (_ACCORDING.finditer(text) if "according to" in text else ()):
        name, acronym = m.group(1).strip(), m.group(2)
        if acronym:
            acronyms.add(acronym)
            found[f"{name} ({acronym})"] = None
        elif _looks_like_outlet(name):
            found[name] = None
    for m in _reported_matches(text):
        name = m.group(1).strip()
        if name in acronyms or any(name in f for f in found):
            continue
        if _looks_like_outlet(name):
            found[name] = None
    return list(found)


def _reported_matches(text: str):
    """The matches of _REPORTED.finditer(text), from scans of only the stretches that hold a verb.

    No match holds a character other than a word character, whitespace, ’, ' or -, so the
    matches lie between two such others and the stretches can be scanned apart."""
    stretches = set()
    for verb in _REPORTED_WORDS:
        at = text.find(verb)
        while at >= 0:
            stretches.add(_stretch(text, at))
            at = text.find(verb, at + 1)
    for lo, hi in sorted(stretches):
        yield from _REPORTED.finditer(text, lo, hi)


def _stretch(text: str, at: int) -> tuple[int, int]:
    """The span around `at` between the nearest _OUTSIDE_REPORTED characters."""
    after = _OUTSIDE_REPORTED.search(text, at)
    lo, width = at, 200
    while lo > 0:  # the last such character before `at`, from the reversed text before it
        lo = max(0, at - width)
        before = _OUTSIDE_REPORTED.search(text[lo:at][::-1])
        if before:
            lo = at - before.start()
            break
        width *= 4
    return lo, after.start() if after else len(text)


def _looks_like_outlet(name: str) -> bool:
    # An all-capitals acronym (ANHA, SANA, SOHR) or a name with a media word.
    return bool(re.fullmatch(r"[A-Z]{3,8}", name)) or bool(_MEDIA_WORDS.search(name))
