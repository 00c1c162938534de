"""Article context on short Syrian reports: whole names, containers, groups and people, landmarks."""
from __future__ import annotations

from pipeline.geo import geoparse, geoparse_spans


def _rows(text, g):
    return {r["surface"]: r for r in geoparse(text, g)}


def test_a_name_joined_by_an_article_is_one_toponym_never_one_of_its_words(builtin_gazetteer):
    text = "Artillery hit the town of Maarat al-Numan in southern Idlib countryside overnight."
    rows = _rows(text, builtin_gazetteer)
    assert "Maarat" not in rows and "Numan" not in rows
    town = rows["Maarat al-Numan"]
    assert town["country_code"] == "SY" and town["admin1"] == "Idlib" and "in Idlib" in town["reason"]


def test_armed_groups_and_people_with_articles_are_not_places(builtin_gazetteer):
    text = ("Fighters of Hayat Tahrir al-Sham raided a post near Saraqib, and President Bashar "
            "al-Assad thanked Damascus's ally Russia.")
    rows = _rows(text, builtin_gazetteer)
    assert not {"Sham", "Assad", "Tahrir", "Hayat", "Bashar"} & set(rows)
    assert rows["Damascus"]["country_code"] == "SY"  # the possessive's 's is not in the span
    assert rows["Russia"]["country_code"] == "RU" and rows["Saraqib"]["country_code"] == "SY"


def test_names_without_their_arabic_article_and_stated_containers(builtin_gazetteer):
    text = "Clashes hit Ghuwayran neighbourhood of Hasakah city while Kurdish units held Qamishli."
    rows = _rows(text, builtin_gazetteer)
    assert rows["Hasakah"]["country_code"] == "SY" and rows["Hasakah"]["feature_code"].startswith("PPL")
    assert rows["Qamishli"]["country_code"] == "SY" and rows["Qamishli"]["feature_code"].startswith("PPL")


def test_a_natural_feature_word_keeps_only_natural_candidates(builtin_gazetteer):
    text = "Jets struck a village in the al-Ghab plain west of Hama, then Jisr al-Shughour."
    rows = _rows(text, builtin_gazetteer)
    assert "Ghab" not in rows or rows["Ghab"]["feature_code"] not in ("PPL", "PPLX")
    assert rows["Hama"]["country_code"] == "SY"
    # a valley that names a division stays that division
    rows = _rows("Airstrikes hit the Bekaa Valley and the Swat Valley.", builtin_gazetteer)
    assert (rows["Bekaa"]["country_code"], rows["Swat"]["country_code"]) == ("LB", "PK")


def test_landmarks_are_not_towns_named_by_one_of_their_words(builtin_gazetteer):
    text = "Crowds met at the Umayyad Mosque in Damascus and near the Citadel of Aleppo."
    rows = _rows(text, builtin_gazetteer)
    assert "Citadel" not in rows and rows["Aleppo"]["country_code"] == "SY"
    # a given landmark span lies where the text's places are, and says so
    text = "Pilgrims prayed at Saint Markus Basilica in Houston, Texas, on Sunday."
    start = text.index("Saint")
    spans = [(start, start + len("Saint Markus Basilica")), (text.index("Houston"), text.index("Houston") + 7)]
    basilica = geoparse_spans(text, spans, builtin_gazetteer)[0]
    assert basilica["name"] == "Houston" and basilica["geo_precision"] == 2
    assert "not in the gazetteer: placed at Houston" in basilica["reason"]
    # with no place stated after it, the landmark falls back to the text's division, and says so
    text = "Pilgrims prayed at Saint Markus Basilica. Later they drove to Dallas and Houston, Texas."
    spans = [(text.index("Saint"), text.index("Saint") + 21),
             *[(text.index(n), text.index(n) + len(n)) for n in ("Dallas", "Houston", "Texas")]]
    basilica = geoparse_spans(text, spans, builtin_gazetteer)[0]
    assert basilica["admin1"] == "Texas" and basilica["geo_precision"] == 4
    assert "somewhere in Texas" in basilica["reason"]
