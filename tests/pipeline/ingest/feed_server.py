"""A local news site for the feed tests: an HTTP server on 127.0.0.1 (a thread of the test
process) serving a feed, article pages and hostile answers. Nothing here touches the internet."""
from __future__ import annotations

import gzip
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PARAGRAPH = ("Local officials said the convoy was stopped at the checkpoint north of the town on "
             "Tuesday morning, and that the road stayed closed for several hours while the army "
             "searched the surrounding fields. Residents described long queues of cars and trucks.")

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>&lol4;</title>
<item><title>&lol4;</title><link>http://127.0.0.1/none</link></item></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0"><channel><title>feed</title>
<item><title>&xxe;</title><link>http://127.0.0.1/none</link></item></channel></rss>"""


def page(title: str, body: str, date: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<!DOCTYPE html><html><head><title>{title}</title>{meta}</head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
            "<footer>Copyright</footer></body></html>").encode()


def rss(items: list[dict]) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>',
           "<title>Local News</title><link>http://127.0.0.1/</link><description>news</description>"]
    for it in items:
        out.append("<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in it.items()) + "</item>")
    out.append("</channel></rss>")
    return "".join(out).encode()


class Site:
    """Routes: path -> (status, headers, body) or a callable(handler) for special answers."""

    def __init__(self, tls: tuple[str, str] | None = None):
        self.routes: dict[str, object] = {}
        self.log: list[tuple[str, dict]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        if tls:  # (certificate, key) files: serve HTTPS
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def requested(self, path: str) -> int:
        return sum(1 for p, _ in self.log if p == path)


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            site.log.append((self.path, dict(self.headers)))
            route = site.routes.get(self.path)
            if route is None:
                return self._send(404, {}, b"not found")
            if callable(route):
                return route(self)
            status, headers, body = route
            etag = headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                return self._send(304, {"ETag": etag}, b"")
            modified = headers.get("Last-Modified")
            if modified and self.headers.get("If-Modified-Since") == modified:
                return self._send(304, {}, b"")
            self._send(status, headers, body)

        def _send(self, status, headers, body):
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

    return Handler


def slow(seconds: float):
    def answer(handler):
        time.sleep(seconds)
        try:
            handler._send(200, {"Content-Type": "text/html"}, page("Late", PARAGRAPH))
        except OSError:
            pass  # the client gave up, as it should
    return answer


def gzip_bomb(size: int):
    body = gzip.compress(b"\0" * size, 9)

    def answer(handler):
        handler._send(200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, body)
    return answer


def no_length(body: bytes):
    """A body sent without Content-Length (the cap must be enforced while streaming)."""
    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            handler.wfile.write(body)
        except OSError:
            pass
        handler.close_connection = True
    return answer
