"""All-or-nothing publication of a run's tables, and one writer at a time per output folder.

Layout of an output folder OUT:

    OUT/runs/<run id>/<table>.parquet   the tables of each published run (the last KEEP_RUNS)
    OUT/current -> runs/<run id>        the published run: swapped in one atomic rename
    OUT/<table>.parquet -> current/<table>.parquet   stable names, for pd.read_parquet
    OUT/.lock                           held (flock) by the run writing to OUT

A run writes every table into OUT/runs/.staging-<run id>/, renames that folder into place and
then swaps `current`: readers see the previous run's tables or the new run's, never a mix, and
a run killed at any point leaves the published tables as they were (its staging folder is
removed by the next run). Two runs on one output cannot interleave: the second stops at once
with a clear message (the lock is released by the kernel when a run dies, even by SIGKILL).

The Dagster IO manager publishes the same way (publish_staging): a run's staging folder holds only the
tables it wrote, in the folder's layout (`mentions/ingest_date=DAY/part-0.parquet`), and every other
file of the published run is hard-linked in beside them before the swap; its readers' names
(`OUT/mentions`, `OUT/events.parquet`) are links into `current` as well.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import os
import shutil
import signal
import uuid
from pathlib import Path
from typing import Iterator, Mapping

import pyarrow as pa

from pipeline.tables import TableFile, write_table

RUNS = "runs"
CURRENT = "current"
LOCK = ".lock"
STAGING_PREFIX = ".staging-"
KEEP_RUNS = 2  # the published run and the one before it (a reader may still hold its files)
# Test-only: name a checkpoint (see checkpoint()) and the process kills itself there with
# SIGKILL, so the kill-and-rerun tests can stop a run at a chosen point.
KILL_ENV = "CONFLICT_EVENTS_TEST_KILL_AT"


class OutputError(RuntimeError):
    """The output folder cannot be used: not writable, or another run is writing to it."""


def checkpoint(name: str) -> None:
    """A point where the kill-and-rerun test may stop the process (no-op unless KILL_ENV names it)."""
    if os.environ.get(KILL_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


@contextlib.contextmanager
def output_lock(out_dir: str | os.PathLike, keep: Path | None = None) -> Iterator[Path]:
    """Hold OUT/.lock for a run; OutputError at once if OUT is not writable or is locked.

    Also the early check of the output folder: it is created and written to before any work.
    The staging folders of runs that died are removed, all but `keep` (the caller's own)."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        raise OutputError(f"output folder {out} is not writable: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            raise OutputError(f"another run is writing to {out} ({holder}); wait for it to finish "
                              "or use another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M:%S} UTC\n"
                  .encode(), 0)
        _remove_leftovers(out, keep)
        yield out
    finally:
        os.close(fd)  # releases the lock


def _remove_leftovers(out: Path, keep: Path | None = None) -> None:
    """Staging folders and temporary links of runs that died (only called under the lock)."""
    runs = out / RUNS
    if runs.is_dir():
        for entry in runs.iterdir():
            if entry.name.startswith(STAGING_PREFIX) and (keep is None or entry != keep):
                shutil.rmtree(entry, ignore_errors=True)
    for entry in out.iterdir():
        if entry.name.startswith(".") and entry.name.endswith(".tmp"):
            entry.unlink(missing_ok=True)


def publish_tables(out_dir: str | os.PathLike, tables: Mapping[str, pa.Table | TableFile]) -> Path:
    """Write every table into a staging folder and publish them together (call under
    output_lock); a table already spooled to a file of the same file system (TableFile) is
    moved there, not rewritten. Returns the published run folder."""
    out = Path(out_dir)
    runs = out / RUNS
    runs.mkdir(exist_ok=True)
    staging = runs / f"{STAGING_PREFIX}{_run_id()}"
    staging.mkdir()
    for name, table in tables.items():
        if isinstance(table, TableFile):
            os.replace(table.path, staging / f"{name}.parquet")
        else:
            write_table(table, staging / f"{name}.parquet")
        checkpoint(f"write:{name}")
    return publish_staging(out, staging)


