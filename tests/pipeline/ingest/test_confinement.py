"""Input confinement: only regular files under the raw folder are read; every other entry is a
reject with a reason code, and nothing (a FIFO above all) can block the run."""
import os
import socket
import stat
import threading
from pathlib import Path

import pytest

from pipeline.ingest import clean_articles, read_raw
from pipeline.ingest import readers

GOOD = "Title\n\nPolice arrested two men in Kabul on Monday after a protest.\n"


def _read(*paths):
    raw, rejects = read_raw(list(paths))
    articles, more = clean_articles(raw)
    return articles, rejects + more


def _codes(rejects):
    return {Path(r["source_path"]).name: r["reason_code"] for r in rejects}


@pytest.fixture
def outside(tmp_path):
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "secret.txt").write_text("Secret\n\nThe password of the vault is swordfish today.\n", "utf-8")
    (secret / "secret.meta.json").write_text('{"publisher": "Outside Sidecar Inc"}', "utf-8")
    return secret


def test_symlinks_leaving_the_raw_folder_are_rejected_not_read(tmp_path, outside):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text(GOOD, "utf-8")
    (raw / "passwd.txt").symlink_to(outside / "secret.txt")
    (raw / "linked_dir").symlink_to(outside, target_is_directory=True)
    (raw / "good.meta.json").symlink_to(outside / "secret.meta.json")
    articles, rejects = _read(raw)
    assert [a["source_id"] for a in articles] == ["good.txt"]
    assert all("swordfish" not in a["text"] for a in articles)
    assert articles[0]["publisher"] is None  # the sidecar link out was not followed
    codes = _codes(rejects)
    assert codes["passwd.txt"] == "outside_raw"
    assert codes["good.meta.json"] == "outside_raw"
    assert codes["linked_dir"] == "outside_raw"
    assert len(rejects) == 3 and all(r["reason"] for r in rejects)


def test_dotdot_escape_in_an_explicit_input_is_confined(tmp_path, outside):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "escape.txt").symlink_to(Path("..") / "outside" / "secret.txt")
    articles, rejects = _read(raw / "escape.txt")
    assert articles == [] and _codes(rejects)["escape.txt"] == "outside_raw"
    # read_confined itself refuses a path whose resolution leaves the root
    with pytest.raises(readers.Rejected) as exc:
        readers.read_confined(raw / ".." / "outside" / "secret.txt", os.path.realpath(raw), 10_000)
    assert exc.value.code == "outside_raw"


def test_links_inside_the_raw_folder_are_read(tmp_path):
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    (raw / "sub" / "real.txt").write_text(GOOD, "utf-8")
    (raw / "alias.txt").symlink_to(raw / "sub" / "real.txt")
    (raw / "alias_dir").symlink_to(raw / "sub", target_is_directory=True)
    articles, rejects = _read(raw)
    # both names read; the second copy is a duplicate, not an escape; the folder link is not
    # followed (its files are read at their own path)
    assert len(articles) == 1
    assert sorted(r["reason_code"] for r in rejects) == ["duplicate", "symlink_folder"]


def test_fifo_socket_and_folder_named_like_a_file_never_block(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text(GOOD, "utf-8")
    os.mkfifo(raw / "pipe.txt")
    os.mkfifo(raw / "good2.meta.json")
    (raw / "good2.txt").write_text(GOOD.replace("Kabul", "Herat"), "utf-8")
    (raw / "x.txt").mkdir()
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(raw / "sock.txt"))
    result = {}
    worker = threading.Thread(target=lambda: result.update(out=_read(raw)), daemon=True)
    worker.start()
    worker.join(30)
    sock.close()
    assert not worker.is_alive(), "reading the raw folder blocked"
    articles, rejects = result["out"]
    assert sorted(a["source_id"] for a in articles) == ["good.txt", "good2.txt"]
    codes = _codes(rejects)
    assert codes["pipe.txt"] == "not_regular_file" and codes["sock.txt"] == "not_regular_file"
    assert codes["good2.meta.json"] == "not_regular_file"
    assert codes["x.txt"] == "folder_named_like_file"


def test_a_fifo_swapped_in_after_the_scan_is_refused_without_blocking(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    os.mkfifo(raw / "late.txt")
    with pytest.raises(readers.Rejected) as exc:
        readers.read_file(raw / "late.txt", os.path.realpath(raw))
    assert exc.value.code == "not_regular_file"


def test_devices_are_rejected(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    try:
        os.mknod(raw / "null.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("cannot create a device node here")
    _, rejects = _read(raw)
    assert _codes(rejects) == {"null.txt": "not_regular_file"}
    assert "character device" in rejects[0]["reason"]


def test_unreadable_files_and_folders_are_rejects(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    (raw / "locked").mkdir(parents=True)
    (raw / "locked" / "inside.txt").write_text(GOOD, "utf-8")
    (raw / "closed.txt").write_text(GOOD.replace("Kabul", "Herat"), "utf-8")
    (raw / "good.txt").write_text(GOOD, "utf-8")
    # Tests may run as root, who reads mode-000 files: simulate the permission errors.
    real_open, real_scandir = os.open, os.scandir

    def fake_open(path, *a, **k):
        if str(path).endswith("closed.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *a, **k)

    def fake_scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(readers.os, "open", fake_open)
    monkeypatch.setattr(readers.os, "scandir", fake_scandir)
    articles, rejects = _read(raw)
    assert [a["source_id"] for a in articles] == ["good.txt"]
    codes = _codes(rejects)
    assert codes == {"locked": "unreadable", "closed.txt": "unreadable"}
    assert all("Permission denied" in r["reason"] for r in rejects)


def test_dotfiles_and_orphan_sidecars_are_listed_not_lost(tmp_path):
    raw = tmp_path / "raw"
    (raw / ".git").mkdir(parents=True)
    (raw / ".hidden.txt").write_text(GOOD, "utf-8")
    (raw / "lonely.meta.json").write_text('{"published": "2020-01-01"}', "utf-8")
    (raw / "good.txt").write_text(GOOD, "utf-8")
    articles, rejects = _read(raw)
    assert len(articles) == 1
    assert _codes(rejects) == {".git": "hidden", ".hidden.txt": "hidden", "lonely.meta.json": "orphan_sidecar"}


def test_the_ui_preview_never_shows_an_outside_file(tmp_path, outside):
    dg = pytest.importorskip("dagster")
    from assets.definitions import ALL_ASSETS, build_definitions
    from pipeline.ingest.days import ingest_day
    raw, out = tmp_path / "raw", tmp_path / "processed"
    raw.mkdir()
    (raw / "good.txt").write_text(GOOD, "utf-8")
    (raw / "passwd.txt").symlink_to(outside / "secret.txt")
    defs = build_definitions(str(raw), str(out))
    with dg.instance_for_test() as instance:
        day = ingest_day(raw / "good.txt", raw)  # loose files: the day they were written
        result = dg.materialize(ALL_ASSETS, resources=defs.resources, instance=instance, partition_key=day)
        shown = " ".join(str(m.metadata) for e in result.get_asset_materialization_events()
                         for m in [e.step_materialization_data.materialization])
    assert "swordfish" not in shown and "Secret" not in shown
    import pandas as pd
    rejects = pd.read_parquet(out / "rejects")
    assert rejects["reason_code"].tolist() == ["outside_raw"]
    assert "swordfish" not in pd.read_parquet(out / "staging" / "raw_articles").to_string()
