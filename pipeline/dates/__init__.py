"""Event dates: temporal expressions resolved against the publication date, with precision.

See docs/DATES.md for the rules."""
from __future__ import annotations

from pipeline.dates.attach import attach_date, inherit_dates
from pipeline.dates.published import find_anchor_date, find_publication_date, parse_date_value
from pipeline.dates.timexes import tag_timexes

__all__ = ["attach_date", "inherit_dates", "find_anchor_date", "find_publication_date", "parse_date_value", "tag_timexes"]