def _run_id() -> str:
    return f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:6]}"


def publish_staging(out_dir: str | os.PathLike, staging: Path) -> Path:
    """Publish the tables a run wrote into `staging` (OUT/runs/.staging-*, laid out as OUT is:
    `events.parquet`, `mentions/ingest_date=.../part-0.parquet`), together (call under
    output_lock). Every file of the published run that the staging folder does not replace is
    hard-linked in first (other days' partitions, tables the run did not write), so the new run
    folder is complete; then it is renamed into OUT/runs/ and `current` swapped. Returns the
    published run folder."""
    out = Path(out_dir)
    runs = out / RUNS
    _adopt_plain_entries(out, [p.name for p in staging.iterdir()])
    current = out / CURRENT
    if current.is_dir():
        _link_missing(current.resolve(), staging)
    _fsync_dir(staging)
    run_id = staging.name.removeprefix(STAGING_PREFIX).removeprefix("dagster-")
    final = runs / run_id
    os.rename(staging, final)
    _fsync_dir(runs)
    checkpoint("publish")
    _swap_link(current, Path(RUNS) / run_id)
    checkpoint("published")
    for entry in sorted(final.iterdir()):
        _ensure_link(out / entry.name, Path(CURRENT) / entry.name)
    _prune(runs, keep=final.name)
    return final


def _link_missing(source: Path, target: Path) -> None:
    """Hard-link into `target` every file under `source` that `target` has not got."""
    for folder, _, files in os.walk(source):
        rel = Path(folder).relative_to(source)
        for name in files:
            dest = target / rel / name
            if not os.path.lexists(dest):
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.link(Path(folder) / name, dest)


def _adopt_plain_entries(out: Path, names: list[str]) -> None:
    """Before the first swap in a folder that holds plain tables (an older layout: table files,
    or partitioned folders of the Dagster IO manager), make `current` a run of them (hard
    links), so that the names can become links. A file is replaced by its link atomically; a
    folder is moved aside first (a reader listing it at that instant finds nothing). Only the
    `names` a run is about to publish are adopted, never other files of the folder."""
    plain = [out / n for n in names if os.path.lexists(out / n) and not (out / n).is_symlink()]
    if not plain:
        return
    current = out / CURRENT
    staging = out / RUNS / f"{STAGING_PREFIX}adopted-{uuid.uuid4().hex[:8]}"
    staging.mkdir(parents=True)
    if current.is_dir():
        _link_missing(current.resolve(), staging)
    for p in plain:
        if p.is_dir():
            _link_missing(p, staging / p.name)
        else:
            if os.path.lexists(staging / p.name):
                os.unlink(staging / p.name)
            os.link(p, staging / p.name)
    run_id = staging.name.removeprefix(STAGING_PREFIX)
    os.rename(staging, out / RUNS / run_id)
    _swap_link(current, Path(RUNS) / run_id)
    for p in plain:  # same content behind both names
        if p.is_dir():
            aside = out / RUNS / f"{STAGING_PREFIX}aside-{uuid.uuid4().hex[:8]}"
            os.rename(p, aside)
            _ensure_link(p, Path(CURRENT) / p.name)
            shutil.rmtree(aside, ignore_errors=True)
        else:
            _ensure_link(p, Path(CURRENT) / p.name)


def _swap_link(link: Path, target: Path) -> None:
    tmp = link.with_name(f".{link.name}.{uuid.uuid4().hex[:8]}.tmp")
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _ensure_link(link: Path, target: Path) -> None:
    if link.is_symlink() and Path(os.readlink(link)) == target:
        return
    _swap_link(link, target)


def _prune(runs: Path, keep: str) -> None:
    """Remove published runs but the newest KEEP_RUNS (the current one always stays)."""
    done = sorted((p for p in runs.iterdir() if p.is_dir() and not p.name.startswith(".")),
                  key=lambda p: p.stat().st_mtime_ns)
    others = [p for p in done if p.name != keep]
    for p in others[:max(0, len(others) - (KEEP_RUNS - 1))]:
        shutil.rmtree(p, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
