"""`python bench/feeds.py [N]`: cost of fetching N article pages of one feed from a local server
on 127.0.0.1 into the raw store (no rate limit, no internet), and of reading them back as raw
records (trafilatura extraction) and articles. Prints one JSON line."""
from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import ingest  # noqa: E402
from pipeline.ingest.feeds import fetch_feeds, parse_config  # noqa: E402
from pipeline.ingest.fetch import Fetcher  # noqa: E402
from tests.pipeline.ingest.feed_server import PARAGRAPH, Site, page, rss  # noqa: E402


def main(n: int) -> dict:
    site = Site()
    html = {"Content-Type": "text/html; charset=utf-8"}
    site.routes["/robots.txt"] = (404, {}, b"")
    for i in range(n):
        body = "\n\n".join(f"{PARAGRAPH} Report {i}, part {k}." for k in range(6))
        site.routes[f"/p/{i}"] = (200, html, page(f"Report {i}", body))
    site.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml", "ETag": '"1"'}, rss(
        [{"title": f"Report {i}", "link": f"{site.base}/p/{i}", "guid": str(i)} for i in range(n)]))
    config = parse_config({"defaults": {"rate_limit_seconds": 0, "max_entries": n},
                           "allow": {"networks": ["127.0.0.1/32"]}, "feeds": [f"{site.base}/feed.xml"]})
    config.policy.rate_limit_seconds = 0
    with tempfile.TemporaryDirectory() as raw:
        with site:
            t0 = time.perf_counter()
            first = fetch_feeds(config, raw, dt.date.today(), Fetcher(config.policy))
            t1 = time.perf_counter()
            second = fetch_feeds(config, raw, dt.date.today(), Fetcher(config.policy))
            t2 = time.perf_counter()
        # Offline from here: the stored day read back by the ingest stage.
        records, rejects = ingest.read_raw([raw])
        t3 = time.perf_counter()
        articles, _ = ingest.clean_articles(records)
        t4 = time.perf_counter()
    return {"pages": first.new, "fetch_ms_per_page": round((t1 - t0) * 1000 / n, 2),
            "second_run_ms": round((t2 - t1) * 1000, 1), "second_run_new": second.new,
            "second_run_requests": second.requests, "read_ms_per_page": round((t3 - t2) * 1000 / n, 2),
            "clean_ms_per_page": round((t4 - t3) * 1000 / n, 2), "articles": len(articles),
            "rejects": len(rejects)}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)))
