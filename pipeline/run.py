"""The whole pipeline over plain data: files in, the output tables out (no Dagster needed).

The stages are declared once, in STAGES; `conflict-events extract` runs them in order
(run_stages) and the Dagster code location makes one asset per stage from the same list."""
from __future__ import annotations

import bisect
import datetime as dt
import logging
import multiprocessing as mp
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyarrow as pa

from pipeline import dates, dedup, events, geo, ingest, publish, quality, storage
from pipeline.dedup.retention import find_corrections, retain_unseen
from pipeline.memory import paused_gc
from pipeline.tables import SCHEMAS, to_table
from pipeline.text import text_layer

OUTPUT_TABLES = ("articles", "mentions", "events", "places", "rejects", "event_changes")
log = logging.getLogger(__name__)


def analyse_article(article: dict, gazetteer) -> tuple[list[dict], list[dict]]:
    """Event mentions and places of one article row."""
    text, published = article["text"], article.get("published")
    # One text layer for the article (pipeline.text): its sentences, lower case and tokens are
    # worked out once and read by geo, dates and events, which each ask for it by the text.
    sentences = text_layer(text).sentences
    places = geoparse_bounded(text, sentences, gazetteer, article["article_id"])
    timexes = dates.tag_timexes(text, published)
    mentions = events.extract_mentions(article, sentences, places)
    starts = [t["start"] for t in timexes]
    timex_starts: list[int] | None = starts
    if any(a > b for a, b in zip(starts, starts[1:])):  # not in text order: no shortcut
        timex_starts = None
    for m in mentions:
        sentence = sentences[m["sentence_index"]]
        # attach_date keeps the expressions within the sentence: hand it only those (linear)
        within = timexes if timex_starts is None else \
            timexes[bisect.bisect_left(timex_starts, sentence[0]):bisect.bisect_right(timex_starts, sentence[1])]
        m.update(dates.attach_date(sentence, (m["char_start"], m["char_end"]), within, published))
        m["published"] = published
    # sentences without a date of their own: the day of the report around them
    dates.inherit_dates(mentions, published, article.get("published_source"))
    return mentions, places


# Toponyms are resolved against one another (shared country, nearness) within windows of
# whole sentences of about this many characters: the comparison is quadratic in the places
# it sees, so an article's cost stays linear in its length. No news_dev article is this long.
PLACE_WINDOW_CHARS = 20_000


def geoparse_bounded(text: str, sentences: list[tuple[int, int]], gazetteer, article_id) -> list[dict]:
    """geo.geoparse over windows of whole sentences of at most ~PLACE_WINDOW_CHARS, offsets
    shifted back into `text`; one window (the plain call) for any ordinary article."""
    if len(text) <= PLACE_WINDOW_CHARS or not sentences:
        return geo.geoparse(text, gazetteer, article_id)
    rows: list[dict] = []
    first = 0
    for i, (_, end) in enumerate(sentences):
        last = i + 1 == len(sentences)
        if last or sentences[i + 1][1] - sentences[first][0] > PLACE_WINDOW_CHARS:
            lo, hi = sentences[first][0], end
            for row in geo.geoparse(text[lo:hi], gazetteer, article_id):
                row["char_start"] += lo
                row["char_end"] += lo
                rows.append(row)
            first = i + 1
    return rows


@paused_gc()
def analyse_articles(articles: list[dict], gazetteer, workers: int = 1
                     ) -> tuple[list[dict], list[dict], list[dict]]:
    """Mentions, places and rejects of many articles; an article that crashes a stage is rejected.

    With workers > 1 the articles are shared out to forked processes, which inherit the
    gazetteer already in memory instead of loading it again."""
    if workers > 1 and len(articles) > 1:
        parts = _map_chunks(_analyse_chunk, articles, gazetteer, workers=workers)
        return ([m for part in parts for m in part[0]], [p for part in parts for p in part[1]],
                [r for part in parts for r in part[2]])
    mentions, places, rejects = [], [], []
    for article in articles:
        try:
            m, p = analyse_article(article, gazetteer)
        except Exception as exc:  # one bad article must not stop the run
            rejects.append(ingest.make_reject(
                article.get("source_path", ""), f"analysis failed: {type(exc).__name__}: {exc}",
                "analyse", article.get("article_id"), code="analysis_failed"))
            continue
        mentions.extend(m)
        places.extend(p)
    return mentions, places, rejects


