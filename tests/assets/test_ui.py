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

from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Flags for a closed network: no background connections, no first-run work, no sandbox as root.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--virtual-time-budget=20000"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def webserver(tmp_path):
    port = _free_port()
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_bytes((ROOT / "dagster.yaml").read_bytes())  # telemetry off
    env = {**os.environ, "DAGSTER_HOME": str(home), "CONFLICT_EVENTS_RAW": str(tmp_path / "raw"),
           "CONFLICT_EVENTS_PROCESSED": str(tmp_path / "processed")}
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
