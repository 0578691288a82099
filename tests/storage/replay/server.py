"""A loopback replay server: answers each request with a canned OSS response read from `fixtures/`.

Each fixture is one file holding a whole HTTP response as OSS sent it in the source it names: `#` lines
naming the source first, then the status line, the headers, a blank line and the body, byte for byte.
The server keeps every request it got, so a test can check what the client sent back (tokens, markers).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class Fixture:
    """One canned response and where it came from."""

    name: str
    sources: tuple[str, ...]
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


def load(name: str) -> Fixture:
    """Read `fixtures/NAME.http`."""
    raw = (FIXTURES / f"{name}.http").read_bytes()
    sources: list[str] = []
    while raw.startswith(b"#"):
        line, _, raw = raw.partition(b"\n")
        sources.append(line[1:].decode().strip())
    head, _, body = raw.partition(b"\n\n")
    lines = head.decode().splitlines()
    status = int(lines[0].split()[1])
    headers = tuple((k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in lines[1:]))
    if not sources:
        raise AssertionError(f"fixture {name} names no source")
    return Fixture(name, tuple(sources), status, headers, body)


def all_fixtures() -> list[str]:
    """Every fixture's name."""
    return sorted(p.stem for p in FIXTURES.glob("*.http"))


@dataclass(frozen=True)
class Request:
    """What the client sent: method, path and the decoded query (a value of "" for a bare `?versions`)."""

    method: str
    path: str
    query: dict[str, str]


Route = Callable[[Request], Fixture]


@dataclass
class Replay:
    """The running server: set `route` (or call `answer`), read `requests`."""

    endpoint: str
    route: Route = lambda request: load("error-nosuchkey")  # noqa: E731 - a default that is plainly a stub
    requests: list[Request] = field(default_factory=list)

    def answer(self, *names: str) -> None:
        """Answer with these fixtures in turn (the last one again once they run out)."""
        queue = [load(n) for n in names]
        count = iter(range(10**9))

        def route(_request: Request) -> Fixture:
            return queue[min(next(count), len(queue) - 1)]

        self.route = route
        self.requests.clear()

    def by_query(self, param: str, pages: dict[str | None, str]) -> None:
        """Answer by the value the client sent for `param` (None: not sent or empty)."""
        loaded = {k: load(v) for k, v in pages.items()}

        def route(request: Request) -> Fixture:
            value = request.query.get(param) or None
            if value not in loaded:
                raise AssertionError(f"unexpected {param}={value!r}")
            return loaded[value]

        self.route = route
        self.requests.clear()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _reply(self) -> None:
        replay: Replay = self.server.replay  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        request = Request(self.command, parts.path, query)
        replay.requests.append(request)
        try:
            fixture = replay.route(request)
        except AssertionError as exc:
            self.send_error(599, str(exc))
            return
        self.send_response(fixture.status)
        for name, value in fixture.headers:
            if name.lower() not in ("content-length", "connection"):
                self.send_header(name, value)
        body = b"" if self.command == "HEAD" else fixture.body
        # A HEAD answer's Content-Length is the object's size (the fixture's own header), never a body's.
        declared = dict((k.lower(), v) for k, v in fixture.headers).get("content-length", "0")
        self.send_header("Content-Length", declared if self.command == "HEAD" else str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = _reply

    def log_message(self, *args: object) -> None:
        pass


def running() -> Iterator[Replay]:
    """Start a replay server on 127.0.0.1 (a generator for a pytest fixture)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    replay = Replay(endpoint=f"http://127.0.0.1:{server.server_address[1]}")
    server.replay = replay  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield replay
    finally:
        server.shutdown()
        server.server_close()
