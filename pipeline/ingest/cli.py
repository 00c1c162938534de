"""`conflict-events feeds fetch` and `conflict-events feeds show`: the feed source without Dagster."""
from __future__ import annotations

import datetime as dt
import json
import os


def register(commands, evals) -> None:
    """Add the feeds commands to the command line (no evaluation)."""
    p = commands.add_parser("feeds", help="fetch the news feeds of config/feeds.yaml into the raw store",
                            description="Fetch RSS/Atom feeds and their article pages into "
                            "RAW/feeds/YYYY-MM-DD/ (safe by default: see config/feeds.yaml), or show "
                            "what a stored day holds. `extract RAW` then reads the store like any file.")
    sub = p.add_subparsers(dest="feeds_command", required=True, metavar="ACTION")
    fetch = sub.add_parser("fetch", help="fetch today's feeds into the store")
    show = sub.add_parser("show", help="counts of a stored day (nothing is fetched)")
    show.add_argument("day", help="the stored day, YYYY-MM-DD")
    for q in (fetch, show):
        q.add_argument("--raw", default=os.environ.get("CONFLICT_EVENTS_RAW", "data/raw"), metavar="DIR",
                       help="the raw folder holding feeds/ (default: $CONFLICT_EVENTS_RAW or data/raw)")
    fetch.add_argument("--config", default=None, metavar="YAML",
                       help="feeds config (default: $CONFLICT_EVENTS_FEEDS or config/feeds.yaml)")
    fetch.set_defaults(func=_fetch)
    show.set_defaults(func=_show)


def _fetch(args) -> int:
    from pipeline.ingest.feeds import fetch_feeds, load_config

    summary = fetch_feeds(load_config(args.config), args.raw)
    print(json.dumps(summary.as_dict(), sort_keys=True))
    return 0


def _show(args) -> int:
    from pipeline.ingest.feeds import summarise_day

    print(json.dumps(summarise_day(args.raw, dt.date.fromisoformat(args.day)), sort_keys=True))
    return 0
