"""The vocabulary loader: a bad edit names the file, the key and the line; taxonomy flags drive code."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from pipeline.events import vocab
from pipeline.vocabulary import VocabularyError, read_yaml
from tests.conftest import ROOT

SCHEMA = {"meeting": {"acled": [str], "violent?": bool}, "limits": {int: float}, "words": {str: [str]}}
GOOD = "meeting: {acled: [A, B]}\nlimits: {1: 5, 2: 2.5}\nwords:\n  a: [x, y]\n"


def _error(tmp_path, text: str, schema=SCHEMA) -> VocabularyError:
    path = tmp_path / "v.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError) as info:
        read_yaml(path, schema)
    return info.value


def test_a_good_file_reads_as_yaml(tmp_path):
    (tmp_path / "v.yaml").write_text(GOOD, encoding="utf-8")
    assert read_yaml(tmp_path / "v.yaml", SCHEMA) == {
        "meeting": {"acled": ["A", "B"]}, "limits": {1: 5, 2: 2.5}, "words": {"a": ["x", "y"]}}


@pytest.mark.parametrize("text, key, line, problem", [
    (GOOD.replace("{acled:", "{violnet: true, acled:"), "meeting.violnet", 1, "unknown key"),
    (GOOD.replace("a: [x, y]", "a: [x, y]\n  b: z"), "words.b", 5, "expected a list of a string"),
    (GOOD.replace("{acled: [A, B]}", "{acled: [A, B], violent: yes please}"), "meeting.violent", 1,
     "expected true or false"),
    (GOOD.replace("{1: 5,", "{one: 5,"), "limits.one", 2, "expected an integer as key"),
    (GOOD.replace("{acled: [A, B]}", "{}"), "meeting", 1, "missing key 'acled'"),
    (GOOD + "words: {}\n", "words", 5, "key given twice"),
    (GOOD.replace("a: [x, y]", "a: [x, y"), "", 5, "not valid YAML"),
])
def test_a_bad_edit_names_file_key_and_line(tmp_path, text, key, line, problem):
    error = _error(tmp_path, text)
    assert (error.key, error.line) == (key, line)
    assert problem in error.problem and str(tmp_path / "v.yaml") in str(error)
    assert f"line {line}" in str(error)


def test_the_shipped_vocabularies_fit_their_schemas():
    for name in vocab.SCHEMAS:
        assert vocab.load(name)


def test_an_edited_vocabulary_folder_is_checked_too(tmp_path, monkeypatch):
    shutil.copy(vocab.HERE / "taxonomy.yaml", tmp_path / "taxonomy.yaml")
    text = (tmp_path / "taxonomy.yaml").read_text(encoding="utf-8")
    (tmp_path / "taxonomy.yaml").write_text(text.replace("plover: CONSULT", "plovr: CONSULT"), "utf-8")
    monkeypatch.setenv("CONFLICT_EVENTS_VOCAB", str(tmp_path))
    vocab.load.cache_clear()
    try:
        with pytest.raises(VocabularyError, match=r"taxonomy\.yaml, line \d+: meeting\.plovr: unknown key"):
            vocab.load("taxonomy")
    finally:
        monkeypatch.delenv("CONFLICT_EVENTS_VOCAB")
        vocab.load.cache_clear()


_FATALITIES = ("import json, datetime as dt; from pipeline.events import extract_mentions; "
               "from pipeline.text import split_sentences; "
               "t = 'Russian and Turkish officials met in Sochi on Monday, and 12 people were killed.'; "
               "ms = extract_mentions({'article_id': 'a', 'text': t, 'published': dt.date(2020, 1, 8)}, "
               "split_sentences(t), []); "
               "print(json.dumps({m['event_type']: m['fatalities_best'] for m in ms}))")


def _fatalities_by_type(vocab_dir=None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "CONFLICT_EVENTS_VOCAB"}
    if vocab_dir:
        env["CONFLICT_EVENTS_VOCAB"] = str(vocab_dir)
    out = subprocess.run([sys.executable, "-c", _FATALITIES], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def test_violent_flag_of_the_taxonomy_decides_whose_death_toll_is_kept(tmp_path):
    """One edit in taxonomy.yaml (violent: true on meeting) and meetings carry fatalities."""
    before = _fatalities_by_type()
    assert before.get("meeting", "absent") is None  # a meeting is found, without a toll
    text = (vocab.HERE / "taxonomy.yaml").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("meeting:"))
    (tmp_path / "taxonomy.yaml").write_text(text.replace(line, line[:-1] + ", violent: true}"), "utf-8")
    assert _fatalities_by_type(tmp_path)["meeting"] == 12


def _fails_on_edited_taxonomy(tmp_path, monkeypatch, old, new, reader, message):
    """reader() raises ValueError matching `message` once taxonomy.yaml has `old` replaced by
    `new` (in a CONFLICT_EVENTS_VOCAB folder); the shipped file is read again afterwards."""
    text = (vocab.HERE / "taxonomy.yaml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "taxonomy.yaml").write_text(text.replace(old, new), "utf-8")
    monkeypatch.setenv("CONFLICT_EVENTS_VOCAB", str(tmp_path))
    vocab.load.cache_clear()
    reader.cache_clear()
    try:
        with pytest.raises(ValueError, match=message):
            reader()
    finally:
        monkeypatch.delenv("CONFLICT_EVENTS_VOCAB")
        vocab.load.cache_clear()
        reader.cache_clear()


def test_people_of_the_taxonomy_must_name_victims_or_a_generic_actor(tmp_path, monkeypatch):
    from pipeline.events import taxonomy

    _fails_on_edited_taxonomy(tmp_path, monkeypatch, "people: Protesters", "people: Marchers",
                              taxonomy.people_roles, r"taxonomy\.yaml: peaceful_protest: people: 'Marchers'")
    roles = taxonomy.people_roles()
    assert roles["arrest"] == taxonomy.VICTIMS and roles["air_strike"] == taxonomy.VICTIMS
    assert roles["peaceful_protest"] == ("Protesters", "protesters")
    assert roles["mob_violence"] == ("Rioters", "rioters") and "meeting" not in roles


def test_unnamed_actor1_of_the_taxonomy_must_be_a_generic_actor(tmp_path, monkeypatch):
    from pipeline.events import taxonomy

    _fails_on_edited_taxonomy(tmp_path, monkeypatch, "unnamed_actor1: Police Forces", "unnamed_actor1: Cops",
                              taxonomy.unnamed_actor1,
                              r"taxonomy\.yaml: arrest: unnamed_actor1: 'Cops' is not a generic")
    assert taxonomy.unnamed_actor1()["arrest"] == ("Police Forces", "state_forces")
    assert "meeting" not in taxonomy.unnamed_actor1()
