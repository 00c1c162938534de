"""`conflict-events geoparse` and `conflict-events gazetteer ...` (`eval geo` is in
pipeline.evaluation.commands.geo)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


# Development data, relative to the project root (where `make eval` runs).
SPAN_FIELDS = ("geonameid", "name", "latitude", "longitude", "feature_code", "country_code", "score")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--source", action="append", default=[], metavar="PATH",
                   help="extra GeoNames dump file or folder (repeatable; added to "
                        "CONFLICT_EVENTS_GEONAMES and the registered sources)")
    p.add_argument("--cache-dir", metavar="DIR",
                   help="index cache folder (default: CONFLICT_EVENTS_CACHE or ~/.cache/conflict-events)")


def _load(args):
    from pipeline.geo import load_gazetteer
    return load_gazetteer(args.source or None, args.cache_dir)


def _geoparse(args: argparse.Namespace) -> int:
    from pipeline.geo import geoparse, geoparse_spans
    g = _load(args)
    with open(args.input, encoding="utf-8") as src, open(args.out, "w", encoding="utf-8") as out:
        for line in src:
            if not line.strip():
                continue
            doc = json.loads(line)
            text = doc.get("text") or ""
            if args.spans:
                spans = [(t["start"], t["end"]) for t in doc.get("toponyms", [])]
                rows = geoparse_spans(text, spans, g, doc.get("id"))
            else:
                rows = geoparse(text, g, doc.get("id"))
            toponyms = [{"start": r["char_start"], "end": r["char_end"],
                         **{f: r.get(f) for f in SPAN_FIELDS}} for r in rows]
            out.write(json.dumps({"id": doc.get("id"), "toponyms": toponyms}, ensure_ascii=False) + "\n")
    return 0


def _add(args: argparse.Namespace) -> int:
    from pipeline.geo.download import fetch_source
    from pipeline.geo.build import default_cache_dir
    from pipeline.geo.registry import register_source
    source = args.path_or_url
    if source.startswith(("http://", "https://")):
        folder = Path(args.cache_dir) if args.cache_dir else default_cache_dir()
        source = str(fetch_source(source, folder / "downloads"))
    elif not Path(source).exists():
        print(f"error: no such file or folder: {source}", file=sys.stderr)
        return 2
    else:
        source = str(Path(source).resolve())
    sources = register_source(source)
    print(f"registered {source} ({len(sources)} sources); the index is rebuilt on next load")
    return 0


def _download(args: argparse.Namespace) -> int:
    from pipeline.geo.download import download_countries
    from pipeline.geo.build import default_cache_dir
    from pipeline.geo.registry import register_source
    folder = Path(args.dest) if args.dest else (Path(args.cache_dir) if args.cache_dir
                                                else default_cache_dir()) / "geonames"
    files = download_countries(args.countries, folder, args.base_url, not args.no_admin)
    for f in files:
        print(f"downloaded {f}")
    register_source(str(folder.resolve()))
    print(f"registered {folder}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from pipeline.geo.build import ensure_index
    folder = ensure_index(args.source or None, args.cache_dir)
    print((folder / "info.json").read_text())
    return 0


def _info(args: argparse.Namespace) -> int:
    from pipeline.geo.build import source_list
    from pipeline.geo.embedded import manifest
    from pipeline.geo.registry import registry_path
    built_in = [f"{e['name']} ({e['licence']})" for e in manifest()["files"]]
    print(json.dumps({"registry": str(registry_path()), "sources": source_list(args.source or None),
                      "embedded": built_in}, indent=1))
    return 0


def register(commands, evals) -> None:
    """Add the geo subcommands to the top-level subparsers (`evals` is not used here)."""
    p = commands.add_parser("geoparse", help="find and resolve toponyms in JSONL texts",
                            description="Geoparse JSONL lines {id, text, toponyms?}; write "
                            "{id, toponyms: [{start, end, geonameid, name, latitude, longitude, "
                            "feature_code, country_code, score}]} lines (null fields where not found).")
    p.add_argument("input", metavar="IN.jsonl", help="input lines {id, text, published?, toponyms?}")
    p.add_argument("--out", required=True, metavar="OUT.jsonl", help="output file")
    p.add_argument("--spans", action="store_true",
                   help="resolve the given toponyms [{start, end}] instead of recognising them")
    _common(p)
    p.set_defaults(func=_geoparse)

    gz = commands.add_parser("gazetteer", help="manage the offline gazetteer",
                             description="Add, download, build and describe gazetteer sources.")
    sub = gz.add_subparsers(dest="gazetteer_command", required=True, metavar="ACTION")
    a = sub.add_parser("add", help="register a GeoNames dump file, folder or URL",
                       description="Register a GeoNames dump (XX.txt/XX.zip, admin code files) "
                       "file or folder, or download one URL into the cache and register it.")
    a.add_argument("path_or_url", metavar="PATH_OR_URL", help="file, folder or http(s) URL")
    a.add_argument("--cache-dir", metavar="DIR", help="where URLs are downloaded (default: the cache)")
    a.set_defaults(func=_add)
    d = sub.add_parser("download", help="download GeoNames per-country dumps and register them",
                       description="Fetch XX.zip for each country code, plus admin1CodesASCII.txt "
                       "and admin2Codes.txt, then register the folder.")
    d.add_argument("countries", nargs="+", metavar="CC", help="ISO country codes, e.g. SY IQ")
    d.add_argument("--base-url", default="https://download.geonames.org/export/dump/", metavar="URL",
                   help="dump server (default: GeoNames' official one)")
    d.add_argument("--dest", metavar="DIR", help="download folder (default: CACHE/geonames)")
    d.add_argument("--no-admin", action="store_true", help="skip the admin code files")
    d.add_argument("--cache-dir", metavar="DIR", help="cache folder (default: CONFLICT_EVENTS_CACHE)")
    d.set_defaults(func=_download)
    b = sub.add_parser("build", help="build (or reuse) the index and print its summary",
                       description="Build the index from every source now, and print its summary.")
    _common(b)
    b.set_defaults(func=_build)
    i = sub.add_parser("info", help="list the gazetteer sources in use",
                       description="Print the registry file and every extra source in use.")
    _common(i)
    i.set_defaults(func=_info)