def quarantine(mentions: list[dict], places: pa.Table, articles: list[dict], now: dt.datetime
               ) -> tuple[list[dict], pa.Table, list[dict]]:
    """Mentions and places without the rows that break a quality rule, and their rejects
    (see pipeline.quality): one bad row never stops publication of the others."""
    paths = {a["article_id"]: a.get("source_path", "") for a in articles}
    mentions, bad_mentions = quality.quarantine_mentions(mentions, now, paths)
    places, bad_places = quality.quarantine_places(places, now, paths)
    return mentions, places, bad_mentions + bad_places


def build_events(mentions: list[dict], previous_events: list[dict] | None,
                 previous_changes: list[dict] | None, now: dt.datetime,
                 corrections: dict[str, str] | None = None) -> tuple[list[dict], list[dict]]:
    """The deduplicated events table and the change log, extended with this run's changes.

    Events of the previous table whose mentions this run did not read are kept as they were
    (pipeline.dedup.retention): a missing raw file or folder never removes events.
    `corrections` (replaced article id -> corrected article id): the replaced articles'
    mentions are dropped and their events pass to the corrected article's (same id, updated)."""
    corrections = corrections or {}
    if corrections:
        mentions = [m for m in mentions if m["article_id"] not in corrections]
    event_rows, changes = dedup.cluster_events(mentions, previous_events, now, aliases=corrections)
    event_rows, changes = retain_unseen(event_rows, changes, previous_events,
                                        (m["mention_id"] for m in mentions), corrections.keys())
    return event_rows, list(previous_changes or []) + changes


def publish_to(out_dir: str | Path, tables: dict[str, pa.Table]) -> None:
    """Publish a run's tables: together (pipeline.publish) into a local folder; into an object
    store (a URL), one atomic PUT per table, where no link can swap them all at once."""
    if storage.is_local(out_dir):
        publish.publish_tables(storage.local_path(out_dir), tables)
        return
    for name, table in tables.items():
        storage.write_table(table, storage.as_path(out_dir) / f"{name}.parquet")


class NoInputError(RuntimeError):
    """No file to read under the inputs: the run stops before any write."""


# ---------------------------------------------------------------------------------------------
# The stage graph: declared once, run by `conflict-events extract` (run_stages) and by the
# Dagster assets (one multi-asset per stage, assets/stages.py). Each stage reads named tables
# and returns named tables; nothing else passes between stages.

@dataclass
class StageContext:
    """What a stage may use besides its input tables."""

    inputs: list = field(default_factory=list)  # files or folders the read stage reads
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    workers: int = 1
    load_gazetteer: Callable[[], object] = geo.load_gazetteer
    # The table an earlier run published under this name (events, event_changes), or None.
    previous: Callable[[str], pa.Table | None] = lambda name: None
    # Which of the files found under `inputs` to read (one day's files); all when None.
    select: Callable[[Path], bool] | None = None
    # Ids of the articles of earlier ingest days: a copy arriving again is a duplicate.
    earlier_articles: Callable[[], set[str]] = set
    # Receives progress lines of the long stages (articles done, rate, ETA).
    report: Callable[[str], None] = field(default=lambda message: log.info("%s", message))


@dataclass(frozen=True)
class Stage:
    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    run: Callable[..., dict[str, pa.Table]]  # run(context, **input tables) -> output tables
    description: str | None


def read_stage(ctx: StageContext) -> dict[str, pa.Table]:
    """Raw records of every input file (of the selected day); unreadable files and records as
    rejects. No input file at all stops the run before any write."""
    files, _ = ingest.scan_inputs(ctx.inputs)
    if not files:  # a day without files (ctx.select) is a quiet day, not a missing folder
        raise NoInputError(f"no input files under {', '.join(map(str, ctx.inputs)) or '(nothing)'}: "
                           "nothing read, published tables left unchanged")
    records, rejects = ingest.read_raw(ctx.inputs, select=ctx.select)
    return {"raw_articles": to_table(records, SCHEMAS["raw_articles"]),
            "read_rejects": to_table(rejects, SCHEMAS["rejects"])}


