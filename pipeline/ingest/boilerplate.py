"""Cut page furniture (donation pleas, disclaimers, comment widgets, link lists) off article text."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

# Lines shorter than this, without terminal punctuation, read as headlines or links, not prose.
_MAX_HEADLINE_WORDS = 16


@lru_cache(maxsize=1)
def _patterns() -> re.Pattern:
    raw = resources.files("pipeline.ingest").joinpath("boilerplate.txt").read_text("utf-8")
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]
    return re.compile("|".join(f"(?:{ln})" for ln in lines), re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    """True when a line matches one of the analyst-editable boilerplate patterns."""
    return bool(_patterns().search(line.strip()))


def _is_headline_like(line: str) -> bool:
    s = line.strip()
    return bool(s) and s[-1] not in ".!?\"”'’:;" and len(s.split()) <= _MAX_HEADLINE_WORDS


def strip_boilerplate(body: str) -> str:
    """Remove boilerplate lines; everything after the first boilerplate block at the tail goes.

    News pages put furniture after the story: once a boilerplate line appears after the
    first paragraph, what follows it is widgets and teasers for other stories, not prose.
    Headline-like lines trailing the story (short, no terminal punctuation) are dropped too.
    """
    lines = body.split("\n")
    kept: list[str] = []
    seen_prose = False
    for line in lines:
        if is_boilerplate(line):
            if seen_prose:
                break
            continue
        kept.append(line)
        seen_prose = seen_prose or len(line.split()) > _MAX_HEADLINE_WORDS
    # Teaser headlines trail the story: keep up to the last line that reads as prose.
    prose = [i for i, ln in enumerate(kept) if ln.strip() and not _is_headline_like(ln)]
    if prose:
        kept = kept[: prose[-1] + 1]
    return "\n".join(kept).strip()
