"""Every record guarded: one malformed record is one reject with a reason code, the rest of its
file is kept (failure classes 1, 8 and 9 of issue 13, each reproduced with our own sentences)."""
import datetime as dt
import json
from pathlib import Path

import pytest

from pipeline.ingest import clean_articles, clean_record, read_raw
from pipeline.run import extract
from pipeline.tables import SCHEMAS, to_table

GOOD = {"id": "good", "title": "Clashes in Kabul", "text": "Police arrested two men in Kabul on Monday."}
NOW = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)


def _read(path):
    raw, rejects = read_raw([path])
    # the staging table of the Dagster path must build from what the readers return
    to_table(raw, SCHEMAS["raw_articles"])
    articles, more = clean_articles(raw, NOW)
    return articles, rejects + more


def _good(i):
    return {**GOOD, "id": f"good{i}", "text": f"Police arrested {i + 2} men in Kabul on Monday."}


BAD_JSON_LINES = {
    "surrogate": ('{"id": "s", "text": "Troops entered \\ud800 Aleppo."}', "invalid_unicode"),
    "surrogate_title": ('{"id": "st", "title": "\\udc00", "text": "Troops entered Homs."}', "invalid_unicode"),
    "title_number": ('{"id": "tn", "title": 42, "text": "Rebels shelled Idlib on Friday."}', None),
    "title_object": ('{"id": "to", "title": {"a": 1}, "text": "Rebels shelled Hama."}', "bad_field"),
    "url_list": ('{"id": "ul", "url": ["x"], "text": "Rebels shelled Daraa."}', "bad_field"),
    "source_bool": ('{"id": "sb", "source": true, "text": "Rebels shelled Raqqa."}', "bad_field"),
    "language_object": ('{"id": "lo", "language": {}, "text": "Rebels shelled Deir."}', "bad_field"),
    "huge_int": ('{"id": "hi", "n": ' + "9" * 5000 + ', "text": "Rebels shelled Manbij."}', "invalid_json"),
    "deep": ('{"id": "dp", "x": ' + "[" * 100_000 + "]" * 100_000 + ', "text": "Rebels shelled Afrin."}', "too_deep"),
    "published_number": ('{"id": "pn", "published": 20170502, "text": "Rebels shelled Azaz."}', None),
    "text_number": ('{"id": "tx", "text": 5}', "no_text"),
    "id_object": ('{"id": {"k": 1}, "text": "Rebels shelled Jarablus."}', "bad_field"),
}


@pytest.mark.parametrize("name", sorted(BAD_JSON_LINES))
def test_one_malformed_jsonl_record_costs_that_record_only(tmp_path, name):
    line, code = BAD_JSON_LINES[name]
    lines = [json.dumps(_good(0)), line, json.dumps(_good(1))]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    articles, rejects = _read(tmp_path)
    ids = sorted(a["source_id"] for a in articles)
    if code is None:  # coerced at the boundary, kept
        assert len(ids) == 3 and rejects == []
    else:
        assert ids == ["good0", "good1"]
        assert [(r["record"], r["reason_code"]) for r in rejects] == [("2", code)]
        assert rejects[0]["reason"]


def test_numbers_in_text_fields_are_written_as_strings(tmp_path):
    (tmp_path / "a.jsonl").write_text(BAD_JSON_LINES["title_number"][0] + "\n"
                                      + BAD_JSON_LINES["published_number"][0] + "\n", "utf-8")
    articles, _ = _read(tmp_path)
    by_id = {a["source_id"]: a for a in articles}
    assert by_id["tn"]["title"] == "42"
    # a number is no date: kept as written in `extra`, as other partial values are
    assert by_id["pn"]["published"] is None
    assert json.loads(by_id["pn"]["extra"]) == {"published_raw": "20170502"}


@pytest.mark.parametrize("name", ["surrogate", "title_object", "huge_int", "deep", "url_list"])
def test_one_malformed_record_of_a_json_list_costs_that_record_only(tmp_path, name):
    line, code = BAD_JSON_LINES[name]
    (tmp_path / "list.json").write_text(
        "[" + ",\n".join([json.dumps(_good(0)), line, json.dumps(_good(1))]) + "]", "utf-8")
    articles, rejects = _read(tmp_path)
    assert sorted(a["source_id"] for a in articles) == ["good0", "good1"]
    assert [(r["record"], r["reason_code"]) for r in rejects] == [("2", code)]


def test_a_broken_list_after_a_bad_element_says_so(tmp_path):
    (tmp_path / "cut.json").write_text("[" + json.dumps(_good(0)) + ", {\"id\": 1, \"text\": ", "utf-8")
    articles, rejects = _read(tmp_path)
    assert [a["source_id"] for a in articles] == ["good0"]
    assert [r["reason_code"] for r in rejects] == ["invalid_json"]