def clean_stage(ctx: StageContext, raw_articles: pa.Table) -> dict[str, pa.Table]:
    """Clean articles (boilerplate cut, sources, content ids), one per content; rejects."""
    raw = raw_articles.to_pylist()
    progress = Progress("clean", len(raw), ctx.report, unit="records")
    cleaned = _map_chunks(_clean_chunk, raw, None, ctx.now, workers=ctx.workers, progress=progress)
    rejects = [reject for _, reject in cleaned if reject]
    articles, duplicates = ingest.drop_duplicates([a for a, _ in cleaned if a], ctx.now)
    earlier = ctx.earlier_articles()
    if earlier:
        again = [a for a in articles if a["article_id"] in earlier]
        articles = [a for a in articles if a["article_id"] not in earlier]
        duplicates += [ingest.make_reject(a["source_path"], f"duplicate of article {a['article_id']} "
                                          "read on an earlier ingest day", "dedup", None, None,
                                          ctx.now, code="duplicate") for a in again]
    return {"articles": to_table(articles, SCHEMAS["articles"]),
            "article_rejects": to_table(rejects + duplicates, SCHEMAS["rejects"])}


def analyse_stage(ctx: StageContext, articles: pa.Table) -> dict[str, pa.Table]:
    """Event mentions and places of every article, rows breaking a quality rule quarantined."""
    rows = articles.to_pylist()
    gazetteer = ctx.load_gazetteer()
    progress = Progress("analyse", len(rows), ctx.report)
    parts = _map_chunks(_analyse_to_tables, rows, gazetteer, workers=ctx.workers, progress=progress)
    mentions = [m for part in parts for m in part[0]]
    places = pa.concat_tables([part[1] for part in parts]) if parts else to_table([], SCHEMAS["places"])
    rejects = [r for part in parts for r in part[2]]
    mentions, places, quarantined = quarantine(mentions, places, rows, ctx.now)
    return {"mentions": to_table(mentions, SCHEMAS["mentions"]), "places": places,
            "analysis_rejects": to_table(rejects + quarantined, SCHEMAS["rejects"])}


# The ingest day of the rows of this run, for tables that carry none (the CLI's single batch):
# after every day an earlier run may have published.
THIS_RUN = "~"


def merge_stage(ctx: StageContext, mentions: pa.Table, articles: pa.Table) -> dict[str, pa.Table]:
    """Mentions merged into events with stable ids and versions; the change log extended.

    The inputs may hold several ingest days (an `ingest_date` column, the Dagster partitions):
    a mention read on two days counts once, and an article corrected on a later day replaces
    the earlier version (pipeline.dedup.retention.find_corrections)."""
    publish.checkpoint("dedup")
    previous = {name: ctx.previous(name) for name in ("events", "event_changes", "articles")}
    mention_rows = _first_per_id(_rows_by_day(mentions, SCHEMAS["mentions"]), "mention_id")
    known = _rows_by_day(articles, pa.schema([SCHEMAS["articles"].field(n) for n in ("article_id", "url")]))
    if previous["articles"] is not None:  # the CLI's last run: the versions a correction replaces
        known = [{**a, "ingest_date": ""} for a in previous["articles"].select(["article_id", "url"]).to_pylist()] + known
    previous_events, previous_changes = (t.to_pylist() if t is not None else None
                                         for t in (previous["events"], previous["event_changes"]))
    rows, changes = build_events(mention_rows, previous_events, previous_changes, ctx.now,
                                 find_corrections(known))
    return {"events": to_table(rows, SCHEMAS["events"]),
            "event_changes": to_table(changes, SCHEMAS["event_changes"])}


def _rows_by_day(table: pa.Table, schema: pa.Schema) -> list[dict]:
    """The rows of `table` (only the schema's columns and `ingest_date`), earliest day first."""
    day = table["ingest_date"].cast(pa.string()) if "ingest_date" in table.column_names else None
    rows = table.select(schema.names).to_pylist()
    days = day.to_pylist() if day is not None else [THIS_RUN] * len(rows)
    for row, d in zip(rows, days):
        row["ingest_date"] = d
    return sorted(rows, key=lambda r: r["ingest_date"]) if day is not None else rows


