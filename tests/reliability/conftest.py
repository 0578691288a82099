"""Reliability-suite helpers: an in-process `oss-share` runner that works inside hypothesis examples, and
a localoss with a long-lived key pair plus an STS key/token pair (distinctive values, searched for in
output)."""

from __future__ import annotations

import contextlib
import io
import os
import socket
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest

from oss_share_tui import cli
from oss_share_tui.localoss.server import LocalOSS

REGION = "cn-hangzhou"
AK = "LTAI5tReliabilityKey"
SK = "rel-SECRET-9f3c1d7e-never-print-me"
STS_AK = "STS.NReliabilityTempKey"
STS_SK = "sts-SECRET-5b2a8e41-never-print-me"
STS_TOKEN = "CAIS-reliability-TOKEN-0c6f2b9a7d4e1f38"
"""Values long and odd enough that finding one in any output cannot be a coincidence."""


def examples(default: int) -> int:
    """Hypothesis examples per property: bounded by default (the suite must stay fast); set REL_EXAMPLES=N
    in the environment for a deeper bug hunt."""
    return int(os.environ.get("REL_EXAMPLES", default))


@dataclass
class Run:
    """One finished in-process run of `oss-share`."""

    code: int
    out: str
    err: str


def run_cli(argv: list[str], env: Mapping[str, str] | None = None) -> Run:
    """`cli.main(argv)` with stdout/stderr captured and `env` set for the call.

    Not a fixture: hypothesis runs many examples in one test, and function-scoped fixtures (capsys,
    monkeypatch) are not reset between them.
    """
    out, err = io.StringIO(), io.StringIO()
    patch = {k: v for k, v in (env or {}).items()}
    with mock.patch.dict(os.environ, patch), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return Run(code, out.getvalue(), err.getvalue())


def cli_env(server: LocalOSS, *, sts: bool = False, region: str = REGION) -> dict[str, str]:
    """The OSS_* variables for `server`: the long-lived pair, or the STS pair with its token."""
    env = {"OSS_ENDPOINT": server.endpoint, "OSS_REGION": region}
    if sts:
        env.update(OSS_ACCESS_KEY_ID=STS_AK, OSS_ACCESS_KEY_SECRET=STS_SK, OSS_SESSION_TOKEN=STS_TOKEN)
    else:
        env.update(OSS_ACCESS_KEY_ID=AK, OSS_ACCESS_KEY_SECRET=SK, OSS_SESSION_TOKEN="")
    return env


def new_server(**kwargs) -> LocalOSS:
    """An unstarted empty localoss that knows AK/SK and the STS triple."""
    kwargs.setdefault("seed", "empty")
    return LocalOSS(access_keys={AK: SK}, sts_credentials={STS_AK: (STS_SK, STS_TOKEN)}, **kwargs)


@pytest.fixture(scope="module")
def rel_server() -> Iterator[LocalOSS]:
    """One empty localoss per module with the reliability keys; tests make their own buckets in it."""
    with new_server() as srv:
        yield srv


class Canned:
    """What the fake endpoint answers next: a body, optionally with a Content-Length that lies."""

    body: bytes = b""
    length: int | None = None
    status: int = 200


class _CannedHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        canned: Canned = self.server.canned  # type: ignore[attr-defined]
        self.send_response(canned.status)
        self.send_header("Content-Type", "application/xml")
        self.send_header("x-oss-request-id", "5C3D9175B6FC201293AD4890")
        length = canned.length if canned.length is not None else len(canned.body)
        self.send_header("Content-Length", str(length))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(canned.body)
        self.wfile.flush()
        self.close_connection = True
        if canned.length is not None:
            self.connection.shutdown(socket.SHUT_RDWR)

    do_HEAD = do_PUT = do_DELETE = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def fake_oss() -> Iterator[tuple[ThreadingHTTPServer, Canned]]:
    """A stdlib HTTP server on 127.0.0.1 that answers every request with `Canned` (set its fields): for
    answers localoss would never give (garbled listings, hostile error text)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CannedHandler)
    server.daemon_threads = True
    canned = Canned()
    server.canned = canned  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, canned
    server.shutdown()
    server.server_close()
