"""The whole pipeline over plain data: files in, the output tables out (no Dagster needed).

The Dagster assets call the same stage functions, one asset per stage."""
from __future__ import annotations

import bisect
import datetime as dt
import multiprocessing as mp
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pyarrow as pa

from pipeline import dates, dedup, events, geo, ingest, publish, quality, storage
from pipeline.dedup.retention import retain_unseen
from pipeline.memory import paused_gc
from pipeline.tables import SCHEMAS, to_table
from pipeline.text import split_sentences

OUTPUT_TABLES = ("articles", "mentions", "events", "places", "rejects", "event_changes")


def analyse_article(article: dict, gazetteer) -> tuple[list[dict], list[dict]]:
    """Event mentions and places of one article row."""
    text, published = article["text"], article.get("published")
    sentences = split_sentences(text)
    places = geoparse_bounded(text, sentences, gazetteer, article["article_id"])
    timexes = dates.tag_timexes(text, published)
    mentions = events.extract_mentions(article, sentences, places)
    timex_starts = [t["start"] for t in timexes]
    if any(a > b for a, b in zip(timex_starts, timex_starts[1:])):  # not in text order: no shortcut
        timex_starts = None
    for m in mentions:
        sentence = sentences[m["sentence_index"]]
        # attach_date keeps the expressions within the sentence: hand it only those (linear)
        within = timexes if timex_starts is None else \
            timexes[bisect.bisect_left(timex_starts, sentence[0]):bisect.bisect_right(timex_starts, sentence[1])]
        m.update(dates.attach_date(sentence, (m["char_start"], m["char_end"]), within, published))
        m["published"] = published
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
                 previous_changes: list[dict] | None, now: dt.datetime
                 ) -> tuple[list[dict], list[dict]]:
    """The deduplicated events table and the change log, extended with this run's changes.

    Events of the previous table whose mentions this run did not read are kept as they were
    (pipeline.dedup.retention): a missing raw file or folder never removes events."""
    event_rows, changes = dedup.cluster_events(mentions, previous_events, now)
    event_rows, changes = retain_unseen(event_rows, changes, previous_events,
                                        (m["mention_id"] for m in mentions))
    return event_rows, list(previous_changes or []) + changes


def read_previous(out_dir: str | Path, name: str) -> list[dict] | None:
    """Rows of a table written by an earlier run into `out_dir` (a folder or a URL), or None."""
    table = storage.read_table(storage.as_path(out_dir) / f"{name}.parquet", SCHEMAS[name])
    return table.to_pylist() if table is not None else None


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


def extract(inputs: list[str | Path], out_dir: str | Path | None = None, gazetteer=None,
            now: dt.datetime | None = None, workers: int = 1) -> dict[str, pa.Table]:
    """Run every stage over files or folders; publish the tables into `out_dir` when given.

    Checked before any work: the output folder is writable and no other run writes to it (a
    lock held to the end), the inputs hold at least one file, the gazetteer loads. The tables
    are then published together (pipeline.publish): a run that fails or is killed leaves the
    published tables as they were."""
    if out_dir is None or not storage.is_local(out_dir):  # no lock on an object store
        return _extract(inputs, out_dir, gazetteer, now, workers)
    with publish.output_lock(storage.local_path(out_dir)):
        return _extract(inputs, out_dir, gazetteer, now, workers)


@paused_gc()  # forked workers inherit the pause
def _extract(inputs: list[str | Path], out_dir: str | Path | None, gazetteer,
             now: dt.datetime | None, workers: int) -> dict[str, pa.Table]:
    """Cleaning and analysis run together per record, in `workers` processes when more than one,
    so that only reading files and merging events stay serial."""
    now = now or dt.datetime.now(dt.timezone.utc)
    files, _ = ingest.scan_inputs(inputs)
    if not files:
        raise NoInputError(f"no input files under {', '.join(map(str, inputs)) or '(nothing)'}: "
                           "nothing read, published tables left unchanged")
    if gazetteer is None:
        gazetteer = geo.load_gazetteer()
    raw, rejects = ingest.read_raw(inputs)
    chunks = _map_chunks(_clean_and_analyse, raw, gazetteer, now, workers=workers)
    results = [r for rows, _ in chunks for r in rows]
    rejects += [reject for _, reject, _, _ in results if reject]
    articles, duplicates = ingest.drop_duplicates([a for a, _, _, _ in results if a], now)
    # A duplicate's mentions and places repeat its first copy's (same ids): keep the first copy's.
    kept = {id(a) for a in articles}
    mentions = [m for a, _, ms, _ in results if a is not None and id(a) in kept for m in ms]
    keep_places = [a is not None and id(a) in kept for a, _, _, n in results for _ in range(n)]
    places = pa.concat_tables([t for _, t in chunks]).filter(pa.array(keep_places, pa.bool_()))
    mentions, places, quarantined = quarantine(mentions, places, articles, now)
    rejects += quarantined
    prev_events = read_previous(out_dir, "events") if out_dir else None
    prev_changes = read_previous(out_dir, "event_changes") if out_dir else None
    publish.checkpoint("dedup")
    event_rows, changes = build_events(mentions, prev_events, prev_changes, now)
    rows = {"articles": articles, "mentions": mentions, "events": event_rows,
            "rejects": rejects + duplicates, "event_changes": changes}
    tables = {name: places if name == "places" else to_table(rows[name], SCHEMAS[name])
              for name in OUTPUT_TABLES}
    if out_dir is not None:
        publish_to(out_dir, tables)
    return tables


def _clean_and_analyse(records: list[dict], gazetteer, now: dt.datetime) -> list[tuple]:
    """One chunk's results: (article, reject, mentions, number of places) for each raw record,
    and the chunk's places as one table. Places are most of the rows: building their table here,
    in the worker, spares the parent both their unpickling and their conversion."""
    out, places = [], []
    for i, rec in enumerate(records):
        if i == 1:
            publish.checkpoint("analyse")
        article, reject = ingest.clean_record(rec, now)
        mentions, found = [], []
        if article is not None:
            mentions, found, failed = analyse_articles([article], gazetteer)
            if failed:
                article, reject = None, failed[0]
        out.append((article, reject, mentions, len(found)))
        places.extend(found)
    return [(out, to_table(places, SCHEMAS["places"]))]


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


def _map_chunks(fn, items: list, gazetteer, *args, workers: int = 1) -> list:
    """fn(chunk, gazetteer, *args) over chunks of items, in forked processes when workers > 1.

    Forked workers inherit the items and the gazetteer already in memory (the initializer's
    arguments are not pickled under fork), so only chunk bounds go to them; results come back
    in input order. A worker that dies fails the call with WorkerCrashed instead of a hang."""
    if workers <= 1 or len(items) <= 1:
        return fn(items, gazetteer, *args)
    size = max(1, min(200, len(items) // (workers * 4)))
    bounds = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    state = (fn, items, gazetteer, *args)
    try:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"),
                                 initializer=_init_worker, initargs=(state,)) as pool:
            return [row for part in pool.map(_run_chunk, bounds) for row in part]
    except BrokenProcessPool as exc:
        raise WorkerCrashed(f"an analysis worker process died (killed or crashed) while {len(items)} "
                            f"items were shared out to {workers} workers; no table was written: {exc}") from None


def _analyse_chunk(articles: list[dict], gazetteer) -> list[tuple]:
    return [analyse_articles(articles, gazetteer)]
