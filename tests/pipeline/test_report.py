"""`conflict-events report`: two PNGs of an events table, deterministic, drawn without network."""
from __future__ import annotations

import datetime as dt
import socket

import pytest
from PIL import Image

from pipeline import report
from pipeline.cli import main
from pipeline.tables import SCHEMAS, to_table, write_table


def _event(i: int, **values) -> dict:
    base = {"event_id": f"ev{i:03d}", "event_type": "armed_clash", "acled_event_type": "Battles",
            "date_start": dt.date(2024, 3, 1) + dt.timedelta(days=i % 5), "latitude": 33.5 + i / 10,
            "longitude": 36.3 + i / 7, "fatalities_best": i % 4 or None, "n_mentions": 1, "n_articles": 1,
            "mention_ids": [f"m{i}"], "article_ids": [f"a{i}"], "record_version": 1,
            "first_seen": dt.date(2024, 3, 6), "last_seen": dt.date(2024, 3, 6)}
    return {**base, **values}


def _events(rows: list[dict]):
    return to_table(rows, SCHEMAS["events"])


ACLED = ["Battles", "Protests", "Explosions/Remote violence", None]


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or resolve a name fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network used: {args[1:] if len(args) > 1 else args}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def events_file(tmp_path):
    rows = [_event(i, acled_event_type=ACLED[i % 4]) for i in range(12)]
    rows.append(_event(12, latitude=None, longitude=None))
    rows.append(_event(13, date_start=None))
    out = tmp_path / "out"
    write_table(_events(rows), out / "events.parquet")
    return out


def _png(path) -> Image.Image:
    image = Image.open(path)
    image.load()  # decodes every pixel: a truncated or corrupt file raises here
    assert image.format == "PNG"
    return image


def test_the_socket_block_is_real(no_network):
    with pytest.raises(AssertionError, match="network used"):
        socket.create_connection(("127.0.0.1", 9))


def test_report_writes_two_pngs_of_the_expected_size_deterministically(events_file, tmp_path, no_network, capsys):
    to = tmp_path / "pictures"
    assert main(["report", "--out-dir", str(events_file), "--to", str(to)]) == 0
    assert "map.png" in capsys.readouterr().out
    first = {}
    for name in (report.MAP, report.BY_TYPE_DAY):
        image = _png(to / name)
        assert image.size == report.FULL.pixels
        # not a blank canvas: the outlines, points and bars give many colours
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 20
        first[name] = (to / name).read_bytes()
    assert "Software" not in _png(to / report.MAP).info  # no version or time in the file
    map_info = _png(to / report.MAP).info
    assert map_info["Title"] == "13 of 14 events located"
    assert "1 events without coordinates are not drawn" in map_info["Description"]
    day_info = _png(to / report.BY_TYPE_DAY).info
    assert day_info["Title"] == "13 of 14 events dated, by day of date_start"
    assert day_info["Description"] == "1 events without a date are not drawn"
    # a second call, by the file's path this time, writes the same bytes
    assert main(["report", "--events", str(events_file / "events.parquet"), "--to", str(to)]) == 0
    assert {name: (to / name).read_bytes() for name in first} == first


def test_report_without_coordinates_or_dates_still_draws_and_says_so(tmp_path, no_network):
    rows = [_event(i, latitude=None, longitude=None, date_start=None) for i in range(3)]
    written = report.write_report(_events(rows), tmp_path)
    assert set(written) == {report.MAP, report.BY_TYPE_DAY}
    map_info = _png(written[report.MAP]).info
    assert map_info["Title"] == "0 of 3 events located: no event has coordinates"
    assert "3 events without coordinates are not drawn" in map_info["Description"]
    day_info = _png(written[report.BY_TYPE_DAY]).info
    assert day_info["Title"].startswith("0 of 3 events dated")
    assert day_info["Description"] == "3 events without a date are not drawn"
    assert _png(written[report.MAP]).size == report.FULL.pixels


def test_an_empty_table_gives_pictures_that_say_so():
    for png in report.draw(_events([]), report.SMALL).values():
        assert "the table has no events" in _png_info(png)["Description"]


def test_long_spans_are_drawn_per_week_or_month():
    def unit(days: int) -> str:
        rows = [_event(0, date_start=dt.date(2020, 1, 1)), _event(1, date_start=dt.date(2020, 1, 1) + dt.timedelta(days))]
        return _png_info(report.draw_by_type_day(_events(rows), report.SMALL))["Title"].rsplit(" by ", 1)[1]
    assert unit(30) == "day of date_start"
    assert unit(300) == "week of date_start"
    assert unit(2000) == "month of date_start"
    assert unit(30000) == "year of date_start"


def _png_info(data: bytes) -> dict:
    import io

    return Image.open(io.BytesIO(data)).info


def test_map_zooms_to_the_events_with_a_margin():
    west, east, south, north = report._extent([36.0, 40.0], [33.0, 37.0])
    assert west < 36.0 and east > 40.0 and south < 33.0 and north > 37.0
    assert east - west < 20 and north - south < 20  # a region, not the world
    assert report._extent([-179.5, 179.5], [-89.0, 89.0]) == (-180.0, 180.0, -90.0, 90.0)


def test_country_outlines_ship_with_the_package():
    rings = report.country_rings()
    # Natural Earth 1:110m: 177 countries, some of several rings; every point a valid lon/lat
    assert len(rings) > 177
    assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for ring in rings for lon, lat in ring)


def test_report_without_an_events_table_says_where_it_looked(tmp_path, capsys):
    assert main(["report", "--out-dir", str(tmp_path), "--to", str(tmp_path / "p")]) == 2
    assert f"no events table at {tmp_path}/events.parquet" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()
