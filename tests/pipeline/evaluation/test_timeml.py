"""The TimeML reader, the mapping of our expressions to TimeML conventions, and the scorer."""
from __future__ import annotations

import datetime as dt
import json

from pipeline.cli import main
from pipeline.evaluation import timeml
from tests.conftest import shared_path

DOC = """<?xml version="1.0" ?>
<TimeML>
<DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2017-12-04" temporalFunction="false" functionInDocument="CREATION_TIME">20171204</TIMEX3></DCT>
<TEXT>
Rebels <EVENT eid="e1">attacked</EVENT> the town <TIMEX3 tid="t1" type="DATE" value="2017-12-03">yesterday</TIMEX3> after a lull of <TIMEX3 tid="t2" type="DURATION" value="P2W">two weeks</TIMEX3>. Talks <SIGNAL sid="s1">since</SIGNAL> <TIMEX3 tid="t3" type="DATE" value="2011">2011</TIMEX3> failed, and <TIMEX3 tid="t4" type="DATE" value="PRESENT_REF">now</TIMEX3> the army waits.
</TEXT>
</TimeML>
"""


def _doc(tmp_path, name="a.tml", body=DOC):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_reader_strips_tags_and_keeps_spans(tmp_path):
    doc = timeml.read_timeml(_doc(tmp_path))
    assert doc["dct"] == dt.date(2017, 12, 4)
    assert [(t["text"], t["type"], t["value"]) for t in doc["timexes"]] == [
        ("yesterday", "DATE", "2017-12-03"), ("two weeks", "DURATION", "P2W"),
        ("2011", "DATE", "2011"), ("now", "DATE", "PRESENT_REF")]
    for t in doc["timexes"]:
        assert doc["text"][t["start"]:t["end"]] == t["text"]
    assert "<" not in doc["text"] and "attacked the town yesterday" in doc["text"]


def test_mapping_drops_signals_and_splits_year_ranges():
    text = "Talks since 2011 and fighting from 2004 to 2006 over the past two weeks."
    found = timeml.to_timeml({"start": 6, "end": 16, "form": "year", "precision": "range",
                              "value": "2011-01-01/2017-12-04", "date_start": dt.date(2011, 1, 1),
                              "date_end": dt.date(2017, 12, 4)}, text)
    assert [(f["text"], f["type"], f["value"]) for f in found] == [("2011", "DATE", "2011")]
    s = text.index("from")
    found = timeml.to_timeml({"start": s, "end": s + 17, "form": "year_range", "precision": "range",
                              "value": None, "date_start": None, "date_end": None}, text)
    assert [(f["text"], f["value"]) for f in found] == [("2004", "2004"), ("2006", "2006")]
    s = text.index("over")
    found = timeml.to_timeml({"start": s, "end": len(text) - 1, "form": "past_n", "precision": "range",
                              "value": None, "date_start": None, "date_end": None}, text)
    assert [(f["text"], f["type"], f["value"]) for f in found] == [
        ("the past two weeks", "DURATION", "P2W")]


def test_unresolved_counts_before_an_event_are_durations():
    text = "Twenty years after the war, and a year earlier too."
    found = timeml.to_timeml({"start": 0, "end": 18, "form": "anaphoric", "precision": "unknown",
                              "value": None, "date_start": None, "date_end": None}, text)
    assert [(f["text"], f["type"], f["value"]) for f in found] == [("Twenty years", "DURATION", "P20Y")]
    s = text.index("a year")
    found = timeml.to_timeml({"start": s, "end": s + 14, "form": "anaphoric", "precision": "unknown",
                              "value": None, "date_start": None, "date_end": None}, text)
    assert [(f["text"], f["type"], f["value"]) for f in found] == [("a year earlier", "DATE", None)]


