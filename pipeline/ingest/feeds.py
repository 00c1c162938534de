"""News feeds as a source: read config/feeds.yaml, fetch feeds and their article pages politely
and safely into the raw store, and turn stored responses back into raw records.

Fetching (`fetch_feeds`) only writes the store (pipeline/ingest/store.py); articles come from
the store through the ordinary ingest stage (`read_stored_response`, called by the raw
readers), so a live run and an offline replay of a stored day build the same tables.
"""
from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import hashlib
import ipaddress
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from pipeline.ingest.fetch import Fetcher, Policy, Refused
from pipeline.ingest.readers import MAX_FILE_BYTES, Rejected, read_confined
from pipeline.ingest.store import Store

DEFAULT_CONFIG = Path(__file__).resolve().parents[2] / "config" / "feeds.yaml"
STORE_FOLDER = "feeds"
# Feed summaries longer than this are cut when stored in an entry sidecar.
MAX_SUMMARY_CHARS = 200_000
HTML_TYPES = ("text/html", "application/xhtml+xml")
_LIMIT_KEYS = {"connect_timeout": float, "read_timeout": float, "total_timeout": float,
               "max_bytes": int, "max_decompressed_bytes": int, "max_redirects": int, "retries": int,
               "backoff_seconds": float, "max_backoff_seconds": float, "robots": bool,
               "ca_certs": str}
_FEED_KEYS = {"url", "language", "publisher", "fetch_pages", "rate_limit_seconds", "max_entries"}


@dataclasses.dataclass(frozen=True)
class Feed:
    url: str
    language: str | None = None
    publisher: str | None = None
    fetch_pages: bool = True
    rate_limit_seconds: float = 2.0
    max_entries: int = 100


@dataclasses.dataclass
class FeedsConfig:
    feeds: list[Feed]
    policy: Policy
    schedule: str = "daily"


class ConfigError(ValueError):
    """config/feeds.yaml cannot be used; the message says which key and why."""


def load_config(path: str | os.PathLike | None = None) -> FeedsConfig:
    """The feeds configuration: `path`, else $CONFLICT_EVENTS_FEEDS, else the repository's
    config/feeds.yaml (whose absence means no feeds; a named file must exist). Raises ConfigError naming
    the bad key."""
    named = path or os.environ.get("CONFLICT_EVENTS_FEEDS")
    path = Path(named or DEFAULT_CONFIG)
    if not path.exists():
        if named:
            raise ConfigError(f"feeds config {path} does not exist")
        return FeedsConfig(feeds=[], policy=Policy())
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    return parse_config(data, str(path))


def parse_config(data: dict, where: str = "feeds config") -> FeedsConfig:
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping at the top")
    unknown = set(data) - {"feeds", "defaults", "limits", "allow", "schedule", "contact"}
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)}")
    defaults = _mapping(data.get("defaults"), f"{where}: defaults")
    limits = _mapping(data.get("limits"), f"{where}: limits")
    allow = _mapping(data.get("allow"), f"{where}: allow")
    policy = Policy()
    for key, value in limits.items():
        if key not in _LIMIT_KEYS:
            raise ConfigError(f"{where}: limits: unknown key '{key}' (known: {sorted(_LIMIT_KEYS)})")
        setattr(policy, key, _typed(value, _LIMIT_KEYS[key], f"{where}: limits: {key}"))
    if data.get("contact"):
        policy.user_agent = f"{policy.user_agent[:-1]}; contact: {data['contact']})"
    try:
        policy.allow_networks = tuple(ipaddress.ip_network(n, strict=False) for n in allow.get("networks") or [])
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"{where}: allow: networks: {exc}") from None
    policy.allow_hosts = tuple(str(h).lower() for h in allow.get("hosts") or [])
    unknown = set(allow) - {"networks", "hosts"}
    if unknown:
        raise ConfigError(f"{where}: allow: unknown keys {sorted(unknown)}")
    unknown = set(defaults) - (_FEED_KEYS - {"url"})
    if unknown:
        raise ConfigError(f"{where}: defaults: unknown keys {sorted(unknown)}")
    feeds = []
    for i, item in enumerate(data.get("feeds") or [], 1):
        if isinstance(item, str):
            item = {"url": item}
        item = {**defaults, **_mapping(item, f"{where}: feeds[{i}]")}
        unknown = set(item) - _FEED_KEYS
        if unknown or not isinstance(item.get("url"), str):
            raise ConfigError(f"{where}: feeds[{i}]: needs a 'url' string, known keys {sorted(_FEED_KEYS)}"
                              + (f", unknown {sorted(unknown)}" if unknown else ""))
        feeds.append(Feed(
            url=item["url"], language=item.get("language"), publisher=item.get("publisher"),
            fetch_pages=_typed(item.get("fetch_pages", True), bool, f"feeds[{i}].fetch_pages"),
            rate_limit_seconds=_typed(item.get("rate_limit_seconds", 2.0), float, f"feeds[{i}].rate_limit_seconds"),
            max_entries=_typed(item.get("max_entries", 100), int, f"feeds[{i}].max_entries")))
    schedule = str(data.get("schedule") or "daily")
    cron_for(schedule)  # a bad schedule is named here, not when the schedule first ticks
    return FeedsConfig(feeds=feeds, policy=policy, schedule=schedule)


