"""The `timex` command and `eval dates`."""
from __future__ import annotations

import json

from pipeline.cli import main


def test_timex_command(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Rebels struck yesterday and on 1 December.",
                               "published": "2017-12-04"}) + "\n"
                   + json.dumps({"id": "b", "text": "Rebels struck yesterday."}) + "\n")
    out = tmp_path / "out.jsonl"
    assert main(["timex", str(src), "--out", str(out)]) == 0
    a, b = [json.loads(line) for line in out.read_text().splitlines()]
    assert a == {"id": "a", "timexes": [
        {"start": 14, "end": 23, "text": "yesterday", "value": "2017-12-03", "precision": "day"},
        {"start": 31, "end": 41, "text": "1 December", "value": "2017-12-01", "precision": "day"}]}
    assert b["timexes"][0]["value"] is None


def test_eval_dates_meets_the_accuracy_target(tmp_path, capsys):
    assert main(["eval", "dates", "--corpus", "", "--out", str(tmp_path)]) == 0
    result = json.loads((tmp_path / "dates.json").read_text())
    assert result["splits"]["all"]["expressions"] >= 150
    for split in ("tune", "report"):
        assert result["splits"][split]["exact_accuracy"] >= 0.95
    assert "exact" in capsys.readouterr().out
