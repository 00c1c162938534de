"""The whole pipeline over plain data: files in, the output tables out (no Dagster needed).

The stages are declared once, in STAGES; `conflict-events extract` runs them in order
(run_stages) and the Dagster code location makes one asset per stage from the same list."""
from __future__ import annotations

import bisect
import collections
import contextlib
import datetime as dt
import logging
import multiprocessing as mp
import os
import shutil
import signal
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Generator, Iterable, Iterator, Mapping

import pyarrow as pa

from pipeline import dates, dedup, events, geo, ingest, publish, quality, storage
from pipeline.dedup.retention import find_corrections, retain_unseen
from pipeline.memory import paused_gc
from pipeline.tables import (SCHEMAS, AnyTable, MemorySink, SpoolSink, TableFile, TableSink, iter_rows,
                             iter_tables, read_all, to_table)
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


def publish_to(out_dir: str | Path, tables: Mapping[str, AnyTable]) -> Mapping[str, pa.Table]:
    """Publish a run's tables: together (pipeline.publish) into a local folder; into an object
    store (a URL), one atomic PUT per table, where no link can swap them all at once. Tables
    spooled to files (TableFile) are moved or uploaded as they are, never loaded.

    Returns the published tables, each read only when asked for (RunTables)."""
    if storage.is_local(out_dir):
        final = publish.publish_tables(storage.local_path(out_dir), tables)
        return RunTables({name: final / f"{name}.parquet" for name in tables})
    for name, table in tables.items():
        target = storage.as_path(out_dir) / f"{name}.parquet"
        if isinstance(table, TableFile):
            storage.put_file(table.path, target)
        else:
            storage.write_table(table, target)
    return RunTables({name: t.path if isinstance(t, TableFile) else t for name, t in tables.items()})


class RunTables(Mapping[str, pa.Table]):
    """A run's output tables by name, each read from its Parquet file only when first asked
    for (so a large run's return value costs nothing until used); `rows(name)` reads the count
    from the file's metadata. `keep` is held as long as the tables may be read (a spool folder)."""

    def __init__(self, files: Mapping[str, Path | pa.Table], keep: object = None):
        self._files, self._keep = dict(files), keep
        self._loaded: dict[str, pa.Table] = {}

    def __getitem__(self, name: str) -> pa.Table:
        if name not in self._loaded:
            source = self._files[name]
            self._loaded[name] = source if isinstance(source, pa.Table) else \
                TableFile(source, SCHEMAS[name]).read()
        return self._loaded[name]

    def rows(self, name: str) -> int:
        source = self._files[name]
        return source.num_rows if isinstance(source, pa.Table) else TableFile(source, SCHEMAS[name]).num_rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


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
    # Where a stage writes an output table (name, schema, parts): in memory by default; the CLI
    # with an output folder spools every table to Parquet files (bounded memory, see extract).
    sink: Callable[[str, pa.Schema, int], TableSink] = field(
        default=lambda name, schema, parts=1: MemorySink(schema, parts))


@dataclass(frozen=True)
class Stage:
    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    run: Callable[..., dict[str, pa.Table]]  # run(context, **input tables) -> output tables
    description: str | None


# Rows per batch of the clean and analyse stages: each batch is read, analysed (shared out to
# the workers) and written before the next, so memory does not grow with the run's size.
BATCH_ROWS = 5_000


def read_stage(ctx: StageContext) -> dict[str, AnyTable]:
    """Raw records of every input file (of the selected day); unreadable files and records as
    rejects. No input file at all stops the run before any write."""
    files, _ = ingest.scan_inputs(ctx.inputs)
    if not files:  # a day without files (ctx.select) is a quiet day, not a missing folder
        raise NoInputError(f"no input files under {', '.join(map(str, ctx.inputs)) or '(nothing)'}: "
                           "nothing read, published tables left unchanged")
    records = ctx.sink("raw_articles", SCHEMAS["raw_articles"], 1)
    rejects = ctx.sink("read_rejects", SCHEMAS["rejects"], 1)
    for batch, bad in ingest.iter_raw(ctx.inputs, select=ctx.select):
        records.write_rows(batch)
        rejects.write_rows(bad)
    return {"raw_articles": records.close(), "read_rejects": rejects.close()}


