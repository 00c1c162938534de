"""The command line: gold-span geoparse, gazetteer download/add against a local HTTP server."""
from __future__ import annotations

import functools
import http.server
import json
import threading

import pytest

from pipeline.cli import main
from pipeline.geo.geocoder import LocalGazetteer
from pipeline.geo.registry import registered_sources
from tests.conftest import shared_path


@pytest.fixture
def file_server():
    """http.server on 127.0.0.1 serving ../shared/gazetteer, stopped after the test."""
    folder = shared_path("gazetteer")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_download_and_add_register_sources(file_server, tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICT_EVENTS_CONFIG", str(tmp_path / "config"))
    dest = tmp_path / "dumps"
    assert main(["gazetteer", "download", "SY", "LB", "--base-url", file_server, "--dest", str(dest)]) == 0
    assert (dest / "SY.zip").read_bytes() == shared_path("gazetteer", "SY.zip").read_bytes()
    assert (dest / "admin1CodesASCII.txt").exists() and (dest / "LB.zip").exists()
    assert str(dest.resolve()) in registered_sources()
    assert main(["gazetteer", "add", file_server + "naturalearth_features.zip",
                 "--cache-dir", str(tmp_path / "cache")]) == 0
    assert any(s.endswith("naturalearth_features.zip") for s in registered_sources())
    assert main(["gazetteer", "add", str(tmp_path / "missing")]) == 2


def test_geoparse_spans_command(full_gazetteer, cache_dir, tmp_path):
    text = "Clashes were reported in Deir ez-Zor and near Kobani, Syria."
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a1", "text": text, "toponyms": [
        {"start": 25, "end": 36}, {"start": 46, "end": 52}, {"start": 54, "end": 59}]}) + "\n")
    out = tmp_path / "out.jsonl"
    args = ["geoparse", "--spans", str(src), "--out", str(out), "--cache-dir", cache_dir,
            "--source", str(shared_path("gazetteer"))]
    assert main(args) == 0
    line = json.loads(out.read_text())
    assert line["id"] == "a1" and len(line["toponyms"]) == 3
    deir, kobani, syria = line["toponyms"]
    assert deir["country_code"] == "SY" and abs(deir["latitude"] - 35.33) < 0.2
    assert kobani["country_code"] == "SY" and abs(kobani["longitude"] - 38.4) < 0.3
    assert syria["feature_code"] == "PCLI"


def test_geopy_geocoder(builtin_gazetteer):
    geocoder = LocalGazetteer(builtin_gazetteer)
    place = geocoder.geocode("Alexandria, Louisiana")
    assert place.raw["country_code"] == "US" and place.raw["admin1"] == "Louisiana"
    assert place.raw["geonameid"] > 0 and place.raw["runners_up"]
    assert geocoder.geocode("Alexandria").raw["country_code"] == "EG"
    near = geocoder.reverse((35.34, 40.14))
    assert near.raw["country_code"] == "SY" and "Deir" in near.raw["name"] + near.address
    assert geocoder.geocode("Xqzzyville") is None
