"""HTTP fetching that treats the open web as hostile: one checked hop at a time.

Every hop (the first URL and each redirect) is checked before any byte is sent: only http and
https, the host resolved once and every address it resolves to checked (no private, loopback,
link-local, multicast, reserved or cloud-metadata address unless allow-listed), robots.txt of
its origin honoured, the per-host rate limit waited for. The connection then goes to the very
address that was checked (no second DNS look-up an attacker could answer differently). Bodies
are streamed under a cap on the wire and a cap on decompressed bytes, within a total deadline.
A URL that cannot be fetched raises `Refused` with a reason and a machine-readable code.

urllib3 (already beside dagster through requests) is used directly rather than requests
because the connection must be pinned to the checked address and redirects handled here.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress
import socket
import time
import urllib.robotparser
from typing import Callable
from urllib.parse import quote, urljoin, urlsplit

import urllib3

from pipeline import __version__ as _VERSION

USER_AGENT = f"conflict-events/{_VERSION} (news feed fetcher of the open-source conflict-events pipeline)"
# The product token robots.txt rules are matched against.
ROBOTS_AGENT = "conflict-events"
REDIRECTS = {301, 302, 303, 307, 308}
# Answers worth asking again after a pause; anything else is final.
TRANSIENT_STATUS = {408, 425, 429, 500, 502, 503, 504}
# Addresses that hand out cloud credentials, named so that the reason says so.
METADATA_ADDRESSES = {ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "100.100.100.200", "192.0.0.192", "fd00:ec2::254")}


class Refused(Exception):
    """A URL not fetched (or its answer not used): `reason` for people, `code` for machines,
    `transient` when asking again later may succeed (timeouts, 5xx)."""

    def __init__(self, reason: str, code: str, transient: bool = False, status: int | None = None,
                 hops: list | None = None):
        super().__init__(reason)
        self.reason, self.code, self.transient, self.status = reason, code, transient, status
        self.hops = hops or []
        self.retry_after: float | None = None  # seconds the server asked us to wait (Retry-After)


@dataclasses.dataclass
class Policy:
    """Limits of one fetcher; the defaults are the safe ones (config/feeds.yaml overrides)."""

    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    # A trickling server defeats per-read timeouts: the whole response must arrive within this.
    total_timeout: float = 60.0
    max_bytes: int = 5 * 1024 * 1024           # on the wire
    max_decompressed_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2                            # after the first attempt, for transient failures
    backoff_seconds: float = 2.0                # doubled at each retry
    max_backoff_seconds: float = 60.0           # a Retry-After longer than this is not waited for
    rate_limit_seconds: float = 2.0             # between two requests to one host
    robots: bool = True
    ca_certs: str | None = None                 # a CA bundle instead of the system's (an intranet mirror)
    allow_networks: tuple = ()                  # ip_network objects allowed although not public
    allow_hosts: tuple = ()                     # host names allowed to resolve to such addresses


@dataclasses.dataclass
class Response:
    """One answer: the URL asked, the last hop's URL, status, headers, decoded body."""

    url: str
    final_url: str
    status: int
    headers: dict
    body: bytes
    hops: list
    fetched_at: dt.datetime


def address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address may not be fetched from without an allow-list entry, or None if public."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    for test, name in (("is_loopback", "a loopback address"), ("is_link_local", "a link-local address"),
                       ("is_multicast", "a multicast address"), ("is_unspecified", "the unspecified address"),
                       ("is_reserved", "a reserved address"), ("is_private", "a private address")):
        if getattr(ip, test):
            return name
    if not ip.is_global:
        return "not a public address"
    return None


