"""Fetching GeoNames dumps (per-country zips and admin code files) into a local folder."""
from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path

GEONAMES_URL = "https://download.geonames.org/export/dump/"
ADMIN_FILES = ("admin1CodesASCII.txt", "admin2Codes.txt")


def fetch(url: str, dest: Path, timeout: float = 60.0) -> Path:
    """Download one URL to `dest` (written to a temporary name, then renamed)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    with urllib.request.urlopen(url, timeout=timeout) as response, tmp.open("wb") as f:
        shutil.copyfileobj(response, f)
    tmp.replace(dest)
    return dest


def download_countries(codes: list[str], folder: Path, base_url: str = GEONAMES_URL,
                       with_admin: bool = True) -> list[Path]:
    """Fetch XX.zip for each country code (plus the admin code files) into `folder`."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    names = [f"{c.upper()}.zip" for c in codes] + (list(ADMIN_FILES) if with_admin else [])
    return [fetch(base + name, Path(folder) / name) for name in names]


def fetch_source(url: str, folder: Path) -> Path:
    """Download a single dump file named by URL into `folder`; returns its local path."""
    name = url.rstrip("/").rsplit("/", 1)[-1]
    return fetch(url, Path(folder) / name)
