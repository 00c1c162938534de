"""The console script: documented subcommands and the extract command."""
import subprocess
import sys

import pandas as pd

from pipeline.cli import main
from tests.conftest import ROOT


def test_help_lists_every_subcommand():
    out = subprocess.run([sys.executable, "-m", "pipeline.cli", "--help"],
                         capture_output=True, text=True, check=True).stdout
    for command in ("extract", "report", "eval"):
        assert command in out


def test_extract_writes_tables(tmp_path, capsys):
    assert main(["extract", str(ROOT / "data" / "raw"), "--out", str(tmp_path)]) == 0
    assert "articles" in capsys.readouterr().out
    assert len(pd.read_parquet(tmp_path / "articles.parquet")) == 6


def test_extract_refuses_missing_input(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope"), "--out", str(tmp_path)]) == 2
    assert "no such file" in capsys.readouterr().err