def clean_stage(ctx: StageContext, raw_articles: AnyTable) -> dict[str, AnyTable]:
    """Clean articles (boilerplate cut, sources, content ids), one per content; rejects."""
    progress = Progress("clean", raw_articles.num_rows, ctx.report, unit="records")
    articles = ctx.sink("articles", SCHEMAS["articles"], 1)
    # in this order: records that cannot be cleaned, copies within the run, copies of earlier days
    rejects = ctx.sink("article_rejects", SCHEMAS["rejects"], 3)
    first_copies = ingest.DuplicateFilter(ctx.now)
    earlier = ctx.earlier_articles()
    for cleaned in _map_batches(_clean_chunk, iter_rows(raw_articles, BATCH_ROWS), None, ctx.now,
                                workers=ctx.workers, progress=progress):
        rejects.part(0).write_rows(reject for _, reject in cleaned if reject)
        kept, duplicates = first_copies([a for a, _ in cleaned if a])
        del cleaned
        rejects.part(1).write_rows(duplicates)
        if earlier:
            again = [a for a in kept if a["article_id"] in earlier]
            kept = [a for a in kept if a["article_id"] not in earlier]
            rejects.part(2).write_rows(
                ingest.make_reject(a["source_path"], f"duplicate of article {a['article_id']} "
                                   "read on an earlier ingest day", "dedup", None, None,
                                   ctx.now, code="duplicate") for a in again)
        articles.write_rows(kept)
    return {"articles": articles.close(), "article_rejects": rejects.close()}


def analyse_stage(ctx: StageContext, articles: AnyTable) -> dict[str, AnyTable]:
    """Event mentions and places of every article, rows breaking a quality rule quarantined."""
    gazetteer = ctx.load_gazetteer()
    progress = Progress("analyse", articles.num_rows, ctx.report)
    mentions = ctx.sink("mentions", SCHEMAS["mentions"], 1)
    places = ctx.sink("places", SCHEMAS["places"], 1)
    # in this order: articles a stage failed on, quarantined mentions, quarantined places
    rejects = ctx.sink("analysis_rejects", SCHEMAS["rejects"], 3)
    for parts in _map_batches(_analyse_to_tables, iter_rows(articles, BATCH_ROWS), gazetteer, ctx.now,
                              workers=ctx.workers, progress=progress):
        for found, located, failed, bad_mentions, bad_places in parts:
            mentions.write_table(found)
            places.write_table(located)
            rejects.part(0).write_rows(failed)
            rejects.part(1).write_rows(bad_mentions)
            rejects.part(2).write_rows(bad_places)
        del parts
    return {"mentions": mentions.close(), "places": places.close(), "analysis_rejects": rejects.close()}


# The ingest day of the rows of this run, for tables that carry none (the CLI's single batch):
# after every day an earlier run may have published.
THIS_RUN = "~"


def merge_stage(ctx: StageContext, mentions: AnyTable, articles: AnyTable) -> dict[str, AnyTable]:
    """Mentions merged into events with stable ids and versions; the change log extended.

    The inputs may hold several ingest days (an `ingest_date` column, the Dagster partitions):
    a mention read on two days counts once, and an article corrected on a later day replaces
    the earlier version (pipeline.dedup.retention.find_corrections)."""
    publish.checkpoint("dedup")
    previous = {name: ctx.previous(name) for name in ("events", "event_changes", "articles")}
    # What the merge needs in memory: every mention (the clustering compares them all), and
    # of the articles only their ids and URLs (corrections), never their texts.
    mention_rows = _first_per_id(_rows_by_day(_columns(mentions, SCHEMAS["mentions"].names),
                                              SCHEMAS["mentions"]), "mention_id")
    known = _rows_by_day(_columns(articles, ["article_id", "url"]),
                         pa.schema([SCHEMAS["articles"].field(n) for n in ("article_id", "url")]))
    if previous["articles"] is not None:  # the CLI's last run: the versions a correction replaces
        known = [{**a, "ingest_date": ""} for a in previous["articles"].select(["article_id", "url"]).to_pylist()] + known
    previous_events, previous_changes = (t.to_pylist() if t is not None else None
                                         for t in (previous["events"], previous["event_changes"]))
    corrections = find_corrections(known)
    del known
    rows, changes = build_events(mention_rows, previous_events, previous_changes, ctx.now, corrections)
    del mention_rows, previous_events, previous_changes
    outputs = {}
    for name, table_rows in (("events", rows), ("event_changes", changes)):
        sink = ctx.sink(name, SCHEMAS[name], 1)
        sink.write_table(to_table(table_rows, SCHEMAS[name]))
        outputs[name] = sink.close()
    return outputs


