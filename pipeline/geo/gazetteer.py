"""The gazetteer index loaded into RAM (pipeline.geo.build makes it once, in a cache folder).

Names are stored as sorted 64-bit hashes with posting lists into the place rows: an
Aho-Corasick automaton over the 1.3 million keys measured 224 MB on disk, 6.7 s to load and
700 MB resident, against a few MB and milliseconds for hash arrays (see docs/GEO.md)."""
from __future__ import annotations

import json
from hashlib import blake2b
from itertools import compress, repeat
from operator import is_
from pathlib import Path

import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.geo.build import CATEGORIES, ensure_index
from pipeline.geo.keys import DEMONYM_MARK, SKELETON_MARK
from pipeline.geo.normalize import skeleton
from pipeline.geo.precision import COUNTRY_CODES, WORLD_CODES, kind_prior

CURATED_IDS = -9100000000  # ids of the curated file lie below (docs/GEO.md, Ids)
AIRPORT_PRIOR = 0.2  # below any town's (0.3): see Gazetteer._priors
KNOWN_KEYS = 100_000  # looked-up keys remembered with their rows (about 22 MB at most, per process)


def _digest(key: str) -> bytes:
    """The 8 bytes of keys.key_hash (little-endian): numpy reads many of them at once."""
    return blake2b(key.encode(), digest_size=8).digest()


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
        # trigonometry of the latitudes once, not per distance computed at resolution
        self.rlat = np.radians(self.lat)
        self.coslat = np.cos(self.rlat)
        self.known_keys: dict[str, np.ndarray] = {}  # key -> rows, for keys looked up before
        self.memo: dict = {}  # per-name candidate data computed at resolution, reused across texts
        self.population = table["population"].to_numpy()
        self.main_key = table["main_key"].to_numpy()
        # divisions placed at their admin1's centre (their own places unknown)
        self.approximate = pc.starts_with(table["centroid"], "fallback").to_numpy(zero_copy_only=False)
        self.codes, self.vocab = {}, {}
        for c in CATEGORIES:
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
        self.is_adm1_kind = np.array([str(c).startswith("ADM1") for c in self.vocab["feature_code"]],
                                     dtype=bool)[self.codes["feature_code"]]  # ADM1, ADM1H
        self.is_place = fclass == "P"
        self.is_natural = np.isin(fclass, ["H", "T", "L"])  # waters, landforms, regions
        # capitals and cities of a million: world news means them by their bare name
        self.is_major = self.is_place & ((fcode == "PPLC") | (self.population >= 1_000_000))
        cc = np.asarray(self.vocab["country_code"], dtype=object)[self.codes["country_code"]]
        # see is_world_feature; regions only from the curated file (Natural Earth's L.RGN points
        # are capes and islands, with no country code either)
        curated = self.ids <= CURATED_IDS
        self.is_world = np.isin(fcode, list(WORLD_CODES)) & (cc == "") & (
            curated | ~np.isin(fcode, ["RGN", "PEN"]))
        # a country, a state or a city of 100,000: a name stays a place before another capitalised word
        self.is_prominent = self.is_country | self.is_state | (self.population >= 100_000)
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
        # Natural Earth's airports carry their city's name and no country ("Geneva"): a bare
        # name means the city; the airport only where no town has the name
        cc = np.asarray(self.vocab["country_code"], dtype=object)[self.codes["country_code"]]
        base = np.where((fclass == "S") & (cc == ""), np.float32(AIRPORT_PRIOR), base)
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
        """Rows whose names fold to each key (one vectorised search for a whole document).

        Keys met before (capitalised words recur from text to text) are answered from memory."""
        known = self.known_keys
        answers = list(map(known.get, keys))
        missing = set(compress(keys, map(is_, answers, repeat(None))))
        if missing:
            if len(known) + len(missing) > KNOWN_KEYS:
                known.clear()  # all the keys of this call are then looked up again
                missing = set(keys)
            h = np.frombuffer(b"".join(map(_digest, missing)), dtype="<u8")
            pos = np.minimum(np.searchsorted(self.keys, h), len(self.keys) - 1)
            found = (self.keys[pos] == h).tolist()
            starts, ends = self.offsets[pos].tolist(), self.offsets[pos + 1].tolist()
            known.update(zip(missing, repeat(self.rows[:0])))  # most are no name at all
            rows = self.rows
            for k, a, b in compress(zip(missing, starts, ends), found):
                known[k] = rows[a:b]
            answers = list(map(known.__getitem__, keys))
        return answers

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