def _first_per_id(rows: list[dict], key: str) -> list[dict]:
    seen: set = set()
    out = []
    for row in rows:
        if row[key] not in seen:
            seen.add(row[key])
            row.pop("ingest_date", None)
            out.append(row)
    return out


def gather_rejects_stage(ctx: StageContext, read_rejects: pa.Table, article_rejects: pa.Table,
                         analysis_rejects: pa.Table) -> dict[str, pa.Table]:
    """Every file, record, article or row the stages could not use, with the reason."""
    return {"rejects": pa.concat_tables([read_rejects, article_rejects, analysis_rejects])}


STAGES: tuple[Stage, ...] = (
    Stage("read", (), ("raw_articles", "read_rejects"), read_stage, read_stage.__doc__),
    Stage("clean", ("raw_articles",), ("articles", "article_rejects"), clean_stage, clean_stage.__doc__),
    Stage("analyse", ("articles",), ("mentions", "places", "analysis_rejects"), analyse_stage,
          analyse_stage.__doc__),
    Stage("merge", ("mentions", "articles"), ("events", "event_changes"), merge_stage,
          merge_stage.__doc__),
    Stage("gather_rejects", ("read_rejects", "article_rejects", "analysis_rejects"), ("rejects",),
          gather_rejects_stage, gather_rejects_stage.__doc__),
)


def run_stages(ctx: StageContext, stages: tuple[Stage, ...] = STAGES) -> dict[str, pa.Table]:
    """Every stage in order over in-memory tables; every table produced, staging ones included."""
    tables: dict[str, pa.Table] = {}
    for stage in stages:
        started = time.perf_counter()
        tables.update(stage.run(ctx, **{name: tables[name] for name in stage.inputs}))
        log.debug("stage %s: %.1f s", stage.name, time.perf_counter() - started)
    return tables


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract(inputs: list[str | Path], out_dir: str | Path | None = None, gazetteer=None,
            now: dt.datetime | None = None, workers: int = 1,
            report: Callable[[str], None] | None = None) -> dict[str, pa.Table]:
    """Run every stage over files or folders; publish the tables into `out_dir` when given.

    Checked before any work: the output folder is writable and no other run writes to it (a
    lock held to the end), the inputs hold at least one file, the gazetteer loads. The tables
    are then published together (pipeline.publish): a run that fails or is killed leaves the
    published tables as they were."""
    if out_dir is None or not storage.is_local(out_dir):  # no lock on an object store
        return _extract(inputs, out_dir, gazetteer, now, workers, report)
    with publish.output_lock(storage.local_path(out_dir)):
        return _extract(inputs, out_dir, gazetteer, now, workers, report)


@paused_gc()  # forked workers inherit the pause
def _extract(inputs: list[str | Path], out_dir: str | Path | None, gazetteer,
             now: dt.datetime | None, workers: int, report) -> dict[str, pa.Table]:
    files, _ = ingest.scan_inputs(inputs)
    if not files:
        raise NoInputError(f"no input files under {', '.join(map(str, inputs)) or '(nothing)'}: "
                           "nothing read, published tables left unchanged")
    if gazetteer is None:
        gazetteer = geo.load_gazetteer()  # before any reading: a broken gazetteer fails at once
    ctx = StageContext(inputs=list(inputs), now=now or dt.datetime.now(dt.timezone.utc),
                       workers=workers, load_gazetteer=lambda: gazetteer,
                       previous=lambda name: _previous_table(out_dir, name))
    if report is not None:
        ctx.report = report
    produced = run_stages(ctx)
    tables = {name: produced[name] for name in OUTPUT_TABLES}
    if out_dir is not None:
        publish_to(out_dir, tables)
    return tables


def _previous_table(out_dir, name: str) -> pa.Table | None:
    if out_dir is None:
        return None
    return storage.read_table(storage.as_path(out_dir) / f"{name}.parquet", SCHEMAS[name])


