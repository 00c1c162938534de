"""Ingestion: every format, sidecars, boilerplate, sources, content ids, and rejects."""
import json
from pathlib import Path

from pipeline.ingest import clean_articles, read_raw
from pipeline.ingest.sources import find_cited_sources, find_dateline_source
from tests.conftest import ROOT


def ingest(path):
    raw, rejects = read_raw([path])
    articles, more = clean_articles(raw)
    return articles, rejects + more


def test_seed_article_is_clean_and_attributed(seed_dir):
    articles, rejects = ingest(seed_dir)
    assert rejects == []
    [seed] = articles
    assert seed["title"] == "Russia and Syrian Kurds to conduct joint operations, establish headquarters"
    assert seed["source"] == "SouthFront"
    assert any("ANHA" in s for s in seed["cited_sources"])
    assert str(seed["published"]) == "2017-12-04" and seed["published_source"] == "sidecar"
    assert seed["publisher"] == "The Duran"
    assert seed["text"].endswith("to the Russian Army.")
    for junk in ("Patreon", "do not necessarily", "Notify of", "Inline Feedbacks", "comments",
                 "What do you think", "BRICS", "Pakistan"):
        assert junk not in seed["text"], junk


def test_every_example_format_is_read():
    articles, rejects = ingest(ROOT / "data" / "raw" / "examples")
    assert rejects == []
    by_id = {a["source_id"]: a for a in articles}
    html = by_id["idlib_shelling.html"]
    assert html["title"] == "Shelling kills four in southern Idlib villages"
    assert str(html["published"]) == "2019-05-14" and html["published_source"] == "html"
    assert "Most read" not in html["text"] and "All rights reserved" not in html["text"]
    assert not html["text"].startswith(html["title"])
    wire = by_id["wire-2021-0412-yemen"]
    assert wire["source"] == "Reuters" and json.loads(wire["extra"]) == {"desk": "Middle East"}
    assert by_id["tripoli-ceasefire-2020-10-23"]["language"] == "en"


def test_same_text_twice_is_one_article(tmp_path, seed_dir):
    copy = tmp_path / "copy"
    copy.mkdir()
    text = (seed_dir / "000_c0329c36d16ddf46.txt").read_text("utf-8")
    # Other whitespace, other file name: still the same article.
    (copy / "again.txt").write_text(text.replace("\n\n", "\n\n\n"), "utf-8")
    articles, rejects = ingest(tmp_path)
    assert len(articles) == 1
    assert [r["stage"] for r in rejects] == ["dedup"]
    assert articles[0]["article_id"] == ingest(seed_dir)[0][0]["article_id"]


def test_bad_files_are_rejected_with_reasons(tmp_path):
    (tmp_path / "good.txt").write_text("Title\n\nPolice arrested two men in Kabul on Monday.", "utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.txt").write_bytes("Titre\n\nLa ville d'Alep a \xe9t\xe9 bombard\xe9e.".encode("latin-1"))
    (tmp_path / "broken.json").write_text('{"id": 1, "text": ', "utf-8")
    (tmp_path / "mixed.jsonl").write_text(
        '{"id": "ok", "text": "Protesters gathered in Basra on Friday."}\n'
        'not json\n'
        '{"id": "no-text", "title": "x"}\n', "utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    articles, rejects = ingest(tmp_path)
    assert sorted(a["source_id"] for a in articles) == ["good.txt", "ok"]
    reasons = {(Path(r["source_path"]).name, r["record"]): r["reason"] for r in rejects}
    assert reasons[("empty.txt", None)] == "empty file"
    assert "binary" in reasons[("binary.txt", None)]
    assert "UTF-8" in reasons[("latin1.txt", None)]
    assert "invalid JSON" in reasons[("broken.json", None)]
    assert "invalid JSON" in reasons[("mixed.jsonl", "2")]
    assert "no 'text'" in reasons[("mixed.jsonl", "3")]
    assert "unsupported" in reasons[("report.pdf", None)]


def test_dateline_and_cited_sources():
    assert find_dateline_source("BEIRUT (Reuters) - Syrian troops advanced.") == "Reuters"
    assert find_dateline_source("KABUL, Dec 3 (AFP) — A bomb exploded.") == "AFP"
    assert find_dateline_source("(SouthFront) – On Monday...") == "SouthFront"
    assert find_dateline_source("Troops (mostly conscripts) - tired - advanced.") is None
    text = ("Five died, according to the Syrian Observatory for Human Rights (SOHR). "
            "SANA reported the attack. General Smith said it was over, according to officials.")
    assert find_cited_sources(text) == ["Syrian Observatory for Human Rights (SOHR)", "SANA"]


def test_partial_published_value_is_kept_not_rejected(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        '{"id": "x", "text": "Police arrested two men in Kabul.", "published": "Wed Nov 23"}\n', "utf-8")
    articles, rejects = ingest(tmp_path)
    assert rejects == [] and articles[0]["published"] is None
    assert json.loads(articles[0]["extra"]) == {"published_raw": "Wed Nov 23"}


def test_stopword_count_matches_the_regex_even_with_unicode_case_folding():
    from pipeline.ingest import _EN_STOPWORDS, _count_stopwords
    for sample in ["The war and THE peace, said_ the-end 1the", "ſaid THE İs ıs WİTH with",
                   "thé the naïve and \u212aing Said", ""]:
        assert _count_stopwords(sample) == len(_EN_STOPWORDS.findall(sample))


def test_anchored_boilerplate_patterns_match_only_at_the_line_start():
    from pipeline.ingest.boilerplate import is_boilerplate
    from pipeline.regex_literals import is_anchored as _is_anchored
    assert _is_anchored(r"^advertisement$") and _is_anchored(r"^copyright ©|^© ?\d{4}")
    assert not _is_anchored(r"\bpatreon\b") and not _is_anchored(r"^a|b")
    assert is_boilerplate("  Advertisement ") and not is_boilerplate("The advertisement ran.")
    assert is_boilerplate("Please support us on Patreon today")
