"""Feeds and pages fetched from a local HTTP server on 127.0.0.1 (allow-listed in the test
config), stored in the raw store and read back by the ingest stage. No test touches the internet."""
from __future__ import annotations

import datetime as dt
import io
import ipaddress
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import ingest
from pipeline.ingest.feeds import (ConfigError, fetch_feeds, load_config, parse_config, parse_feed,
                                   store_root, summarise_day)
from pipeline.ingest.fetch import Fetcher, Policy, Refused, address_problem
from pipeline.ingest.readers import scan_inputs
from pipeline.tables import SCHEMAS, to_table
from tests.pipeline.ingest.feed_server import (BILLION_LAUGHS, PARAGRAPH, XXE, Site, gzip_bomb,
                                               no_length, page, rss, slow)

DAY = dt.date(2024, 3, 5)
NOW = dt.datetime(2024, 3, 5, 12, tzinfo=dt.timezone.utc)
TEST_LIMITS = {"connect_timeout": 1, "read_timeout": 0.4, "total_timeout": 3, "max_bytes": 100_000,
               "max_decompressed_bytes": 1_000_000, "retries": 1, "backoff_seconds": 0}


def _text(n: int) -> str:
    return "\n\n".join(f"{PARAGRAPH} Report {n}, part {i}." for i in range(3))


def build_site() -> Site:
    site = Site()
    html = {"Content-Type": "text/html; charset=utf-8"}
    site.routes.update({
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/news/1": (200, html, page("Convoy stopped at checkpoint", _text(1))),
        "/news/2": (200, html, page("Road closed near the town", _text(2), date="2024-03-01")),
        "/news/slow": slow(1.5),
        "/news/500": (500, {"Content-Type": "text/plain"}, b"server error"),
        "/loop/a": (302, {"Location": "/loop/b"}, b""),
        "/loop/b": (301, {"Location": "/loop/a"}, b""),
        "/news/big": no_length(b"<html><body>" + b"<p>words words words</p>" * 10_000 + b"</body></html>"),
        "/news/gzip": gzip_bomb(5_000_000),
        "/go/private": (302, {"Location": "http://10.1.2.3/article"}, b""),
        "/private/secret": (200, html, page("Secret", _text(9))),
        "/bomb.xml": (200, {"Content-Type": "application/rss+xml"}, BILLION_LAUGHS),
        "/xxe.xml": (200, {"Content-Type": "application/rss+xml"}, XXE),
    })
    site.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, rss([
        {"title": "Convoy stopped at checkpoint", "link": f"{site.base}/news/1", "guid": "n1",
         "pubDate": "Mon, 04 Mar 2024 08:00:00 GMT"},
        {"title": "Road closed near the town", "link": f"{site.base}/news/2", "guid": "n2"},
        *({"title": f"Bad {path}", "link": f"{site.base}{path}", "guid": path} for path in (
            "/news/slow", "/news/500", "/loop/a", "/news/big", "/news/gzip", "/go/private",
            "/private/secret")),
    ]))
    site.routes["/summary.xml"] = (200, {"Content-Type": "application/rss+xml"}, rss([
        {"title": "Shelling reported overnight", "link": f"{site.base}/s/1", "guid": "s1",
         "pubDate": "Sun, 03 Mar 2024 21:00:00 GMT",
         "description": "&lt;p&gt;Shelling was reported overnight in the eastern districts.&lt;/p&gt;"},
    ]))
    return site


def config_for(site: Site, feeds: list, allow=("127.0.0.1/32",)):
    return parse_config({"defaults": {"rate_limit_seconds": 0}, "limits": TEST_LIMITS,
                         "allow": {"networks": list(allow)}, "feeds": feeds})


def all_feeds(site: Site) -> list:
    return [{"url": f"{site.base}/feed.xml", "language": "en", "publisher": "Local News"},
            {"url": f"{site.base}/bomb.xml"}, {"url": f"{site.base}/xxe.xml"},
            {"url": f"{site.base}/summary.xml", "fetch_pages": False, "publisher": "Wire"}]