def test_the_whole_run_survives_every_malformed_record(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    lines = [json.dumps(_good(0))] + [line for line, _ in BAD_JSON_LINES.values()]
    (raw / "all_bad.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    tables = extract([raw], tmp_path / "out")
    n_rejected = sum(code is not None for _, code in BAD_JSON_LINES.values())
    assert tables["articles"].num_rows == 1 + len(BAD_JSON_LINES) - n_rejected
    assert tables["rejects"].num_rows == n_rejected
    assert tables["rejects"].column("reason_code").null_count == 0


def test_clean_record_guards_wrong_types_given_directly():
    base = {"source_path": "x.jsonl", "record": "1", "text": "Police arrested two men in Kabul."}
    article, reject = clean_record({**base, "title": 12}, NOW)
    assert article["title"] == "12" and reject is None
    article, reject = clean_record({**base, "url": {"a": 1}}, NOW)
    assert article is None and reject["reason_code"] == "bad_field"
    article, reject = clean_record({**base, "text": "Troops entered \ud800 Aleppo."}, NOW)
    assert article is None and reject["reason_code"] == "invalid_unicode"


def test_one_latin1_line_costs_that_line_only(tmp_path):
    good = [json.dumps(_good(i)).encode() for i in range(5)]
    latin = '{"id": "fr", "text": "La ville a été bombardée."}'.encode("latin-1")
    (tmp_path / "a.jsonl").write_bytes(b"\n".join(good[:3] + [latin] + good[3:]) + b"\n")
    articles, rejects = _read(tmp_path)
    assert len(articles) == 5
    assert [(r["record"], r["reason_code"]) for r in rejects] == [("4", "bad_encoding")]


def test_one_nul_byte_does_not_reject_a_text_file(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"Clashes\n\nPolice arrested two\x00 men in Kabul on Monday.\n")
    (tmp_path / "b.jsonl").write_bytes(json.dumps(_good(0)).encode() + b"\n{\"id\": \"n\", \"text\": \"a\x00b\"}\n")
    articles, rejects = _read(tmp_path)
    by_id = {a["source_id"]: a for a in articles}
    assert by_id["a.txt"]["text"] == "Police arrested two men in Kabul on Monday."
    assert "good0" in by_id
    assert [(Path(r["source_path"]).name, r["record"], r["reason_code"]) for r in rejects] == \
        [("b.jsonl", "2", "invalid_json")]


def test_utf16_is_read_not_called_binary(tmp_path):
    body = "Clashes in Homs\n\nRebels shelled Homs on Tuesday, killing three civilians.\n"
    (tmp_path / "bom.txt").write_bytes(body.encode("utf-16"))
    (tmp_path / "le.txt").write_bytes(body.replace("Homs", "Hama").encode("utf-16-le"))
    (tmp_path / "lines.jsonl").write_bytes((json.dumps(_good(0)) + "\n").encode("utf-16"))
    articles, rejects = _read(tmp_path)
    assert rejects == []
    assert sorted(a["source_id"] for a in articles) == ["bom.txt", "good0", "le.txt"]
    assert all("Rebels shelled" in a["text"] for a in articles if a["source_id"] != "good0")


def test_a_bad_sidecar_is_a_reject_and_its_article_is_kept(tmp_path):
    (tmp_path / "a.txt").write_text("Clashes\n\nPolice arrested two men in Kabul on Monday.\n", "utf-8")
    (tmp_path / "a.meta.json").write_text('{"published": ', "utf-8")
    (tmp_path / "b.txt").write_text("Clashes\n\nPolice arrested four men in Herat on Monday.\n", "utf-8")
    (tmp_path / "b.meta.json").write_text('{"published": ["2020-01-01"]}', "utf-8")
    (tmp_path / "c.txt").write_text("Clashes\n\nPolice arrested six men in Balkh on Monday.\n", "utf-8")
    (tmp_path / "c.meta.json").write_text('["not", "an", "object"]', "utf-8")
    articles, rejects = _read(tmp_path)
    assert sorted(a["source_id"] for a in articles) == ["a.txt", "b.txt", "c.txt"]
    assert sorted(Path(r["source_path"]).name for r in rejects) == ["a.meta.json", "b.meta.json", "c.meta.json"]
    assert {r["reason_code"] for r in rejects} == {"bad_sidecar"}
    assert all("article kept" in r["reason"] for r in rejects)


def test_an_empty_json_list_is_a_reject(tmp_path):
    (tmp_path / "none.json").write_text("[]", "utf-8")
    (tmp_path / "blank.jsonl").write_text("\n\n", "utf-8")
    articles, rejects = _read(tmp_path)
    assert articles == []
    assert {Path(r["source_path"]).name: r["reason_code"] for r in rejects} == \
        {"none.json": "empty", "blank.jsonl": "empty"}


def test_jsonl_lines_split_on_newlines_only(tmp_path):
    # U+2028 is legal inside a JSON string; str.splitlines would cut the record in two
    rec = {**GOOD, "text": "Police arrested two men\u2028in Kabul on Monday."}
    (tmp_path / "a.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n", "utf-8")
    articles, rejects = _read(tmp_path)
    assert rejects == [] and len(articles) == 1
