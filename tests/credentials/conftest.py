"""Fixtures for the credential sources: a LocalOSS with one object, the loopback STS over HTTPS with a test CA
(trustme), the ECS metadata stand-in, and helpers that sign through the CLI and fetch the link."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
import trustme

from oss_share_tui import cli
from oss_share_tui.localoss.ecs_metadata import EcsMetadata
from oss_share_tui.localoss.server import LocalOSS
from oss_share_tui.localoss.sts import LocalSTS

REGION = "cn-hangzhou"
BUCKET = "cred-bucket"
KEY = "docs/hello.txt"
BODY = b"hello from localoss\n"
KEYS = {  # several long-term pairs, so each source can be told apart by the key id in its link
    "LTAIflags0000000001": "flags-secret-6f1c2a9e8d7b",
    "LTAIossenv000000002": "ossenv-secret-7a2b3c4d5e6f",
    "LTAIossutil00000003": "ossutil-secret-8b3c4d5e6f70",
    "LTAIalienv000000004": "alienv-secret-9c4d5e6f7081",
    "LTAIclijson00000005": "clijson-secret-ad5e6f708192",
    "LTAIcredini00000006": "credini-secret-be6f708192a3",
}
ROLE_ARN = "acs:ram::1234567890123456:role/oss-share-test"


@pytest.fixture(scope="session")
def test_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_file(test_ca, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ca") / "test-ca.pem"
    test_ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture
def oss(localoss_factory) -> LocalOSS:
    srv = localoss_factory(seed="empty", access_keys=KEYS)
    srv.store.create_bucket(BUCKET, REGION)
    srv.store.put_object(BUCKET, KEY, BODY, "text/plain")
    return srv


@pytest.fixture
def sts(oss, test_ca, ca_file, monkeypatch) -> Iterator[LocalSTS]:
    """AssumeRole on https://127.0.0.1:PORT with a certificate from the test CA.

    The library's HTTP layer (Tea) builds its TLS context with `ssl.create_default_context()` and then adds
    certifi's bundle; the default context loads OpenSSL's default verify paths, which honour SSL_CERT_FILE.
    So SSL_CERT_FILE=<test CA> is how the library is told to trust it (no code change, no verify=False).
    """
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    test_ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    with LocalSTS(oss, context) as server:
        yield server


@pytest.fixture
def metadata(oss) -> Iterator[EcsMetadata]:
    with EcsMetadata(oss) as server:
        yield server


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def payload(self) -> dict:
        return json.loads(self.out)


def sign(argv: list[str], env: Mapping[str, str] | None = None) -> Run:
    """`oss-share ARGV` in this process with `env` added (and stdout/stderr captured)."""
    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(list(argv))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return Run(code, out.getvalue(), err.getvalue())


def sign_subprocess(argv: list[str], env: Mapping[str, str]) -> Run:
    """`python -m oss_share_tui ARGV` in a fresh process (the library reads some env vars once, at import)."""
    full = {k: v for k, v in os.environ.items()}
    full.update(env)
    done = subprocess.run(
        [sys.executable, "-m", "oss_share_tui", *argv], capture_output=True, text=True, env=full, timeout=60
    )
    return Run(done.returncode, done.stdout, done.stderr)


def sign_args(oss: LocalOSS, *extra: str, timeout: str = "15m") -> list[str]:
    return [
        "sign",
        f"oss://{BUCKET}/{KEY}",
        "--json",
        "--timeout",
        timeout,
        "-e",
        oss.endpoint,
        "--region",
        REGION,
        "--no-history",
        *extra,
    ]


def fetch(url: str) -> tuple[int, bytes]:
    """GET the link straight from localoss (no proxy, whatever HTTP_PROXY says)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def key_id_of(url: str) -> str:
    """The access key id a link was signed with (V4: the first part of x-oss-credential)."""
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(url).query)
    return query["x-oss-credential"][0].split("/")[0]