def _mapping(value, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a mapping")
    return value


def _typed(value, kind, where: str):
    if kind is str:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string")
        return value
    if kind is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ConfigError(f"{where}: expected a number >= 0")
    return kind(value)


def cron_for(schedule: str) -> str:
    """The cron expression of a `schedule` setting: daily, hourly, or a cron expression."""
    named = {"daily": "0 5 * * *", "hourly": "0 * * * *"}
    if schedule in named:
        return named[schedule]
    if len(schedule.split()) != 5:
        raise ConfigError(f"schedule '{schedule}': expected daily, hourly or a 5-field cron expression")
    return schedule


# ---------------------------------------------------------------- parsing feeds safely

def parse_feed(body: bytes, url: str) -> list[dict]:
    """The entries of a feed body; raises Refused for XML with entity declarations, external
    entities or a DTD (checked by defusedxml before feedparser sees a byte) or for a body
    that is not a feed."""
    import defusedxml.ElementTree as safe_et
    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
    from xml.etree.ElementTree import ParseError

    try:
        safe_et.fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        if b"<!DOCTYPE" in body[:4096].upper():
            safe_et.fromstring(body, forbid_dtd=True)
    except EntitiesForbidden as exc:
        if exc.sysid or exc.pubid:
            raise Refused(f"feed declares an external entity '{exc.name}' ({exc.sysid or exc.pubid}): "
                          "an XXE attempt, refused (external entities are never resolved)", "xml_external_entity") from None
        raise Refused(f"feed declares the XML entity '{exc.name}': refused (entity expansion, as in a "
                      "billion-laughs bomb, is never done)", "xml_entities") from None
    except ExternalReferenceForbidden as exc:
        raise Refused(f"feed refers to an external resource ({exc.sysid}): refused", "xml_external_entity") from None
    except DTDForbidden:
        raise Refused("feed declares a DTD (<!DOCTYPE>): refused (DTDs are not processed)", "xml_dtd") from None
    except ParseError as exc:
        raise Refused(f"feed is not well-formed XML ({exc})", "invalid_xml") from None
    import feedparser

    # Bytes, never a string: feedparser would fetch a string that looks like a URL itself.
    try:
        parsed = feedparser.parse(body, response_headers={"content-location": url}, sanitize_html=True)
        return _entries(parsed)
    except Refused:
        raise
    except Exception as exc:  # noqa: BLE001 - a feed that breaks the parser costs that feed only
        raise Refused(f"feed could not be parsed: {type(exc).__name__}: {exc}", "not_a_feed") from None


def _entries(parsed) -> list[dict]:
    if not parsed.entries and (parsed.bozo or not parsed.version):
        raise Refused("not an RSS or Atom feed" + (f" ({parsed.bozo_exception})" if parsed.bozo else ""),
                      "not_a_feed")
    return [_entry(e) for e in parsed.entries]


def _entry(e) -> dict:
    when = e.get("published_parsed") or e.get("updated_parsed")
    published = (dt.datetime.fromtimestamp(calendar.timegm(when), dt.timezone.utc).isoformat()
                 if when else None)
    summary = e.get("summary") or ""
    if not summary and e.get("content"):
        summary = e["content"][0].get("value") or ""
    entry = {"id": e.get("id"), "link": e.get("link"), "title": e.get("title"),
             "published": published, "published_raw": e.get("published") or e.get("updated"),
             "summary": summary[:MAX_SUMMARY_CHARS]}
    entry["fingerprint"] = hashlib.sha256(json.dumps(entry, sort_keys=True).encode()).hexdigest()[:20]
    return entry


# ---------------------------------------------------------------- fetching into the store

@dataclasses.dataclass
class FetchSummary:
    """What one fetch run did (the asset's metadata)."""

    feeds: int = 0
    fetched: int = 0          # responses received and kept (feeds and pages)
    not_modified: int = 0     # feeds answered 304
    new: int = 0              # new or changed entries stored (pages or summaries)
    unchanged: int = 0        # entries already stored, not fetched again
    rejected: int = 0         # refusals stored (each a reject row)
    requests: int = 0         # HTTP requests sent, robots.txt and retries included
    transient_feed_failures: int = 0
    stored: list = dataclasses.field(default_factory=list)
    attempted: set = dataclasses.field(default_factory=set)  # entry keys whose page was asked for

    def as_dict(self) -> dict:
        return {k: v for k, v in dataclasses.asdict(self).items() if k not in ("stored", "attempted")}


def store_root(raw_dir: str | os.PathLike) -> Path:
    return Path(raw_dir) / STORE_FOLDER


def fetch_feeds(config: FeedsConfig, raw_dir: str | os.PathLike, day: dt.date | None = None,
                fetcher: Fetcher | None = None) -> FetchSummary:
    """Fetch every configured feed and its new entries' pages into `<raw>/feeds/<day>/`.

    Conditional requests use the validators of the feed's last stored answer; an entry whose
    link was stored before with the same fingerprint is not fetched again; a refusal is stored
    (and becomes a reject) and the run goes on. Never raises for a bad feed or page."""
    fetcher = fetcher or Fetcher(config.policy)
    day = day or dt.datetime.now(dt.timezone.utc).date()
    store = Store(store_root(raw_dir))
    summary = FetchSummary(feeds=len(config.feeds))
    if not config.feeds:
        return summary
    store.ensure()
    validators, seen, pending = stored_state(store)
    for feed in config.feeds:
        _fetch_feed(feed, fetcher, store, day, validators, seen, summary)
        # Pages that failed for a transient reason in an earlier run are tried again even when
        # the feed is unchanged (304), a bounded number of runs.
        for side in pending.get(feed.url, []):
            key = _entry_key(side["entry"])
            if key not in summary.attempted and seen.get(key) != side["entry"]["fingerprint"]:
                _fetch_page(side["entry"], {k: side[k] for k in ("feed", "options", "entry")}, feed,
                            fetcher, store, day, seen, summary)
    summary.requests = fetcher.requests
    return summary


# Runs in which a page refused for a transient reason (timeout, 5xx) is tried again.
MAX_PAGE_RUNS = 3


def stored_state(store: Store) -> tuple[dict, dict, dict]:
    """From every stored sidecar, in fetch order: the last validators (ETag, Last-Modified) of
    each feed URL; the fingerprint of each entry already stored; and, per feed, the pages last
    refused for a transient reason fewer than MAX_PAGE_RUNS times (they are tried again)."""
    validators, seen, failures, last = {}, {}, {}, {}
    for _, side in store.sidecars():
        kind, refused = side.get("kind"), side.get("refused")
        if kind == "feed" and side.get("status") in (200, 304) and not refused:
            found = {k: side.get("validators", {}).get(k) for k in ("etag", "last-modified")}
            if any(found.values()):
                validators[side["url"]] = found
        elif kind in ("page", "entry") and side.get("entry"):
            key = _entry_key(side["entry"])
            if refused and refused.get("transient"):
                failures[key] = failures.get(key, 0) + 1
                last[key] = side
                continue
            seen[key] = side["entry"].get("fingerprint")
            last.pop(key, None)
    pending: dict[str | None, list] = {}
    for key, side in last.items():
        if failures[key] < MAX_PAGE_RUNS and seen.get(key) != side["entry"].get("fingerprint"):
            pending.setdefault(side.get("feed"), []).append(side)
    return validators, seen, pending


def _entry_key(entry: dict) -> str:
    return entry.get("link") or entry.get("id") or entry["fingerprint"]


def _fetch_feed(feed: Feed, fetcher: Fetcher, store: Store, day: dt.date, validators: dict,
                seen: dict, summary: FetchSummary) -> None:
    host = (urlsplit(feed.url).hostname or "").lower()
    fetcher.set_interval(host, feed.rate_limit_seconds)
    options = {"language": feed.language, "publisher": feed.publisher, "fetch_pages": feed.fetch_pages}
    base = {"kind": "feed", "url": feed.url, "feed": feed.url, "options": options}
    previous = validators.get(feed.url) or {}
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"}
    if previous.get("etag"):
        headers["If-None-Match"] = previous["etag"]
    if previous.get("last-modified"):
        headers["If-Modified-Since"] = previous["last-modified"]
    try:
        resp = fetcher.get(feed.url, headers)
    except Refused as exc:
        summary.rejected += 1
        summary.transient_feed_failures += exc.transient
        summary.stored.append(store.write(day, _refusal(base, exc, fetcher)))
        return
    if resp.status == 304:
        summary.not_modified += 1
        # The validators stay those of the last full answer.
        summary.stored.append(store.write(day, {**_answer(base, resp), "validators": previous}))
        return
    side = {**_answer(base, resp), "validators": {k: resp.headers.get(k) for k in ("etag", "last-modified")}}
    try:
        entries = parse_feed(resp.body, resp.final_url)
    except Refused as exc:
        summary.rejected += 1
        summary.stored.append(store.write(day, {**side, "refused": _reason(exc)}, resp.body))
        return
    summary.fetched += 1
    summary.stored.append(store.write(day, {**side, "entries": len(entries)}, resp.body))
    for entry in entries[:feed.max_entries]:
        key = _entry_key(entry)
        if seen.get(key) == entry["fingerprint"]:
            summary.unchanged += 1
            continue
        item = {"feed": feed.url, "options": options, "entry": entry}
        if not feed.fetch_pages:
            seen[key] = entry["fingerprint"]
            summary.new += 1
            summary.stored.append(store.write(day, {"kind": "entry", "url": key, **item,
                                                    "fetched_at": side["fetched_at"], "status": None}))
            continue
        _fetch_page(entry, item, feed, fetcher, store, day, seen, summary)


def _fetch_page(entry: dict, item: dict, feed: Feed, fetcher: Fetcher, store: Store, day: dt.date, seen: dict,
                summary: FetchSummary) -> None:
    link = entry.get("link")
    summary.attempted.add(_entry_key(entry))
    base = {"kind": "page", "url": link or entry["fingerprint"], **item}
    if not link:
        summary.rejected += 1
        seen[_entry_key(entry)] = entry["fingerprint"]
        summary.stored.append(store.write(day, _refusal(base, Refused("feed entry without a link", "no_link"), fetcher)))
        return
    fetcher.set_interval((urlsplit(link).hostname or "").lower(), feed.rate_limit_seconds)
    try:
        resp = fetcher.get(link, {"Accept": "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"})
        kind = (resp.headers.get("content-type") or "text/html").split(";")[0].strip().lower()
        if resp.status != 200 or kind not in HTML_TYPES:
            raise Refused(f"not an HTML page (HTTP {resp.status}, {kind})", "not_html")
    except Refused as exc:
        summary.rejected += 1
        if not exc.transient:
            seen[_entry_key(entry)] = entry["fingerprint"]
        summary.stored.append(store.write(day, _refusal(base, exc, fetcher)))
        return
    seen[_entry_key(entry)] = entry["fingerprint"]
    summary.fetched += 1
    summary.new += 1
    summary.stored.append(store.write(day, _answer(base, resp), resp.body))


def _answer(base: dict, resp) -> dict:
    return {**base, "final_url": resp.final_url,
            "hops": resp.hops, "status": resp.status, "headers": resp.headers,
            "fetched_at": _iso(resp.fetched_at), "refused": None}


def _refusal(base: dict, exc: Refused, fetcher: Fetcher) -> dict:
    return {**base, "final_url": exc.hops[-1]["url"] if exc.hops else None, "hops": exc.hops,
            "status": exc.status, "headers": None, "fetched_at": _iso(fetcher.now()), "refused": _reason(exc)}


def _reason(exc: Refused) -> dict:
    return {"reason": exc.reason, "code": exc.code, "transient": exc.transient}


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def summarise_day(raw_dir: str | os.PathLike, day: dt.date) -> dict:
    """The counts of a fetch run read back from a stored day (what a replay reports)."""
    counts = {"fetched": 0, "not_modified": 0, "new": 0, "rejected": 0}
    for _, side in Store(store_root(raw_dir)).sidecars(day.isoformat()):
        kind, refused = side.get("kind"), side.get("refused")
        if refused:
            counts["rejected"] += 1
            continue
        counts["fetched"] += kind in ("feed", "page") and side.get("status") == 200
        counts["not_modified"] += kind == "feed" and side.get("status") == 304
        counts["new"] += kind in ("page", "entry")
    return counts


# ---------------------------------------------------------------- the store read back

def read_stored_response(path: Path, root_real: str) -> list[dict]:
    """Raw records of one stored sidecar (the ingest stage's reader for the store): a page
    gives its extracted article, an entry its summary, a refusal one error row (stage
    `fetch`, the URL as its source, the fetch time as its time), a feed answer nothing."""
    data, size = read_confined(path, root_real, MAX_FILE_BYTES)
    try:
        side = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Rejected(f"stored response sidecar is not valid JSON ({exc})", "invalid_json") from None
    if not isinstance(side, dict) or side.get("kind") not in ("feed", "page", "entry"):
        raise Rejected("stored response sidecar without a known kind", "bad_record")
    name = f"{path.parent.name}/{path.name}"
    url = side.get("url") or name
    refused = side.get("refused")
    if refused:
        return [_error(url, name, refused.get("reason") or "refused", refused.get("code"), side)]
    if side["kind"] == "feed":
        return []
    entry, options = side.get("entry") or {}, side.get("options") or {}
    extra = {"feed": side.get("feed"), "entry_id": entry.get("id"), "fetched_at": side.get("fetched_at")}
    if side["kind"] == "page":
        body_path = path.with_name(side.get("body") or "")
        try:
            body, size = read_confined(body_path, root_real, MAX_FILE_BYTES)
            from pipeline.ingest.readers import _from_html

            rec = _from_html(body)
        except Rejected as exc:
            return [_error(url, name, f"stored page: {exc}", exc.code, side)]
        if side.get("final_url") and side["final_url"] != entry.get("link"):
            extra["fetched_url"] = side["final_url"]
        rec["format"] = "page"
        rec["published_source"] = "page" if rec.get("published") else None
    else:
        text = _summary_text(entry.get("summary") or "")
        if not text.strip():
            return [_error(url, name, "feed entry without a summary to use as text", "no_text", side)]
        rec = {"format": "feed", "text": text}
        size = len(text)
    if entry.get("published"):
        rec["published"], rec["published_source"] = entry["published"], "feed"
    rec.update(title=entry.get("title") or rec.get("title"), url=entry.get("link") or rec.get("url"),
               publisher=options.get("publisher") or rec.get("publisher"),
               language=options.get("language") or rec.get("language"),
               source_id=entry.get("id") or entry.get("link"), record=None, size_bytes=size,
               source_path=str(path),
               extra=json.dumps({k: v for k, v in extra.items() if v is not None}, ensure_ascii=False,
                                sort_keys=True))
    return [rec]


def _error(url: str, name: str, reason: str, code: str | None, side: dict) -> dict:
    at = side.get("fetched_at")
    return {"path": url, "record": name, "error": reason, "code": code or "other", "stage": "fetch",
            "at": dt.datetime.fromisoformat(at) if at else None}


_TAG = re.compile(r"<[^>]+>")


def _summary_text(summary: str) -> str:
    """Plain text of a feed summary (feedparser has already sanitised its HTML)."""
    import html

    text = re.sub(r"(?i)<\s*(br|/p|/div|/li)\b[^>]*>", "\n", summary)
    return html.unescape(_TAG.sub("", text)).strip()