def _columns(table: AnyTable, names: list[str]) -> pa.Table:
    """The named columns of a table, with its `ingest_date` when it has one, in memory."""
    return read_all(table, [*names, *(["ingest_date"] if "ingest_date" in table.column_names else [])])


def _rows_by_day(table: pa.Table, schema: pa.Schema) -> list[dict]:
    """The rows of `table` (only the schema's columns and `ingest_date`), earliest day first."""
    day = table["ingest_date"].cast(pa.string()) if "ingest_date" in table.column_names else None
    rows = shared_values_rows(table.select(schema.names))
    days = day.to_pylist() if day is not None else [THIS_RUN] * len(rows)
    for row, d in zip(rows, days):
        row["ingest_date"] = d
    return sorted(rows, key=lambda r: r["ingest_date"]) if day is not None else rows


# Columns of few distinct values (types, codes, places, actors, dates): their values are shared
# between the rows that hold them instead of one Python object per row, which is most of the
# memory the merge needs for its hundred thousand mention rows.
_SHARED_TYPES = (pa.types.is_string, pa.types.is_large_string, pa.types.is_date)


_DISTINCT = {"mention_id", "evidence", "trigger"}  # (nearly) one value per row: nothing to share


def shared_values_rows(table: pa.Table, batch: int = 20_000) -> list[dict]:
    """table.to_pylist(), with equal values of the string and date columns one shared object
    (equal rows, less memory: a mention row's type, place, actor and date strings repeat)."""
    shared: dict = {}
    columns = [name for name, t in zip(table.column_names, table.schema.types)
               if any(test(t) for test in _SHARED_TYPES) and name not in _DISTINCT]
    rows: list[dict] = []
    for start in range(0, table.num_rows, batch):
        part = table.slice(start, batch).to_pylist()
        for row in part:
            for name in columns:
                value = row[name]
                if value is not None:
                    row[name] = shared.setdefault(value, value)
        rows += part
    return rows


def _first_per_id(rows: list[dict], key: str) -> list[dict]:
    seen: set = set()
    out = []
    for row in rows:
        if row[key] not in seen:
            seen.add(row[key])
            row.pop("ingest_date", None)
            out.append(row)
    return out


def gather_rejects_stage(ctx: StageContext, read_rejects: AnyTable, article_rejects: AnyTable,
                         analysis_rejects: AnyTable) -> dict[str, AnyTable]:
    """Every file, record, article or row the stages could not use, with the reason."""
    rejects = ctx.sink("rejects", SCHEMAS["rejects"], 1)
    for table in (read_rejects, article_rejects, analysis_rejects):
        for part in iter_tables(table):
            rejects.write_table(part)
    return {"rejects": rejects.close()}


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