def _clean_chunk(records: list[dict], _gazetteer, now: dt.datetime) -> list[tuple]:
    return [ingest.clean_record(rec, now) for rec in records]


def _analyse_to_tables(articles: list[dict], gazetteer) -> list[tuple]:
    """One chunk's mentions, places and rejects. Places are most of the rows: building their
    table here, in the worker, spares the parent both their unpickling and their conversion."""
    mentions, places, rejects = [], [], []
    for i, article in enumerate(articles):
        if i == 1:
            publish.checkpoint("analyse")
        m, p, r = analyse_articles([article], gazetteer)
        mentions += m
        places += p
        rejects += r
    return [(mentions, to_table(places, SCHEMAS["places"]), rejects)]


class Progress:
    """Progress lines of a long stage: items done, rate and time left, at most every few seconds."""

    def __init__(self, stage: str, total: int, report: Callable[[str], None], unit: str = "articles",
                 every: float = 5.0):
        self.stage, self.total, self.report, self.unit, self.every = stage, total, report, unit, every
        self.done = 0
        self.started = self.last = time.monotonic()

    def advance(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if self.done < self.total and now - self.last < self.every:
            return
        self.last = now
        rate = self.done / max(now - self.started, 1e-9)
        left = (self.total - self.done) / rate if rate else 0.0
        self.report(f"{self.stage}: {self.done:,}/{self.total:,} {self.unit}, {rate:,.0f}/s"
                    + (f", about {left:,.0f} s left" if self.done < self.total else ""))


_WORKER_STATE: tuple = ()
# Signals a worker leaves to its parent: Ctrl-C and a Dagster run's termination go to the
# parent, which shuts the pool down; a worker keeps the default action for the others.
_PARENT_SIGNALS = ("SIGINT",)
_DEFAULT_SIGNALS = ("SIGTERM", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGQUIT")


class WorkerCrashed(RuntimeError):
    """An analysis worker process died (killed, out of memory, a crash in C code)."""


def _init_worker(state: tuple) -> None:
    """In each forked worker: the shared state, and the signal handlers a worker should have
    (not the ones it inherited, e.g. a Dagster run's)."""
    global _WORKER_STATE
    _WORKER_STATE = state
    for name in _PARENT_SIGNALS:
        signal.signal(getattr(signal, name), signal.SIG_IGN)
    for name in _DEFAULT_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


def _run_chunk(bounds: tuple[int, int]) -> list:
    fn, items, gazetteer, *args = _WORKER_STATE
    return fn(items[bounds[0]:bounds[1]], gazetteer, *args)


def _map_chunks(fn, items: list, gazetteer, *args, workers: int = 1,
                progress: Progress | None = None) -> list:
    """fn(chunk, gazetteer, *args) over chunks of items, in forked processes when workers > 1.

    Forked workers inherit the items and the gazetteer already in memory (the initializer's
    arguments are not pickled under fork), so only chunk bounds go to them; results come back
    in input order. A worker that dies fails the call with WorkerCrashed instead of a hang."""
    if workers <= 1 or len(items) <= 1:
        if progress is None:
            return fn(items, gazetteer, *args)
        out = []
        for i in range(0, len(items), 200):  # one process: chunks only to report progress
            out += fn(items[i:i + 200], gazetteer, *args)
            progress.advance(len(items[i:i + 200]))
        return out
    size = max(1, min(200, len(items) // (workers * 4)))
    bounds = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    state = (fn, items, gazetteer, *args)
    try:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"),
                                 initializer=_init_worker, initargs=(state,)) as pool:
            out = []
            for (lo, hi), part in zip(bounds, pool.map(_run_chunk, bounds)):
                out += part
                if progress is not None:
                    progress.advance(hi - lo)
            return out
    except BrokenProcessPool as exc:
        raise WorkerCrashed(f"an analysis worker process died (killed or crashed) while {len(items)} "
                            f"items were shared out to {workers} workers; no table was written: {exc}") from None


def _analyse_chunk(articles: list[dict], gazetteer) -> list[tuple]:
    return [analyse_articles(articles, gazetteer)]