def fetcher_for(config, sleeps=None) -> Fetcher:
    return Fetcher(config.policy, sleep=(sleeps.append if sleeps is not None else (lambda s: None)),
                   now=lambda: NOW)


def tables(raw) -> tuple[bytes, bytes, list, list]:
    """raw_articles and rejects of the raw folder, as Parquet bytes and as rows."""
    records, rejects = ingest.read_raw([raw])
    out = []
    for rows, name in ((records, "raw_articles"), (rejects, "rejects")):
        sink = io.BytesIO()
        pq.write_table(to_table(rows, SCHEMAS[name]), sink)
        out.append(sink.getvalue())
    return out[0], out[1], records, rejects


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    with build_site() as site:
        config = config_for(site, all_feeds(site))
        summary = fetch_feeds(config, raw, DAY, fetcher_for(config))
        yield site, raw, summary, tables(raw)


def test_good_items_are_fetched_and_extracted(first_run):
    site, raw, summary, (_, _, records, _) = first_run
    by_url = {r["url"]: r for r in records}
    assert set(by_url) == {f"{site.base}/news/1", f"{site.base}/news/2", f"{site.base}/s/1"}
    one, two, wire = by_url[f"{site.base}/news/1"], by_url[f"{site.base}/news/2"], by_url[f"{site.base}/s/1"]
    assert "Report 1, part 2" in one["text"] and "Report 2, part 0" in two["text"]
    assert "Copyright" not in one["text"] and "Home" not in one["text"]
    assert one["title"] == "Convoy stopped at checkpoint" and one["publisher"] == "Local News"
    assert one["language"] == "en" and one["format"] == "page"
    # Publication date: the feed entry first, then the page's metadata.
    assert (one["published"][:10], one["published_source"]) == ("2024-03-04", "feed")
    assert (two["published"][:10], two["published_source"]) == ("2024-03-01", "page")
    assert wire["format"] == "feed" and wire["text"] == "Shelling was reported overnight in the eastern districts."
    assert json.loads(one["extra"])["feed"] == f"{site.base}/feed.xml"
    # Articles come from the stored pages once: the store holds bodies and sidecars beside them.
    articles, _ = ingest.clean_articles(records, NOW)
    assert len(articles) == 3 and {a["published_source"] for a in articles} == {"feed", "page"}
    assert summary.new == 3 and summary.fetched == 4  # two pages + the two feeds that parsed
    assert not site.requested("/private/secret"), "robots.txt disallows it"


REFUSED = {  # URL path -> (reason_code, words of the reason)
    "/news/slow": ("timeout", "timed out"),
    "/news/500": ("http_error", "HTTP 500 (after 2 attempts)"),
    "/loop/a": ("redirect_loop", "redirect loop"),
    "/news/big": ("too_large", "response too large"),
    "/news/gzip": ("decompression_bomb", "decompresses to more than"),
    "/go/private": ("private_address", "10.1.2.3, a private address"),
    "/private/secret": ("robots_disallowed", "robots.txt"),
    "/bomb.xml": ("xml_entities", "billion-laughs"),
    "/xxe.xml": ("xml_external_entity", "file:///etc/passwd"),
}


def test_each_bad_answer_is_a_reject_with_its_reason(first_run):
    site, _, summary, (_, _, _, rejects) = first_run
    by_url = {r["source_path"]: r for r in rejects}
    assert set(by_url) == {site.base + path for path in REFUSED}
    for path, (code, words) in REFUSED.items():
        row = by_url[site.base + path]
        assert row["stage"] == "fetch" and row["reason_code"] == code, (path, row)
        assert words in row["reason"], (path, row["reason"])
        assert row["rejected_at"] == NOW and row["record"].startswith("2024-03-05/")
    assert summary.rejected == len(REFUSED)
    assert site.requested("/news/500") == 2  # one retry, then given up


