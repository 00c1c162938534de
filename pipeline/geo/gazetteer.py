"""The gazetteer index: built once from its sources into a cache folder, then loaded into RAM.

Names are stored as sorted 64-bit hashes with posting lists into the place rows: an
Aho-Corasick automaton over the 1.3 million keys measured 224 MB on disk, 6.7 s to load and
700 MB resident, against a few MB and milliseconds for hash arrays (see docs/GEO.md)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.geo import sources
from pipeline.geo.centroids import fill_centroids
from pipeline.geo.precision import COUNTRY_CODES, kind_prior
from pipeline.geo.normalize import is_latin_key, is_latin_name, name_key, skeleton
from pipeline.geo.registry import registered_sources

# Bump when the index layout or the build rules change: old caches are then rebuilt.
INDEX_VERSION = "3"
SKELETON_MARK = "#"  # skeleton keys share the key table; folded names never contain "#"
DEMONYM_MARK = "="
_DIVISION_SUFFIXES = ("county", "parish", "district", "governorate", "province", "region",
                      "oblast", "raion", "municipality", "prefecture", "state")
_CATEGORIES = ("feature_class", "feature_code", "country_code", "admin1", "admin2")


def key_hash(key: str) -> int:
    """A stable 64-bit hash of a key: the index stores hashes, not millions of strings."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


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
    builders = [here / f"{m}.py" for m in ("sources", "centroids", "normalize", "gazetteer")]
    parts.extend(hashlib.sha1(f.read_bytes()).hexdigest() for f in builders)
    for f in [*sorted(sources.DATA.iterdir()), *files]:
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
        if old["latitude"] is None:
            old["latitude"], old["longitude"] = r["latitude"], r["longitude"]
        for field in ("admin1", "admin2", "population"):
            old[field] = old[field] or r[field]
        if r["source"].startswith("geonames:") and r["latitude"] is not None \
                and old["feature_code"] in ("PPL", r["feature_code"]):
            old["feature_class"], old["feature_code"] = r["feature_class"], r["feature_code"]
        if "Codes" in r["source"]:  # GeoNames' own spelling of a division's name
            old["name"] = r["name"]
    return merged


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
    return keys


def build_index(files: list[Path], out_dir: Path) -> dict:
    """Read every source, derive missing coordinates, write places + keys into `out_dir`."""
    t0 = time.time()
    builtin = [sources.read_countries(), sources.read_continents(), sources.read_us_states(),
               sources.read_cities500(), sources.read_curated()]
    merged = _merge(r for it in [*builtin, *(sources.read_path(f) for f in files)] for r in it)
    records = list(merged.values())
    unplaced = fill_centroids(records)
    records = [r for r in records if r["latitude"] is not None]
    pairs: list[tuple[str, int]] = []
    skeletons: dict[str, str] = {}
    transliterated = set(sources.read_transliterated_countries())
    for i, r in enumerate(records):
        keys = _keys_of(r)
        pairs.extend((k, i) for k in keys)
        for d in r.get("demonyms", ()):  # only for given spans: "Egyptian(s)" -> Egypt
            pairs.extend((DEMONYM_MARK + k, i) for k in {name_key(d), name_key(d) + "s"})
        if r["country_code"] in transliterated:
            skels = set()
            for k in keys:
                s = skeletons.get(k)
                if s is None:
                    s = skeletons[k] = skeleton(k)
                skels.add(s)
            pairs.extend((SKELETON_MARK + s, i) for s in skels if s)
        r["names"] = None  # free memory as we go
    hashes = {k: key_hash(k) for k, _ in pairs}
    pair_hash = np.fromiter((hashes[k] for k, _ in pairs), dtype=np.uint64, count=len(pairs))
    rows = np.fromiter((i for _, i in pairs), dtype=np.int32, count=len(pairs))
    order = np.argsort(pair_hash, kind="stable")
    pair_hash, rows = pair_hash[order], rows[order]
    keys, offsets = np.unique(pair_hash, return_index=True)
    offsets = np.append(offsets, len(rows)).astype(np.int64)
    out_dir.mkdir(parents=True, exist_ok=True)
    columns = ["geonameid", "name", "latitude", "longitude", *_CATEGORIES, "population", "source"]
    table = pa.table({c: [r[c] for r in records] for c in columns})
    table = table.append_column("centroid", pa.array([r.get("centroid", "") for r in records]))
    main = np.fromiter((key_hash(name_key(r["name"])) for r in records), dtype=np.uint64,
                       count=len(records))
    table = table.append_column("main_key", pa.array(main))
    pq.write_table(table, out_dir / "places.parquet", compression="zstd")
    np.savez(out_dir / "postings.npz", keys=keys, offsets=offsets, rows=rows)
    info = {"places": len(records), "keys": len(keys), "postings": int(len(rows)),
            "unplaced_divisions": unplaced, "sources": [str(f) for f in files],
            "skeleton_countries": sorted(transliterated),
            "build_seconds": round(time.time() - t0, 1)}
    (out_dir / "info.json").write_text(json.dumps(info, indent=1))
    return info


def ensure_index(extra_sources: list[str] | None = None, cache_dir: str | None = None) -> Path:
    """The cache folder of the index for these sources, built first when missing or stale."""
    files = sources.expand_sources(source_list(extra_sources))
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


