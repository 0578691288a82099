"""Wire-level pieces: the threading HTTP server, strict percent-decoding, header values, key/host checks."""

from __future__ import annotations

import contextlib
import ipaddress
import re
import socket
import sys
import threading
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote_to_bytes

from oss_share_tui.localoss.errors import OssError, bad_request

_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def strict_unquote(text: str, plus: bool) -> str:
    """Percent-decode to UTF-8, refusing stray `%` and invalid UTF-8 (400 instead of a guess)."""
    if plus:
        text = text.replace("+", " ")
    if _BAD_PERCENT.search(text):
        raise bad_request("InvalidURI", "Couldn't parse the specified URI: bad percent-encoding.")
    try:
        return unquote_to_bytes(text).decode("utf-8")
    except UnicodeDecodeError:
        raise bad_request("InvalidURI", "Couldn't parse the specified URI: it is not valid UTF-8.") from None


def parse_query(raw: str) -> dict[str, str]:
    query: dict[str, str] = {}
    for part in raw.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        # The first occurrence wins, as for the signature.
        query.setdefault(strict_unquote(name, True), strict_unquote(value, True))
    return query


def header_value(value: str) -> str:
    """A header value http.server can write: CR/LF removed, non-latin-1 text sent as raw UTF-8 bytes."""
    value = value.replace("\r", " ").replace("\n", " ")
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        value = value.encode("utf-8").decode("latin-1")
    return value


def check_key(key: str) -> None:
    if len(key.encode("utf-8")) > 1023:
        raise OssError(400, "KeyTooLong", "Your key is too long.", [("Key", key[:64])])
    if key.startswith(("/", "\\")) or ".." in key.replace("\\", "/").split("/"):
        raise OssError(400, "InvalidObjectName", "The specified object is not valid.", [("Key", key)])


def is_ip(hostname: str) -> bool:
    try:
        ipaddress.ip_address(hostname.strip("[]"))
    except ValueError:
        return False
    return True


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


LINGER_SECONDS = 0.5
"""How long a closing connection waits for the client's last bytes (see `Server.shutdown_request`)."""
LINGER_BYTES = 1 << 20
"""How much of them it reads and drops at most."""


class Server(ThreadingHTTPServer):
    """ThreadingHTTPServer with daemon threads, Nagle off, and quiet about clients that hang up."""

    daemon_threads = True
    disable_nagle_algorithm = True
    request_queue_size = 128
    owner: Any
    """The LocalOSS that runs this server (its handler reads the store, faults and stats from it)."""

    def server_activate(self) -> None:
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().server_activate()

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:  # type: ignore[no-untyped-def]
        with self._open_lock:
            self._open.discard(request)
        # A lingering close, as real HTTP servers do: after an early answer (an oversized header section, a
        # refused upload) the client may still be sending. Closing with its bytes unread makes the kernel send
        # a reset, which can destroy our answer before the client reads it; so half-close, then drain a
        # little (bounded in bytes and time, in this connection's own thread).
        with contextlib.suppress(OSError):
            request.shutdown(socket.SHUT_WR)
            request.settimeout(LINGER_SECONDS)
            drained = 0
            while drained < LINGER_BYTES and (chunk := request.recv(65536)):
                drained += len(chunk)
        self.close_request(request)

    def cut_open_connections(self) -> None:
        """End every keep-alive connection still open, as a dying server would (their threads then exit)."""
        with self._open_lock:
            sockets = list(self._open)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError, socket.timeout)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class SideService:
    """A small loopback HTTP service beside localoss (the STS, the ECS metadata stand-in): started in a daemon
    thread on `host:port` (port 0 picks a free one), stopped with `stop()` or as a context manager.

    A subclass sets `self.host`, `self.port = 0` and `self._httpd = None`, and gives its handler class."""

    host: str
    port: int
    _httpd: ThreadingHTTPServer | None

    def _handler(self) -> type:
        """The request handler class, bound to this service."""
        raise NotImplementedError

    def _prepare(self, httpd: ThreadingHTTPServer) -> None:
        """Change the server before it serves (e.g. wrap its socket in TLS)."""

    def start(self) -> Any:
        httpd = ThreadingHTTPServer((self.host, self.port), self._handler())
        httpd.daemon_threads = True
        self._prepare(httpd)
        self.port = httpd.server_address[1]
        self._httpd = httpd
        threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True,
                         name=f"{type(self).__name__}:{self.port}").start()
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()

    def __enter__(self) -> Any:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
