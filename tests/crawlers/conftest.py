"""Fixtures for the crawler tests: a real HTTP server on 127.0.0.1 serving canned routes."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (a server that hangs)
    etag: str | None = None  # sent, and answered with 304 when If-None-Match matches
    last_modified: str | None = None  # sent, and 304 when If-Modified-Since equals it


class LocalSite:
    """Routes by path (the query string is ignored but recorded in ``hits``)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        self.headers: list[tuple[str, dict[str, str]]] = []  # (path, request headers)
        self.port = 0

    def add(
        self,
        path: str,
        body: str | bytes,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(
            data, status, content_type, headers or {}, delay, etag, last_modified
        )
        return self.url(path)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def paths_hit(self) -> list[str]:
        return [hit.split("?", 1)[0] for hit in self.hits]


def _handler(site: LocalSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            site.hits.append(self.path)
            site.headers.append((self.path.split("?", 1)[0], dict(self.headers.items())))
            route = site.routes.get(self.path.split("?", 1)[0])
            if route is None:
                route = Route(b"<html><body>not found</body></html>", 404)
            if route.delay:
                time.sleep(route.delay)
            validators = {"ETag": route.etag, "Last-Modified": route.last_modified}
            if (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
            ):
                self.send_response(304)
                for name, value in validators.items():
                    if value:
                        self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            for name, value in [*route.headers.items(), *validators.items()]:
                if value:
                    self.send_header(name, value)
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep pytest output clean

    return Handler


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[int]:
    """An HTTP server on a free loopback port, in a thread, for the block; yields the port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _serve() -> Iterator[LocalSite]:
    site = LocalSite()
    with serving(_handler(site)) as port:
        site.port = port
        yield site


@pytest.fixture
def site() -> Iterator[LocalSite]:
    """A fresh local site for one test."""
    yield from _serve()


@pytest.fixture(scope="module")
def module_site() -> Iterator[LocalSite]:
    """A local site shared by the tests of one module (one crawl, many assertions)."""
    yield from _serve()