class Gazetteer:
    """The loaded index: place columns and name hashes as numpy arrays."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.info = json.loads((self.folder / "info.json").read_text())
        table = pq.read_table(self.folder / "places.parquet")
        self.ids = table["geonameid"].to_numpy()
        self.names = table["name"].to_numpy(zero_copy_only=False)
        self.lat = table["latitude"].to_numpy()
        self.lon = table["longitude"].to_numpy()
        self.population = table["population"].to_numpy()
        self.main_key = table["main_key"].to_numpy()
        # divisions placed at their admin1's centre (their own places unknown)
        self.approximate = pc.starts_with(table["centroid"], "fallback").to_numpy(zero_copy_only=False)
        self.codes, self.vocab = {}, {}
        for c in _CATEGORIES:
            encoded = table[c].dictionary_encode().combine_chunks()
            self.codes[c] = encoded.indices.to_numpy()
            self.vocab[c] = encoded.dictionary.to_pylist()
        postings = np.load(self.folder / "postings.npz")
        self.keys, self.offsets, self.rows = postings["keys"], postings["offsets"], postings["rows"]
        self.admin1_names = self._division_names("ADM1")
        self.prior = self._priors()
        fcode = np.asarray(self.vocab["feature_code"], dtype=object)[self.codes["feature_code"]]
        fclass = np.asarray(self.vocab["feature_class"], dtype=object)[self.codes["feature_class"]]
        self.is_country = np.isin(fcode, list(COUNTRY_CODES))
        self.is_state = fcode == "ADM1"
        self.is_place = fclass == "P"
        self.is_division = (fclass == "A") & ~self.is_country
        pcli = self.vocab["feature_code"].index("PCLI") if "PCLI" in self.vocab["feature_code"] else -1
        self.country_rows = {self.get(int(i), "country_code"): int(i)
                             for i in np.flatnonzero(self.codes["feature_code"] == pcli)}
        vocab = self.vocab["country_code"]
        self.skeleton_countries = {vocab.index(c) for c in self.info.get("skeleton_countries", [])
                                   if c in vocab}

    def _priors(self) -> np.ndarray:
        """Each row's prior: its feature kind, plus a population term (log scale, 0..0.35)."""
        kinds = np.array([kind_prior(c, f) for c, f in zip(*self._class_code_pairs())], dtype=np.float32)
        base = kinds[self._pair_index]
        pop = np.minimum(1.0, np.log10(self.population.astype(np.float64) + 1) / 7.0)
        # a division's population is not comparable with a town's: only the kind counts
        fclass = np.asarray(self.vocab["feature_class"], dtype=object)[self.codes["feature_class"]]
        pop[fclass == "A"] = 0.0
        return (base + 0.35 * pop).astype(np.float32)

    def _class_code_pairs(self) -> tuple[list[str], list[str]]:
        pairs = self.codes["feature_class"].astype(np.int64) * 100000 + self.codes["feature_code"]
        uniq, self._pair_index = np.unique(pairs, return_inverse=True)
        return ([self.vocab["feature_class"][u // 100000] for u in uniq],
                [self.vocab["feature_code"][u % 100000] for u in uniq])

    def _division_names(self, code: str) -> dict[tuple[str, str], str]:
        fcode = self.vocab["feature_code"]
        if code not in fcode:
            return {}
        rows = np.flatnonzero(self.codes["feature_code"] == fcode.index(code))
        source = pq.read_table(self.folder / "places.parquet", columns=["source"])["source"]
        # GeoNames' own admin code names win over other sources' spellings
        rows = sorted(rows, key=lambda i: "admin1Codes" in source[int(i)].as_py())
        self.admin1_rows = {(self.get(i, "country_code"), self.get(i, "admin1")): int(i)
                            for i in rows if self.get(i, "admin1")}
        return {k: self.names[i] for k, i in self.admin1_rows.items()}

    def get(self, row: int, column: str) -> str:
        """A categorical column's value for one row."""
        return self.vocab[column][self.codes[column][row]]

    def lookup_many(self, keys: list[str]) -> list[np.ndarray]:
        """Rows whose names fold to each key (one vectorised search for a whole document)."""
        if not keys:
            return []
        h = np.fromiter(map(key_hash, keys), dtype=np.uint64, count=len(keys))
        pos = np.minimum(np.searchsorted(self.keys, h), len(self.keys) - 1)
        found = self.keys[pos] == h
        return [self.rows[self.offsets[p]:self.offsets[p + 1]] if f else self.rows[:0]
                for p, f in zip(pos.tolist(), found.tolist())]

    def lookup(self, key: str) -> np.ndarray:
        """Rows whose names fold to `key` (empty when none)."""
        return self.lookup_many([key])[0]

    def lookup_demonym(self, key: str) -> np.ndarray:
        """Countries whose people are called `key` ("egyptians" -> Egypt)."""
        return self.lookup(DEMONYM_MARK + key)

    def lookup_skeleton(self, key: str) -> np.ndarray:
        """Rows whose names share the transliteration skeleton of `key`."""
        s = skeleton(key)
        return self.lookup(SKELETON_MARK + s) if s else self.rows[:0]

    def row_of(self, geonameid: int) -> int | None:
        """The row of a GeoNames id, or None."""
        hits = np.flatnonzero(self.ids == geonameid)
        return int(hits[0]) if len(hits) else None


def load_index(extra_sources: list[str] | None = None, cache_dir: str | None = None) -> Gazetteer:
    """Build when needed, then load the index."""
    return Gazetteer(ensure_index(extra_sources, cache_dir))
