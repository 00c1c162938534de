"""The embedded default gazetteer: villages of the conflict countries with no setting at all."""
from __future__ import annotations

import zipfile

from pipeline.geo import embedded, sources
from pipeline.run import extract
from tests.conftest import shared_path


def test_default_install_places_the_seed_meeting_at_salhiya(seed_dir, tmp_path, monkeypatch):
    """A clone without ../shared: no extra source, the default gazetteer, the project's seed copy."""
    empty = tmp_path / "no-shared"
    empty.mkdir()
    monkeypatch.setenv("CONFLICT_EVENTS_SHARED", str(empty))
    monkeypatch.delenv("CONFLICT_EVENTS_GEONAMES", raising=False)
    from pipeline.geo import load_gazetteer
    g = load_gazetteer()
    assert g.info["sources"] == [] and "SY.zip" in g.info["embedded"]
    tables = extract([seed_dir], None, gazetteer=g)
    meeting = [m for m in tables["mentions"].to_pylist() if m["event_type"] == "meeting"][0]
    assert meeting["place_name"] == "Salhiya"
    assert abs(meeting["latitude"] - 35.35) < 0.05 and abs(meeting["longitude"] - 40.17) < 0.05
    assert meeting["admin1"] == "Deir ez-Zor" and meeting["country_code"] == "SY"
    # the codebook: admin1 is a name, never a GeoNames code such as '07'
    admin1 = [p["admin1"] for p in tables["places"].to_pylist() if p["admin1"]]
    assert admin1 and not any(a.isdigit() for a in admin1)


def test_pack_and_read_give_the_records_of_the_original_files(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    line = "\t".join(["123", "Tall Abyad", "Tall Abyad", "Tal Abyad,Girê Spî,تل أبيض", "36.69",
                      "38.95", "P", "PPL", "SY", "", "12", "", "", "", "44000", "", "", "", ""])
    with zipfile.ZipFile(src / "SY.zip", "w") as z:
        z.writestr("SY.txt", line + "\n")
    (src / "admin1CodesASCII.txt").write_text("SY.12\tAr-Raqqah\tAr-Raqqah\t172955\n", encoding="utf-8")
    out = tmp_path / "embedded"
    first = embedded.pack(src, out)
    again = embedded.pack(src, tmp_path / "again")
    assert first == again
    assert (out / embedded.PLACES).read_bytes() == (tmp_path / "again" / embedded.PLACES).read_bytes()
    original = [r for f in sources.expand_sources([str(src)]) for r in sources.read_path(f)]
    packed = list(embedded.read_embedded(out))
    assert [(r["geonameid"], r["name"], r["latitude"], r["admin1"], r["source"]) for r in packed] == \
        [(r["geonameid"], r["name"], r["latitude"], r["admin1"], r["source"]) for r in original]
    assert set(packed[0]["names"]) == set(original[0]["names"]) - {"تل أبيض"}  # Latin names only
    # a source file that is one of the embedded originals is not read twice
    keep, skipped = embedded.already_embedded(sources.expand_sources([str(src)]), out)
    assert keep == [] and len(skipped) == 2


def test_embedded_data_is_that_of_the_shared_gazetteer():
    folder = shared_path("gazetteer")
    listed = {e["name"]: e["sha1"] for e in embedded.manifest()["files"]}
    files = {f.name: embedded.sha1_of(f) for f in sources.expand_sources([str(folder)])}
    assert listed == files
