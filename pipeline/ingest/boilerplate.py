"""Cut page furniture (donation pleas, disclaimers, comment widgets, link lists) off article text."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from pipeline.regex_literals import is_anchored, required_literal
from pipeline.text import contains_any_ignorecase

# Lines shorter than this, without terminal punctuation, read as headlines or links, not prose.
_MAX_HEADLINE_WORDS = 16


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern | None, re.Pattern | None, tuple[str, ...] | None]:
    """(patterns anchored at the line start, the others, each as one regex; the literal text
    each unanchored pattern requires, or None when one requires none).

    Anchored patterns are tried once at the start of the line instead of at every position:
    most lines are long paragraphs, and scanning them is what cleaning cost. A body without
    any of the literals skips the unanchored scan."""
    raw = resources.files("pipeline.ingest").joinpath("boilerplate.txt").read_text("utf-8")
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]
    anchored = [ln for ln in lines if is_anchored(ln, re.IGNORECASE)]
    loose = [ln for ln in lines if not is_anchored(ln, re.IGNORECASE)]
    literals = tuple(required_literal(p, re.IGNORECASE) for p in loose)
    return _union(anchored), _union(loose), literals if all(literals) else None


def _union(patterns: list[str]) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


def is_boilerplate(line: str) -> bool:
    """True when a line matches one of the analyst-editable boilerplate patterns."""
    anchored, loose, _ = _patterns()
    return _matches_any(line, anchored, loose)


def _matches_any(line: str, anchored: re.Pattern | None, loose: re.Pattern | None) -> bool:
    line = line.strip()
    return bool((anchored and anchored.match(line)) or (loose and loose.search(line)))


def _is_headline_like(line: str) -> bool:
    s = line.strip()
    return bool(s) and s[-1] not in ".!?\"”'’:;" and not _more_words_than(s, _MAX_HEADLINE_WORDS)


def _more_words_than(line: str, n: int) -> bool:
    # Splitting off n words at most: paragraphs are long, and only the count up to n matters.
    return len(line.split(None, n)) > n


def strip_boilerplate(body: str) -> str:
    """Remove boilerplate lines; everything after the first boilerplate block at the tail goes.

    News pages put furniture after the story: once a boilerplate line appears after the
    first paragraph, what follows it is widgets and teasers for other stories, not prose.
    Headline-like lines trailing the story (short, no terminal punctuation) are dropped too.
    """
    anchored, loose, literals = _patterns()
    if loose is not None and literals is not None and not contains_any_ignorecase(body, literals):
        loose = None  # no line can match: each is part of the body
    kept: list[str] = []
    seen_prose = False
    for line in body.split("\n"):
        if _matches_any(line, anchored, loose):
            if seen_prose:
                break
            continue
        kept.append(line)
        seen_prose = seen_prose or _more_words_than(line, _MAX_HEADLINE_WORDS)
    # Teaser headlines trail the story: keep up to the last line that reads as prose.
    prose = [i for i, ln in enumerate(kept) if ln.strip() and not _is_headline_like(ln)]
    if prose:
        kept = kept[: prose[-1] + 1]
    return "\n".join(kept).strip()