def test_store_is_replayable_offline_byte_for_byte(tmp_path):
    site = build_site()
    with site:
        config = config_for(site, all_feeds(site)[:1] + all_feeds(site)[3:])
        live = fetch_feeds(config, tmp_path, DAY, fetcher_for(config))
        first = tables(tmp_path)
    # The server is gone: the ingest stage reads the stored day alone.
    assert live.new == 3 and len(first[2]) == 3 and len(first[3]) == 7
    again = tables(tmp_path)
    assert again[0] == first[0] and again[1] == first[1]
    articles = [ingest.clean_articles(t[2], NOW)[0] for t in (first, again)]
    assert to_table(articles[0], SCHEMAS["articles"]).equals(to_table(articles[1], SCHEMAS["articles"]))
    # The day's counts read back from the store are the live run's.
    assert summarise_day(tmp_path, DAY) == {k: getattr(live, k) for k in ("fetched", "not_modified", "new",
                                                                          "rejected")}


def test_second_run_fetches_nothing_new(tmp_path):
    with build_site() as site:
        feeds = [all_feeds(site)[0], all_feeds(site)[3]]
        config = config_for(site, feeds)
        fetch_feeds(config, tmp_path, DAY, fetcher_for(config))
        kept = ("/news/1", "/news/2", "/news/big", "/news/gzip", "/go/private")
        before = {p: site.requested(p) for p in (*kept, "/news/500")}
        second = fetch_feeds(config, tmp_path, DAY, fetcher_for(config))
        assert second.not_modified == 1 and second.new == 0 and second.unchanged == 1
        feed_requests = [h for p, h in site.log if p == "/feed.xml"]
        assert feed_requests[-1].get("If-None-Match") == '"v1"'
        assert {p: site.requested(p) for p in kept} == {p: before[p] for p in kept}
        # Only the pages that failed for a transient reason (timeout, 5xx) are tried again.
        assert site.requested("/news/500") == before["/news/500"] + 2 and second.rejected == 2
        # A changed entry is fetched again, and only that one.
        status, headers, body = site.routes["/feed.xml"]
        site.routes["/feed.xml"] = (status, {**headers, "ETag": '"v2"'},
                                    body.replace(b"Convoy stopped at checkpoint", b"Convoy stopped, then let through"))
        third = fetch_feeds(config, tmp_path, DAY, fetcher_for(config))
        assert third.new == 1 and site.requested("/news/1") == 2 and site.requested("/news/2") == 1
        # The third run is the last that tries the failing pages (MAX_PAGE_RUNS); then they rest.
        assert site.requested("/news/500") == before["/news/500"] + 4
        fourth = fetch_feeds(config, tmp_path, DAY, fetcher_for(config))
        assert (fourth.new, fourth.not_modified, fourth.rejected) == (0, 1, 0)
        assert site.requested("/news/500") == before["/news/500"] + 4
    records, _ = ingest.read_raw([tmp_path])
    assert sorted(r["title"] for r in records if r["url"].endswith("/news/1")) == [
        "Convoy stopped at checkpoint", "Convoy stopped, then let through"]


def test_feed_host_resolving_to_loopback_is_refused_unless_allow_listed(tmp_path):
    with build_site() as site:
        url = f"http://news.example.test:{site.port}/summary.xml"
        names = {"news.example.test": ["127.0.0.1"]}

        def resolve(host, port):
            if host not in names:
                raise OSError("unknown host")
            return names[host]

        for allow, expect_new in (((), 0), (("127.0.0.1/32",), 1)):
            config = config_for(site, [{"url": url, "fetch_pages": False}], allow=allow)
            summary = fetch_feeds(config, tmp_path / str(len(allow)), DAY,
                                  Fetcher(config.policy, resolve=resolve, now=lambda: NOW))
            assert summary.new == expect_new
        assert site.requested("/summary.xml") == 1  # only when allow-listed
    _, rejects = ingest.read_raw([tmp_path / "0"])
    assert [r["reason_code"] for r in rejects] == ["private_address"]
    assert "news.example.test resolves to 127.0.0.1, a loopback address" in rejects[0]["reason"]