def run_stages(ctx: StageContext, stages: tuple[Stage, ...] = STAGES) -> dict[str, AnyTable]:
    """Every stage in order; every table produced, staging ones included (in memory, or
    TableFiles when ctx.sink spools them)."""
    tables: dict[str, AnyTable] = {}
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
            report: Callable[[str], None] | None = None) -> Mapping[str, pa.Table]:
    """Run every stage over files or folders; publish the tables into `out_dir` when given.

    Checked before any work: the output folder is writable and no other run writes to it (a
    lock held to the end), the inputs hold at least one file, the gazetteer loads. The tables
    are then published together (pipeline.publish): a run that fails or is killed leaves the
    published tables as they were.

    With `out_dir`, every table is spooled to Parquet as it is made, BATCH_ROWS rows at a time
    (a staging folder beside the published runs, or a temporary one for an object store), and
    only what the merge needs is held whole (the mentions, the articles' ids and URLs): memory
    does not grow with the articles' text or the places. The returned tables are then read
    from the published files when asked for (RunTables). Without `out_dir` every table is
    kept in memory (small runs, tests)."""
    if out_dir is None or not storage.is_local(out_dir):  # no lock on an object store
        return _extract(inputs, out_dir, gazetteer, now, workers, report)
    with publish.output_lock(storage.local_path(out_dir)):
        return _extract(inputs, out_dir, gazetteer, now, workers, report)


@paused_gc()  # forked workers inherit the pause
def _extract(inputs: list[str | Path], out_dir: str | Path | None, gazetteer,
             now: dt.datetime | None, workers: int, report) -> Mapping[str, pa.Table]:
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
    if out_dir is None:
        produced = run_stages(ctx)
        return {name: read_all(produced[name]) for name in OUTPUT_TABLES}
    with spool_folder(out_dir) as spool:
        def spooled(name: str, schema: pa.Schema, parts: int = 1) -> TableSink:
            return SpoolSink(spool.path / f"{name}.parquet", schema, parts)

        ctx.sink = spooled
        produced = run_stages(ctx)
        published = publish_to(out_dir, {name: produced[name] for name in OUTPUT_TABLES})
        if not storage.is_local(out_dir):  # the returned tables are read from the spool
            return RunTables({name: spool.path / f"{name}.parquet" for name in OUTPUT_TABLES},
                             keep=spool.keep())
        return published


class _Spool:
    """A run's spool folder; removed at the end of the run unless keep() was called."""

    def __init__(self, path: Path):
        self.path, self._kept = path, False

    def keep(self) -> object:
        """Leave the folder in place until the returned object is garbage (a finalizer)."""
        import weakref

        self._kept = True
        holder = _Holder()
        weakref.finalize(holder, shutil.rmtree, self.path, True)
        return holder


class _Holder:
    pass


@contextlib.contextmanager
def spool_folder(out_dir: str | Path) -> Iterator[_Spool]:
    """Where a run spools its tables: for a local output, a staging folder under OUT/runs (same
    file system, so publishing moves the files; the next run removes it if this one dies); for
    an object store, a local temporary folder."""
    if storage.is_local(out_dir):
        runs = storage.local_path(out_dir) / publish.RUNS
        runs.mkdir(parents=True, exist_ok=True)
        path = Path(tempfile.mkdtemp(prefix=f"{publish.STAGING_PREFIX}spool-", dir=runs))
    else:
        path = Path(tempfile.mkdtemp(prefix="conflict-events-spool-"))
    spool = _Spool(path)
    try:
        yield spool
    finally:
        if not spool._kept:
            shutil.rmtree(path, ignore_errors=True)


def _previous_table(out_dir, name: str) -> pa.Table | None:
    if out_dir is None:
        return None
    return storage.read_table(storage.as_path(out_dir) / f"{name}.parquet", SCHEMAS[name])


def _clean_chunk(records: list[dict], _gazetteer, now: dt.datetime) -> list[tuple]:
    return [ingest.clean_record(rec, now) for rec in records]


def _analyse_to_tables(articles: list[dict], gazetteer, now: dt.datetime) -> list[tuple]:
    """One chunk's mentions and places, rows breaking a quality rule quarantined, and rejects.
    The tables are built here, in the worker (places are most of the rows): the parent then
    neither unpickles the rows nor converts them, and only writes."""
    mentions, places, rejects = [], [], []
    for i, article in enumerate(articles):
        if i == 1:
            publish.checkpoint("analyse")
        m, p, r = analyse_articles([article], gazetteer)
        mentions += m
        places += p
        rejects += r
    paths = {a["article_id"]: a.get("source_path", "") for a in articles}
    mentions, bad_mentions = quality.quarantine_mentions(mentions, now, paths)
    located, bad_places = quality.quarantine_places(to_table(places, SCHEMAS["places"]), now, paths)
    return [(to_table(mentions, SCHEMAS["mentions"]), located, rejects, bad_mentions, bad_places)]


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