def test_scores_count_each_error_class(tmp_path):
    doc = timeml.read_timeml(_doc(tmp_path))
    doc.update(path="a.tml", half="tune")
    text = doc["text"]
    at = lambda s, typ, v: {"start": text.index(s), "end": text.index(s) + len(s), "text": s,  # noqa: E731
                            "type": typ, "value": v}
    pred = [at("yesterday", "DATE", "2017-12-03"),        # right
            at("Talks since 2011", "DATE", "2012"),        # span (relaxed only) and value wrong
            at("the army", "DATE", "2017")]                # spurious
    res = timeml.score([doc], {"a.tml": pred})["tune"]["types"]["DATE"]
    assert (res["gold"], res["predicted"], res["relaxed_matches"], res["strict_matches"]) == (3, 3, 2, 1)
    assert res["errors"] == {"missed": 1, "spurious": 1, "span": 1, "value": 1}
    assert res["value_accuracy"] == 0.5
    assert abs(res["relaxed_f1"] - 2 / 3) < 1e-9


def test_halves_alternate_and_bad_files_are_rejects(tmp_path):
    for name in ("a.tml", "b.tml", "c.tml"):
        _doc(tmp_path, name)
    _doc(tmp_path, "d.tml", "<TimeML><TEXT>unclosed")
    docs, rejects = timeml.read_folder(tmp_path)
    assert [(d["path"], d["half"]) for d in docs] == [("a.tml", "tune"), ("b.tml", "heldout"),
                                                     ("c.tml", "tune")]
    assert len(rejects) == 1 and "d.tml" in rejects[0]["reason"]


def test_eval_dates_timeml_command(tmp_path, capsys):
    _doc(tmp_path, "a.tml")
    out = tmp_path / "out"
    assert main(["eval", "dates", "--timeml", str(tmp_path), "--out", str(out), "--no-peers"]) == 0
    result = json.loads((out / "dates_timeml.json").read_text())
    date = result["results"]["all"]["types"]["DATE"]
    assert date["gold"] == 3 and date["relaxed_matches"] >= 2
    assert "DATE" in capsys.readouterr().out
    assert main(["eval", "dates", "--timeml", str(tmp_path / "nowhere"), "--out", str(out)]) == 2


def test_te3_train_is_read_whole():
    folder = shared_path("dev", "dates", "te3_train")
    docs, rejects = timeml.read_folder(folder)
    assert len(docs) == 256 and not rejects
    assert sum(t["type"] == "DATE" for d in docs for t in d["timexes"]) > 1400
    assert all(d["dct"] is not None for d in docs)


def test_peer_is_skipped_with_its_reason(tmp_path, monkeypatch, capsys):
    from pipeline.evaluation import heideltime

    monkeypatch.setattr(heideltime, "unavailable_reason", lambda: "no Java runtime on PATH")
    _doc(tmp_path, "a.tml")
    out = tmp_path / "out"
    assert main(["eval", "dates", "--timeml", str(tmp_path), "--out", str(out)]) == 0
    result = json.loads((out / "dates_timeml.json").read_text())
    assert result["peers"]["heideltime"] == {"skipped": "no Java runtime on PATH"}
    assert "heideltime: skipped, no Java runtime on PATH" in capsys.readouterr().out


def test_heideltime_output_is_read_back_onto_the_input_offsets():
    from pipeline.evaluation.heideltime import parse_output

    text = 'Rebels struck on Tuesday & fled.\n\nNow "it" is <calm>.'
    tml = ('<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\nRebels struck on '
           '<TIMEX3 tid="t1" type="DATE" value="2017-04-04">Tuesday</TIMEX3> & fled.\n\n'
           '<TIMEX3 tid="t2" type="DATE" value="PRESENT_REF">Now</TIMEX3> "it" is <calm>.\n</TimeML>\n')
    found = parse_output(tml, text)
    assert [(text[t["start"]:t["end"]], t["type"], t["value"]) for t in found] == [
        ("Tuesday", "DATE", "2017-04-04"), ("Now", "DATE", "PRESENT_REF")]