def test_redirect_to_private_or_metadata_address_is_refused_before_connecting():
    with build_site() as site:
        site.routes["/go/metadata"] = (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b"")
        site.routes["/go/mapped"] = (302, {"Location": "http://[::ffff:192.168.0.7]/"}, b"")
        fetcher = fetcher_for(config_for(site, []))
        for path, words in (("/go/private", "a private address"), ("/go/metadata", "a cloud metadata address"),
                            ("/go/mapped", "a private address")):
            with pytest.raises(Refused) as caught:
                fetcher.get(site.base + path)
            assert caught.value.code == "private_address" and words in caught.value.reason
            assert caught.value.hops == [{"url": site.base + path, "status": 302}]


def test_address_classes():
    cases = {"127.0.0.1": "loopback", "10.0.0.1": "private", "172.16.5.4": "private", "192.168.1.1": "private",
             "169.254.1.1": "link-local", "169.254.169.254": "metadata", "224.0.0.1": "multicast",
             "240.0.0.1": "reserved", "0.0.0.0": "unspecified", "100.64.0.1": "not a public",
             "::1": "loopback", "fe80::1": "link-local", "fc00::1": "private", "::ffff:10.0.0.1": "private"}
    for text, word in cases.items():
        assert word in (address_problem(ipaddress.ip_address(text)) or ""), text
    assert address_problem(ipaddress.ip_address("93.184.216.34")) is None
    assert address_problem(ipaddress.ip_address("2606:4700::1111")) is None


def test_only_http_and_https():
    fetcher = Fetcher(Policy())
    for url in ("file:///etc/passwd", "ftp://example.org/feed", "gopher://example.org/", "/relative"):
        with pytest.raises(Refused) as caught:
            fetcher.get(url)
        assert caught.value.code == "bad_scheme"
    assert fetcher.requests == 0


def test_retries_back_off_and_host_rate_limit_waits():
    with build_site() as site:
        policy = config_for(site, []).policy
        policy.retries, policy.backoff_seconds, policy.rate_limit_seconds = 2, 1.5, 7.0
        sleeps: list[float] = []
        fetcher = Fetcher(policy, sleep=sleeps.append, clock=lambda: 100.0)
        with pytest.raises(Refused) as caught:
            fetcher.get(site.base + "/news/500")
        assert "after 3 attempts" in caught.value.reason and site.requested("/news/500") == 3
        # robots.txt, then three tries: each request after the first waits out the host's turn
        # (the clock stands still), and the retries wait 1.5 then 3 seconds first.
        assert sleeps == [7.0, 1.5, 7.0, 3.0, 7.0]


def test_feed_parser_refuses_dtds_and_entities_and_keeps_good_feeds():
    codes = {}
    for name, body in (("bomb", BILLION_LAUGHS), ("xxe", XXE),
                       ("dtd", b'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://x/rss.dtd"><rss version="2.0"/>'),
                       ("broken", b"<rss><channel>"), ("html", b"<html><body>hello</body></html>")):
        with pytest.raises(Refused) as caught:
            parse_feed(body, "http://feeds.example/x")
        codes[name] = caught.value.code
    assert codes == {"bomb": "xml_entities", "xxe": "xml_external_entity", "dtd": "xml_dtd",
                     "broken": "invalid_xml", "html": "not_a_feed"}
    entries = parse_feed(rss([{"title": "A", "link": "/rel/1", "pubDate": "Mon, 04 Mar 2024 08:00:00 GMT"}]),
                         "http://feeds.example/x")
    assert entries[0]["link"] == "http://feeds.example/rel/1" and entries[0]["published"].startswith("2024-03-04")


def test_the_file_readers_see_the_store_only_through_its_sidecars(first_run):
    _, raw, _, _ = first_run
    files, problems = scan_inputs([raw])
    assert problems == []
    assert files and all(p.suffix == ".json" and p.parent.parent == store_root(raw) for p, _ in files)
    assert any(store_root(raw).glob("*/*.body"))