def _run_items(items: list) -> list:
    fn, gazetteer, *args = _WORKER_STATE
    return fn(items, gazetteer, *args)


# Items per task sent to a worker: small enough to balance the workers' load, large enough that
# pickling and queueing stay a small share of the work.
CHUNK_ITEMS = 200
# Batches in flight at once: the workers start on the next batch while the caller writes out
# the last one, so neither waits on the other.
BATCHES_IN_FLIGHT = 2
# Batches one pair of workers serves before it is replaced by a fresh fork: the workers' memos
# (names, words, gazetteer rows met, each bounded in entries) then hold what 20,000 articles
# taught them at most, as a pool per batch did for 5,000, while the warm-up (event model,
# patterns, imports: about a second) is paid once per 20,000 articles instead of per 5,000.
POOL_BATCHES = 4


def _map_batches(fn, batches: Iterable[list], gazetteer, *args, workers: int = 1,
                 progress: Progress | None = None) -> Generator[list, None, None]:
    """For each batch of items, in order, fn(chunk, gazetteer, *args) over its chunks, joined.

    With workers > 1 the workers are forked when the first batch comes and serve POOL_BATCHES
    batches: they inherit the gazetteer and keep what the first batch warms up (the event model,
    compiled patterns) instead of loading it again for each batch; only the items are pickled
    to them. The next batch is sent before this one is handed back, so the workers keep going
    while the caller writes. A worker that dies fails the call with WorkerCrashed, not a hang."""
    if workers <= 1:
        for items in batches:
            out: list = []
            for i in range(0, len(items), CHUNK_ITEMS):  # one process: chunks only for progress
                out += fn(items[i:i + CHUNK_ITEMS], gazetteer, *args)
                if progress is not None:
                    progress.advance(len(items[i:i + CHUNK_ITEMS]))
            yield out
        return

    def start() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"), initializer=_init_worker,
                                   initargs=((fn, gazetteer, *args),))

    pool, served = None, 0
    try:
        in_flight: collections.deque = collections.deque()
        for items in batches:
            if pool is not None and served == POOL_BATCHES:
                # a fresh pair of workers: what the old ones' memos gathered is let go
                while in_flight:
                    yield _gather(in_flight.popleft(), progress)
                pool.shutdown(wait=True)
                pool = None
            if pool is None:
                pool, served = start(), 0
            served += 1
            size = max(1, min(CHUNK_ITEMS, len(items) // (workers * 4)))
            in_flight.append([(min(size, len(items) - i), pool.submit(_run_items, items[i:i + size]))
                              for i in range(0, len(items), size)])
            del items
            if len(in_flight) >= BATCHES_IN_FLIGHT:
                yield _gather(in_flight.popleft(), progress)
        while in_flight:
            yield _gather(in_flight.popleft(), progress)
    except BrokenProcessPool as exc:
        raise WorkerCrashed(f"an analysis worker process died (killed or crashed) while items were "
                            f"shared out to {workers} workers; no table was written: {exc}") from None
    finally:  # also when the caller stops early: drop what is queued, do not wait for it
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _gather(tasks: list, progress: Progress | None) -> list:
    out: list = []
    for n, future in tasks:
        out += future.result()
        if progress is not None:
            progress.advance(n)
    return out


def _map_chunks(fn, items: list, gazetteer, *args, workers: int = 1,
                progress: Progress | None = None) -> list:
    """fn(chunk, gazetteer, *args) over chunks of items (one batch of _map_batches), in forked
    processes when workers > 1 and there is more than one item; results in input order."""
    batches = _map_batches(fn, [items], gazetteer, *args, workers=workers if len(items) > 1 else 1,
                           progress=progress)
    try:
        return next(batches)
    finally:
        batches.close()


def _analyse_chunk(articles: list[dict], gazetteer) -> list[tuple]:
    return [analyse_articles(articles, gazetteer)]
