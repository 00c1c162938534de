"""Records streamed in bounded batches (issues 13 and 16): a large JSONL file is read line by
line, every stage works batch by batch, tables are spooled to Parquet one row group at a time,
and none of it changes a row of the output."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tracemalloc

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import ingest, run, tables
from pipeline.run import OUTPUT_TABLES, extract
from pipeline.tables import SCHEMAS, MemorySink, SpoolSink, TableFile, iter_rows
from tests.conftest import ROOT


def _jsonl(path, n: int, words: int = 60) -> None:
    """n distinct small articles, one JSON object a line."""
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"Report number {i} from the northern district. " + "The council met again. " * (words // 4)
            fh.write(json.dumps({"id": str(i), "title": f"Report {i}", "text": text}) + "\n")


def test_reader_yields_bounded_batches_in_file_order(tmp_path):
    _jsonl(tmp_path / "big.jsonl", 2_500)
    (tmp_path / "big.jsonl").open("a").write("{not json}\n")
    batches = list(ingest.iter_raw([tmp_path], batch=1_000))
    assert [len(records) for records, _ in batches] == [1_000, 1_000, 500]
    records = [r for batch, _ in batches for r in batch]
    assert [r["source_id"] for r in records] == [str(i) for i in range(2_500)]
    assert [r["record"] for r in records[:2]] == ["1", "2"]  # many records: numbered lines
    assert [r["reason_code"] for _, bad in batches for r in bad] == ["invalid_json"]
    # the same two lists as read_raw (reject times aside)
    again, bad = ingest.read_raw([tmp_path])
    assert again == records
    assert [{**r, "rejected_at": None} for r in bad] == \
        [{**r, "rejected_at": None} for _, rejects in batches for r in rejects]


def test_batches_are_also_bounded_by_their_text(tmp_path):
    _jsonl(tmp_path / "long.jsonl", 40, words=4_000)  # about 22 KB of text a record
    sizes = [len(records) for records, _ in ingest.iter_raw([tmp_path], batch_chars=100_000)]
    assert max(sizes) <= 5 and sum(sizes) == 40


def test_reading_a_jsonl_file_never_holds_it_whole(tmp_path):
    """Python allocations while reading an 8 MB file stay a small share of its size (the whole
    file as bytes, then as text, then split into lines, was three times its size)."""
    path = tmp_path / "big.jsonl"
    _jsonl(path, 20_000)
    size = path.stat().st_size
    assert size > 8_000_000
    tracemalloc.start()
    try:
        n = sum(len(records) for records, _ in ingest.iter_raw([tmp_path], batch=500))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 20_000
    assert peak < size / 4, (peak, size)


def test_a_file_of_one_record_gives_it_the_file_size(tmp_path):
    """One record of lookahead tells a file of one record (its size is the file's) from a file
    of many (each record's size is its text's)."""
    (tmp_path / "one.jsonl").write_text(json.dumps({"id": "x", "text": "A quiet day in the town."}) + "\n")
    (tmp_path / "two.jsonl").write_text(json.dumps({"text": "First."}) + "\n" + json.dumps({"text": "Second."}) + "\n")
    (records, _), = ingest.iter_raw([tmp_path])
    sizes = {(r["source_id"], r["record"]): r["size_bytes"] for r in records}
    assert sizes == {("x", "1"): (tmp_path / "one.jsonl").stat().st_size,
                     ("two.jsonl", "1"): len("First."), ("two.jsonl", "2"): len("Second.")}


def test_spool_sink_writes_parts_in_order_one_row_group_at_a_time(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "ROW_GROUP_ROWS", 3)
    schema = pa.schema([pa.field("n", pa.int64())])
    sink = SpoolSink(tmp_path / "t.parquet", schema, parts=2)
    for i in range(5):  # the parts written interleaved
        sink.part(1).write_rows([{"n": 100 + i}])
        sink.part(0).write_rows([{"n": i}])
    done = sink.close()
    assert isinstance(done, TableFile) and done.num_rows == 10
    assert done.read()["n"].to_pylist() == [0, 1, 2, 3, 4, 100, 101, 102, 103, 104]
    assert pq.ParquetFile(done.path).metadata.num_row_groups >= 3
    assert [len(rows) for rows in iter_rows(done, 4)] == [4, 4, 2]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.parquet"]  # part files removed
    memory = MemorySink(schema, parts=2)
    memory.part(1).write_rows([{"n": 2}])
    memory.part(0).write_rows([{"n": 1}])
    assert memory.close()["n"].to_pylist() == [1, 2]
    assert MemorySink(schema).close().num_rows == 0 and SpoolSink(tmp_path / "e.parquet", schema).close().num_rows == 0


def test_tiny_batches_write_the_same_rows_as_one_batch(tmp_path, monkeypatch):
    """Batches of 2 rows, row groups of 3 (the spooled run) against everything in memory:
    batching changes no row and no order, duplicates across batches included."""
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    shutil.copy(raw / "000_c0329c36d16ddf46.txt", raw / "zz_copy.txt")
    whole = extract([raw], None)
    monkeypatch.setattr(run, "BATCH_ROWS", 2)
    monkeypatch.setattr(tables, "ROW_GROUP_ROWS", 3)
    monkeypatch.setattr(ingest, "RAW_BATCH", 2)
    batched = extract([raw], tmp_path / "out")
    assert batched.rows("articles") == whole["articles"].num_rows == 6
    for name in OUTPUT_TABLES:
        keep = [f.name for f in SCHEMAS[name] if not pa.types.is_timestamp(f.type)]
        assert batched[name].select(keep).to_pylist() == whole[name].select(keep).to_pylist(), name
    # the spool folder is gone: only the published run is left
    assert [p.name for p in (tmp_path / "out" / "runs").iterdir() if p.name.startswith(".")] == []


_READ_SCRIPT = """
import json, sys
from pathlib import Path
from pipeline.run import StageContext, read_stage
from pipeline.tables import SpoolSink

def rss(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024

raw, spool = Path(sys.argv[1]), Path(sys.argv[2])
before = rss("VmRSS:")
ctx = StageContext(inputs=[raw], sink=lambda name, schema, parts=1: SpoolSink(spool / (name + ".parquet"), schema, parts))
out = read_stage(ctx)
print(json.dumps({"rows": out["raw_articles"].num_rows, "growth": rss("VmHWM:") - before}))
"""


def _read_growth(tmp_path, n: int) -> tuple[int, int, int]:
    """(rows, file size, peak RSS growth) of a subprocess reading a JSONL file of n records
    through the read stage into a spooled table."""
    raw = tmp_path / f"raw{n}"
    raw.mkdir()
    _jsonl(raw / "big.jsonl", n)
    done = subprocess.run([sys.executable, "-c", _READ_SCRIPT, str(raw), str(tmp_path / f"spool{n}")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return figures["rows"], (raw / "big.jsonl").stat().st_size, figures["growth"]


def test_peak_memory_of_reading_stays_flat_with_the_file_size(tmp_path):
    """Peak RSS of a subprocess reading a 4 MB and a 44 MB JSONL file: the larger file costs
    less than a quarter of its size more (reading it whole cost three times its size; the
    fixed part, imports and Arrow's memory pool, is the same for both)."""
    small_rows, _, small = _read_growth(tmp_path, 10_000)
    rows, size, large = _read_growth(tmp_path, 100_000)
    assert (small_rows, rows) == (10_000, 100_000) and size > 40_000_000
    assert large - small < size / 4, (small, large, size)