def test_config_is_empty_by_default_and_bad_keys_are_named(tmp_path, monkeypatch):
    monkeypatch.delenv("CONFLICT_EVENTS_FEEDS", raising=False)
    config = load_config()
    assert config.feeds == [] and config.schedule == "daily" and config.policy.allow_networks == ()
    assert fetch_feeds(config, tmp_path, DAY).requests == 0 and not any(tmp_path.iterdir())
    for bad, words in (({"feeds": [{"link": "x"}]}, "needs a 'url'"), ({"limits": {"max_bytes": -1}}, "max_bytes"),
                       ({"allow": {"networks": ["not a net"]}}, "networks"), ({"feed": []}, "unknown keys")):
        with pytest.raises(ConfigError, match=words):
            parse_config(bad)
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "missing.yaml")


def test_rejects_table_keeps_fetch_rows_typed(first_run):
    _, _, _, (_, rejects_bytes, _, _) = first_run
    table = pq.read_table(io.BytesIO(rejects_bytes))
    assert table.schema.equals(SCHEMAS["rejects"]) and table.num_rows == len(REFUSED)
    assert pa.compute.all(pa.compute.equal(table["stage"], "fetch")).as_py()


def test_command_line_fetches_and_shows_a_day(tmp_path, capsys):
    import yaml

    from pipeline.cli import main

    with build_site() as site:
        config = tmp_path / "feeds.yaml"
        config.write_text(yaml.safe_dump({"defaults": {"rate_limit_seconds": 0}, "limits": TEST_LIMITS,
                                          "allow": {"networks": ["127.0.0.1/32"]},
                                          "feeds": all_feeds(site)[3:]}), "utf-8")
        assert main(["feeds", "fetch", "--raw", str(tmp_path / "raw"), "--config", str(config)]) == 0
    fetched = json.loads(capsys.readouterr().out)
    assert (fetched["new"], fetched["rejected"]) == (1, 0)
    day = next((tmp_path / "raw" / "feeds").glob("20*")).name
    assert main(["feeds", "show", day, "--raw", str(tmp_path / "raw")]) == 0
    assert json.loads(capsys.readouterr().out) == {"fetched": 1, "new": 1, "not_modified": 0, "rejected": 0}


def test_unreachable_robots_txt_blocks_the_host_for_now_and_a_missing_one_does_not():
    with build_site() as site:
        site.routes["/robots.txt"] = (503, {}, b"busy")
        with pytest.raises(Refused) as caught:
            fetcher_for(config_for(site, [])).get(site.base + "/news/1")
        assert caught.value.code == "robots_unreachable" and caught.value.transient
        assert site.requested("/news/1") == 0
        del site.routes["/robots.txt"]  # 404: no rules, everything may be fetched
        assert fetcher_for(config_for(site, [])).get(site.base + "/private/secret").status == 200


def test_last_modified_gives_a_conditional_request_too(tmp_path):
    with build_site() as site:
        status, headers, body = site.routes["/summary.xml"]
        stamp = "Mon, 04 Mar 2024 09:00:00 GMT"
        site.routes["/summary.xml"] = (status, {**headers, "Last-Modified": stamp}, body)
        config = config_for(site, all_feeds(site)[3:])
        assert fetch_feeds(config, tmp_path, DAY, fetcher_for(config)).new == 1
        second = fetch_feeds(config, tmp_path, DAY, fetcher_for(config))
        assert (second.not_modified, second.new) == (1, 0)
        assert [h.get("If-Modified-Since") for p, h in site.log if p == "/summary.xml"] == [None, stamp]


def test_redirects_are_followed_up_to_the_limit():
    with build_site() as site:
        for i in range(8):
            site.routes[f"/hop/{i}"] = (301, {"Location": f"/hop/{i + 1}"}, b"")
        site.routes["/hop/8"] = site.routes["/news/1"]
        policy = config_for(site, []).policy
        fetcher = fetcher_for(config_for(site, []))
        with pytest.raises(Refused) as caught:
            fetcher.get(site.base + "/hop/0")
        assert caught.value.code == "too_many_redirects" and len(caught.value.hops) == policy.max_redirects + 1
        resp = fetcher.get(site.base + "/hop/4")
        assert resp.status == 200 and resp.final_url == site.base + "/hop/8" and len(resp.hops) == 5


