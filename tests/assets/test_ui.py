"""The Dagster UI serves this code location: a real webserver, read by headless Chromium."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import ROOT, raw_day

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Flags for a closed network: no background connections, no first-run work, no sandbox as root.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--virtual-time-budget=20000"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Where the test also saves its screenshots (CONFLICT_EVENTS_SCREENSHOTS=docs refreshes the
# README's pictures, docs/ui_*.png); by default only into the test's temporary folder, so that
# a test run never rewrites tracked files.
SCREENSHOTS = os.environ.get("CONFLICT_EVENTS_SCREENSHOTS")


@pytest.fixture(scope="module")
def webserver(tmp_path_factory):
    """A webserver over an instance that ran the job for one day (shared by this module's tests)."""
    tmp_path = tmp_path_factory.mktemp("ui")
    port = _free_port()
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_bytes((ROOT / "dagster.yaml").read_bytes())  # telemetry off
    env = {**os.environ, "DAGSTER_HOME": str(home), "CONFLICT_EVENTS_RAW": str(tmp_path / "raw"),
           "CONFLICT_EVENTS_PROCESSED": str(tmp_path / "processed")}
    # One day of the project's raw files, run as `make run` does, so the UI has tables to show.
    raw_day(tmp_path / "raw")
    subprocess.run([sys.executable, "-m", "assets.materialize_all"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    proc = subprocess.Popen([sys.executable, "-m", "dagster_webserver", "-w", "workspace.yaml",
                             "-h", "127.0.0.1", "-p", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/server_info", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("dagster-webserver exited during start-up")
                time.sleep(0.5)
        else:
            pytest.fail("dagster-webserver did not answer within 60 s")
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)")
def test_asset_catalog_lists_every_table(webserver, tmp_path):
    profile = tmp_path / "chromium-profile"
    dom = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                          f"{webserver}/assets"], capture_output=True, text=True, timeout=120).stdout
    for name in ("articles", "mentions", "events", "places", "rejects", "event_changes",
                 "raw_articles", "conflict_events"):
        assert name in dom, f"{name} not shown in the asset catalog"


def _screenshot(url: str, path, profile, size: tuple[int, int]) -> None:
    """A PNG of the page at `url` (window `size`), reduced to 256 colours (a third of the bytes)."""
    from PIL import Image

    subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--hide-scrollbars",
                    f"--window-size={size[0]},{size[1]}", f"--screenshot={path}", url],
                   capture_output=True, timeout=120, check=False)
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(256)
    small.save(path, optimize=True)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)")
def test_events_page_shows_the_materialization_and_is_photographed(webserver, tmp_path):
    """The events asset after one day's run: its column table with the codebook's descriptions,
    and its last materialization's metadata (preview, events by type, share geocoded, the map
    and the chart). Both pages are saved as screenshots (docs/ui_assets.png, docs/ui_events.png)."""
    from PIL import Image

    profile = tmp_path / "chromium-profile"
    dom = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                          f"{webserver}/assets/events?view=events"], capture_output=True, text=True,
                         timeout=120).stdout
    for key in ("preview", "events_by_type", "share_geocoded", "picture_map", "picture_by_type_day"):
        assert key in dom, f"{key} not shown on the events materialization"
    shots = {"ui_assets.png": (f"{webserver}/assets/events", (1400, 900)),
             "ui_events.png": (f"{webserver}/assets/events?view=events", (1400, 1300))}
    for name, (url, size) in shots.items():
        path = tmp_path / name
        _screenshot(url, path, profile, size)
        with Image.open(path) as image:
            assert image.size == size, name
            assert len(image.getcolors(256) or []) > 16, f"{name} is blank"
        if SCREENSHOTS:
            shutil.copy(path, ROOT / SCREENSHOTS / name)
