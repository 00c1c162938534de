"""The whole graph against an S3 emulator (moto in server mode on 127.0.0.1, started and stopped
here): every table is written to s3:// through the IO manager and read back with pandas."""
import dagster as dg
import pandas as pd
import pytest

from assets.definitions import ALL_ASSETS, build_definitions
from assets.checks import ALL_CHECKS
from pipeline.run import OUTPUT_TABLES, extract
from tests.conftest import DAY, ROOT, raw_day

pytest.importorskip("s3fs")
moto_server = pytest.importorskip("moto.server")

BUCKET = "conflict-events-test"  # moto keeps one state per process: a fresh bucket per test


@pytest.fixture
def s3(monkeypatch):
    """An emulated S3 endpoint with one bucket; credentials and endpoint in the environment,
    where s3fs (through fsspec) finds them as it would a real deployment's."""
    import fsspec
    import s3fs

    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint}.items():
        monkeypatch.setenv(key, value)
    s3fs.S3FileSystem.clear_instance_cache()
    fs = fsspec.filesystem("s3")
    if fs.exists(BUCKET):
        fs.rm(BUCKET, recursive=True)
    fs.mkdir(BUCKET)
    try:
        yield endpoint
    finally:
        s3fs.S3FileSystem.clear_instance_cache()
        server.stop()


def _read(url, endpoint):
    return pd.read_parquet(url, storage_options={"endpoint_url": endpoint})


def test_whole_graph_writes_and_reads_back_every_table_on_s3(s3, tmp_path):
    raw = tmp_path / "raw"
    raw_day(raw)
    (raw / DAY / "broken.jsonl").write_text("{not json}\n", "utf-8")
    base = f"s3://{BUCKET}/processed"
    defs = build_definitions(str(raw), base)
    with dg.instance_for_test() as instance:
        result = dg.materialize([*ALL_ASSETS, *ALL_CHECKS], resources=defs.resources,
                                instance=instance, partition_key=DAY)
        assert result.success
        # Partitioned tables are folders (<table>/ingest_date=DAY/part-0.parquet), read whole.
        tables = {n: _read(f"{base}/{n}" + (".parquet" if n in ("events", "event_changes") else ""), s3)
                  for n in OUTPUT_TABLES}
        assert set(tables["mentions"]["ingest_date"]) == {DAY}
        assert len(tables["articles"]) == 6 and len(tables["events"]) > 0
        assert tables["rejects"]["source_path"].str.endswith("broken.jsonl").any()
        # Nothing went to a local folder of the same name.
        assert not (tmp_path / "processed").exists() and not (ROOT / BUCKET).exists()
        # A second run reads the previous events from S3 through the IO manager: same ids and
        # versions, no change logged.
        assert dg.materialize(ALL_ASSETS, resources=defs.resources, instance=instance,
                              partition_key=DAY).success
    again = _read(f"{base}/events.parquet", s3)
    assert sorted(again["event_id"]) == sorted(tables["events"]["event_id"])
    assert set(again["record_version"]) == {1}
    assert len(_read(f"{base}/event_changes.parquet", s3)) == len(tables["event_changes"])


def test_cli_extract_writes_to_s3_and_reads_its_previous_events_there(s3, tmp_path):
    base = f"s3://{BUCKET}/cli"
    first = extract([ROOT / "data" / "raw"], base)
    events = _read(f"{base}/events.parquet", s3)
    assert len(events) == first["events"].num_rows > 0
    second = extract([ROOT / "data" / "raw"], base)
    assert second["event_changes"].num_rows == first["event_changes"].num_rows
    assert sorted(_read(f"{base}/events.parquet", s3)["event_id"]) == sorted(events["event_id"])