def test_https_goes_to_the_checked_address_and_verifies_the_host_name(tmp_path):
    import shutil
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("openssl not installed: no certificate to serve HTTPS with")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", str(key),
                    "-out", str(cert), "-subj", "/CN=news.example.test",
                    "-addext", "subjectAltName=DNS:news.example.test"], check=True, capture_output=True)
    site = Site(tls=(str(cert), str(key)))
    site.routes["/robots.txt"] = (404, {}, b"")
    site.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, rss([{"title": "A", "link": "/a"}]))
    names = {"news.example.test": ["127.0.0.1"], "other.example.test": ["127.0.0.1"]}
    with site:
        policy = config_for(site, []).policy
        policy.rate_limit_seconds = 0  # hosts of no configured feed get the policy's interval
        trusting = Fetcher(dataclasses_replace(policy, ca_certs=str(cert)), resolve=lambda h, p: names[h])
        resp = trusting.get(f"https://news.example.test:{site.port}/feed.xml")
        assert resp.status == 200 and b"<rss" in resp.body
        # The same server under a name its certificate does not carry, or without the CA: refused,
        # and not retried (a certificate does not get better by asking again).
        untrusting = Fetcher(policy, resolve=lambda h, p: names[h])
        for fetcher, host, words in ((trusting, "other.example.test", "doesn't match"),
                                     (untrusting, "news.example.test", "certificate verify failed")):
            with pytest.raises(Refused) as caught:
                fetcher.get(f"https://{host}:{site.port}/feed.xml")
            assert caught.value.code == "tls_failed" and words in caught.value.reason
            assert "attempts" not in caught.value.reason
    assert [h.get("Host") for p, h in site.log if p == "/feed.xml"] == [f"news.example.test:{site.port}"]


def dataclasses_replace(policy, **changes):
    import dataclasses

    return dataclasses.replace(policy, **changes)


def test_non_ascii_paths_are_percent_encoded():
    with build_site() as site:
        site.routes["/news/%C3%A9t%C3%A9?q=%C3%A9"] = site.routes["/news/1"]
        resp = fetcher_for(config_for(site, [])).get(site.base + "/news/été?q=é")
        assert resp.status == 200 and site.requested("/news/%C3%A9t%C3%A9?q=%C3%A9") == 1


def test_malformed_urls_are_refused_with_a_reason_and_nothing_is_sent():
    asked = []

    def resolve(host, port):
        asked.append(host)
        raise OSError("no such host")

    fetcher = Fetcher(Policy(retries=0), resolve=resolve)
    for url, code in (("http://[::1/feed", "bad_url"), ("http://exa mple.org/feed", "bad_url"),
                      ("http://user:secret@example.org/feed", "bad_url"), ("http://example.org:99999/", "bad_url"),
                      ("http://\x00example.org/", "bad_url"), ("http:///nohost", "bad_url"),
                      ("http://bücher.example/feed", "dns_failed")):
        with pytest.raises(Refused) as caught:
            fetcher.get(url)
        assert caught.value.code == code, (url, caught.value.reason)
    assert asked == ["xn--bcher-kva.example"] and fetcher.requests == 0


def test_publication_date_falls_back_to_the_dateline_when_feed_and_page_have_none(tmp_path):
    with build_site() as site:
        site.routes["/undated.xml"] = (200, {"Content-Type": "application/rss+xml"}, rss([
            {"title": "Clashes in the north", "link": f"{site.base}/u/1", "guid": "u1",
             "description": "Published: 2 March 2024&lt;br&gt;Clashes were reported in the north of the province."}]))
        config = config_for(site, [{"url": f"{site.base}/undated.xml", "fetch_pages": False}])
        fetch_feeds(config, tmp_path, DAY, fetcher_for(config))
    records, _ = ingest.read_raw([tmp_path])
    assert records[0].get("published") is None and records[0].get("published_source") is None
    articles, _ = ingest.clean_articles(records, NOW)
    assert (articles[0]["published"], articles[0]["published_source"]) == (dt.date(2024, 3, 2), "dateline")