class Fetcher:
    """GET with every hop checked; state (rate limit clocks, robots rules) lives for one run.

    `resolve(host, port)` returns address strings (socket.getaddrinfo by default; tests give a
    fake name service), `sleep` and `clock` are injectable so that waiting can be observed."""

    def __init__(self, policy: Policy | None = None, resolve: Callable | None = None,
                 sleep: Callable = time.sleep, clock: Callable = time.monotonic,
                 now: Callable | None = None):
        self.policy = policy or Policy()
        self._resolve = resolve or _getaddrinfo
        self._sleep, self._clock = sleep, clock
        self.now = now or (lambda: dt.datetime.now(dt.timezone.utc))
        self._last_request: dict[str, float] = {}
        self._intervals: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._robots_unreachable: dict[str, str] = {}  # origin -> why its robots.txt did not answer
        self.requests = 0  # HTTP requests actually sent (robots.txt included)

    def set_interval(self, host: str, seconds: float) -> None:
        """Wait at least `seconds` between two requests to `host` (the largest asked wins)."""
        host = host.lower()
        self._intervals[host] = max(seconds, self._intervals.get(host, 0.0))

    def get(self, url: str, headers: dict | None = None, max_bytes: int | None = None) -> Response:
        """The answer to GET `url` after redirects, retried with backoff while failures are
        transient; raises Refused. A 304 answer is returned (for conditional requests)."""
        attempt = 0
        while True:
            try:
                return self._follow(url, headers or {}, max_bytes)
            except Refused as exc:
                if not exc.transient or attempt >= self.policy.retries:
                    if attempt:
                        exc.reason += f" (after {attempt + 1} attempts)"
                    raise
                wait = min(self.policy.backoff_seconds * 2 ** attempt, self.policy.max_backoff_seconds)
                retry_after = getattr(exc, "retry_after", None)
                if retry_after is not None:
                    if retry_after > self.policy.max_backoff_seconds:
                        exc.reason += f" (Retry-After {retry_after:g} s is longer than we wait)"
                        raise
                    wait = max(wait, retry_after)
                self._sleep(wait)
                attempt += 1

    def _follow(self, url: str, headers: dict, max_bytes: int | None, robots: bool = True) -> Response:
        hops: list[dict] = []
        seen = set()
        current = url
        while True:
            if current in seen:
                raise Refused(f"redirect loop: {current} was already visited", "redirect_loop",
                              hops=hops)
            seen.add(current)
            resp = self._hop(current, headers, max_bytes, robots, hops)
            hops.append({"url": current, "status": resp.status})
            location = resp.headers.get("location")
            if resp.status not in REDIRECTS or not location:
                resp.url, resp.hops = url, hops
                return resp
            if len(hops) > self.policy.max_redirects:
                raise Refused(f"more than {self.policy.max_redirects} redirects", "too_many_redirects",
                              hops=hops)
            current = urljoin(current, location.strip())

    def _hop(self, url: str, headers: dict, max_bytes: int | None, robots: bool, hops: list) -> Response:
        try:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            host = (parts.hostname or "").lower()
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError as exc:
            raise Refused(f"malformed URL ({exc})", "bad_url", hops=hops) from None
        if scheme not in ("http", "https"):
            raise Refused(f"scheme '{scheme or '(none)'}' is not http or https", "bad_scheme", hops=hops)
        if not host or any(c.isspace() or ord(c) < 32 for c in url):
            raise Refused("URL without a host, or with blanks or control characters", "bad_url", hops=hops)
        try:
            host = host.encode("idna").decode("ascii")  # an international name in its DNS form
        except UnicodeError:
            raise Refused(f"host name '{host}' cannot be written in IDNA", "bad_url", hops=hops) from None
        if parts.username or parts.password:
            raise Refused("URL with credentials in it", "bad_url", hops=hops)
        address = self._checked_address(host, port, hops)
        if robots and self.policy.robots and not self._robots_allow(scheme, host, port, url):
            cause = self._robots_unreachable.get(f"{scheme}://{host}:{port}")
            if cause:
                raise Refused(f"robots.txt of {host} is unreachable ({cause}; RFC 9309: nothing is fetched "
                              "until it answers)", "robots_unreachable", transient=True, hops=hops)
            raise Refused(f"disallowed by robots.txt of {host}", "robots_disallowed", hops=hops)
        self._wait_turn(host)
        # Non-ASCII characters percent-encoded (UTF-8), the ones already encoded left as they are.
        target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
        if parts.query:
            target += "?" + quote(parts.query, safe="=&%/:?@!$'()*+,;-._~")
        default_port = port == (443 if scheme == "https" else 80)
        named = f"[{host}]" if ":" in host else host  # an IPv6 literal keeps its brackets
        send = {"Host": named if default_port else f"{named}:{port}", "User-Agent": self.policy.user_agent,
                "Accept-Encoding": "gzip, deflate", **headers}
        return self._request(scheme, address, host, port, target, send, url, max_bytes, hops)

    def _checked_address(self, host: str, port: int, hops: list) -> str:
        try:
            addresses = self._resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise Refused(f"cannot resolve {host}: {exc}", "dns_failed", transient=True, hops=hops) from None
        if not addresses:
            raise Refused(f"{host} resolves to no address", "dns_failed", transient=True, hops=hops)
        host_allowed = host in self.policy.allow_hosts
        for text in addresses:
            ip = ipaddress.ip_address(text.split("%")[0])
            problem = address_problem(ip)
            if problem and not host_allowed and not any(ip in net for net in self.policy.allow_networks
                                                         if ip.version == net.version):
                raise Refused(f"{host} resolves to {ip}, {problem}: refused (not allow-listed)",
                              "private_address", hops=hops)
        return addresses[0]

    def _robots_allow(self, scheme: str, host: str, port: int, url: str) -> bool:
        origin = f"{scheme}://{host}:{port}"
        rules = self._robots.get(origin)
        if rules is None:
            rules = urllib.robotparser.RobotFileParser()
            try:
                resp = self._follow(origin + "/robots.txt", {}, 512 * 1024, robots=False)
            except Refused as exc:
                # RFC 9309: an unreachable robots.txt (5xx, timeout) means "disallow all" for now;
                # an unavailable one (4xx, or an answer we refuse to follow) means no restriction.
                # Documented API only: a robots.txt that disallows everything, or an empty one.
                rules.parse(["User-agent: *", "Disallow: /"] if exc.transient else [])
                if exc.transient:
                    self._robots_unreachable[origin] = exc.reason
            else:
                if 200 <= resp.status < 300:
                    rules.parse(resp.body.decode("utf-8", "replace").splitlines())
                else:
                    rules.parse([])  # no robots.txt: no restriction
            delay = rules.crawl_delay(ROBOTS_AGENT)
            if delay:
                self.set_interval(host, min(float(delay), self.policy.max_backoff_seconds))
            self._robots[origin] = rules
        return rules.can_fetch(ROBOTS_AGENT, url)

    def _wait_turn(self, host: str) -> None:
        interval = self._intervals.get(host, self.policy.rate_limit_seconds)
        last = self._last_request.get(host)
        if last is not None:
            wait = last + interval - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()

    def _request(self, scheme, address, host, port, target, headers, url, max_bytes, hops) -> Response:
        p = self.policy
        timeout = urllib3.Timeout(connect=p.connect_timeout, read=p.read_timeout)
        pool: urllib3.HTTPConnectionPool
        if scheme == "https":
            pool = urllib3.HTTPSConnectionPool(address, port, timeout=timeout, retries=False, maxsize=1,
                                               server_hostname=host, assert_hostname=host,
                                               cert_reqs="CERT_REQUIRED", ca_certs=p.ca_certs)
        else:
            pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False, maxsize=1)
        self.requests += 1
        started = self._clock()
        fetched_at = self.now()
        try:
            raw = pool.urlopen("GET", target, headers=headers, redirect=False, retries=False,
                               preload_content=False, decode_content=False, assert_same_host=False)
        except (urllib3.exceptions.TimeoutError, socket.timeout) as exc:
            raise Refused(f"timed out ({type(exc).__name__})", "timeout", transient=True, hops=hops) from None
        except urllib3.exceptions.SSLError as exc:
            # A certificate that does not verify or name the host will not do so on a retry.
            raise Refused(f"TLS certificate or handshake refused: {_short(exc)}", "tls_failed", hops=hops) from None
        except urllib3.exceptions.HTTPError as exc:
            raise Refused(f"connection failed: {_short(exc)}", "connection_failed", transient=True,
                          hops=hops) from None
        except (ValueError, UnicodeError) as exc:  # a request line or header http.client refuses
            raise Refused(f"request refused by the HTTP client: {_short(exc)}", "bad_url", hops=hops) from None
        try:
            status = raw.status
            header_map = {k.lower(): v for k, v in raw.headers.items()}
            if status in TRANSIENT_STATUS:
                refusal = Refused(f"HTTP {status}", "http_error", transient=True, status=status, hops=hops)
                refusal.retry_after = _retry_after(header_map.get("retry-after"))
                raise refusal
            if status >= 400:
                raise Refused(f"HTTP {status}", "http_error", status=status, hops=hops)
            body = b"" if status in REDIRECTS or status == 304 else self._read_capped(
                raw, header_map, max_bytes or p.max_bytes, started, hops)
        finally:
            raw.release_conn()
            pool.close()
        return Response(url=url, final_url=url, status=status, headers=header_map, body=body, hops=hops,
                        fetched_at=fetched_at)

    def _read_capped(self, raw, headers: dict, max_bytes: int, started: float, hops: list) -> bytes:
        """The decoded body, refused once the wire bytes pass `max_bytes`, the decoded bytes pass
        the decompression cap or the total deadline passes; never read whole into memory first."""
        p = self.policy
        try:
            declared = int(headers.get("content-length", "") or -1)
        except ValueError:
            declared = -1
        if declared > max_bytes:
            raise Refused(f"response too large (Content-Length {declared} > {max_bytes} bytes)", "too_large",
                          hops=hops)
        chunks, decoded = [], 0
        try:
            for chunk in raw.stream(64 * 1024, decode_content=True):
                decoded += len(chunk)
                if raw.tell() > max_bytes:
                    raise Refused(f"response too large (more than {max_bytes} bytes)", "too_large", hops=hops)
                if decoded > p.max_decompressed_bytes:
                    raise Refused(f"response decompresses to more than {p.max_decompressed_bytes} bytes",
                                  "decompression_bomb", hops=hops)
                if self._clock() - started > p.total_timeout:
                    raise Refused(f"response took longer than {p.total_timeout:g} s", "timeout",
                                  transient=True, hops=hops)
                chunks.append(chunk)
        except (urllib3.exceptions.TimeoutError, socket.timeout):
            raise Refused("timed out while reading the body", "timeout", transient=True, hops=hops) from None
        except urllib3.exceptions.DecodeError as exc:
            raise Refused(f"body cannot be decompressed: {_short(exc)}", "bad_encoding", hops=hops) from None
        except urllib3.exceptions.HTTPError as exc:
            raise Refused(f"connection broken while reading: {_short(exc)}", "connection_failed",
                          transient=True, hops=hops) from None
        return b"".join(chunks)


def _getaddrinfo(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:197] + "..."
